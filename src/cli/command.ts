/** One `model-lens <name>` subcommand: its help text and its run function, which returns the exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  help: string;
  run(argv: string[], context: { signal: AbortSignal }): Promise<number>;
}

/** Exit codes shared by every command: 0 ok, 1 a check failed (e.g. drift detected), 2 bad input. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
