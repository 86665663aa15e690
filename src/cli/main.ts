import { CancelledError, InputError } from '../core/errors';
import { describeLimitError } from '../core/io/engineLimits';
import { oneLine, sanitizeMessage } from '../core/io/sanitize';
import { mapBundleStack } from './bundleStack';
import { EXIT_BAD_INPUT, type CliCommand } from './command';
import { profileCommand } from './commands/profile';
import { driftCommand } from './commands/drift';
import { validateCommand } from './commands/validate';
import { predictCommand } from './commands/predict';
import { explainCommand } from './commands/explain';
import { biasCommand } from './commands/bias';
import { abtestCommand } from './commands/abtest';
import { baselineCommand } from './commands/baseline';
import { checkCommand } from './commands/check';
import { diffCommand } from './commands/diff';
import { healthCommand } from './commands/health';
import { cardCommand } from './commands/card';
import { evaluateCommand } from './commands/evaluate';
import { historyCommand } from './commands/history';
import { mergeCommand } from './commands/merge';

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [profileCommand, driftCommand, validateCommand, predictCommand, explainCommand, biasCommand, baselineCommand, healthCommand, diffCommand, abtestCommand, checkCommand, evaluateCommand, historyCommand, cardCommand, mergeCommand];

const VERSION = '0.1.0';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: model-lens <command> [options]

Inspect ML datasets and models locally. Nothing leaves the machine.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run 'model-lens <command> --help' for a command's options.
Options: -h, --help  show this help;  --version  print the version.
Exit codes: 0 success, 1 a check failed, 2 bad input.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`model-lens: unknown command '${oneLine(name)}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}. Run 'model-lens --help'.\n`);
    return EXIT_BAD_INPUT;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await command.run(rest, { signal: controller.signal });
  } catch (caught) {
    // Engine limits (out of memory …) are problems of the input's size, said with the option that helps: exit 2.
    const e = describeLimitError(caught, 'cli') ?? caught;
    if (e instanceof InputError) {
      // Messages may already start with the command's name ('drift: …'); say it once.
      const message = e.message.startsWith(`${name}: `) ? e.message.slice(name.length + 2) : e.message;
      process.stderr.write(`model-lens ${oneLine(name)}: ${oneLine(message)}\n`);
      return EXIT_BAD_INPUT;
    }
    if (e instanceof CancelledError) {
      process.stderr.write(`model-lens ${name}: cancelled\n`);
      return 130;
    }
    const text = e instanceof Error ? (e.stack ? mapBundleStack(e.stack, __filename) : e.message) : String(e);
    process.stderr.write(`model-lens ${oneLine(name)}: internal error: ${sanitizeMessage(text)}\n`);
    return 3;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
