import { OutputFile } from '../core/io/outputFile';
import { oneLine } from '../core/io/sanitize';
import { prepareTempWatch } from '../core/io/tempReaper';

const withNewline = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);

/**
 * The checked --out target (undefined: stdout). Call it before the work, so a bad --out fails at once; it also
 * starts the temporary file's watcher then, while the process is small (tempReaper.ts).
 */
export function checkOutput(out: string | undefined, inputs: readonly string[]): OutputFile | undefined {
  if (out === undefined) return undefined;
  const file = OutputFile.prepare(out, { inputs, label: `--out ${out}` });
  prepareTempWatch();
  return file;
}

/**
 * Write a report to --out F (atomically, never over an input, see core/io/outputFile.ts), or stdout.
 * Throws InputError 'BAD_OUTPUT' (exit 2) for a target that cannot be written.
 */
export function emit(text: string, out: string | undefined, inputs: readonly string[]): void {
  if (out === undefined) {
    process.stdout.write(withNewline(text));
    return;
  }
  checkOutput(out, inputs)!.writeAllSync(withNewline(text));
}

/** A message line on stderr: made safe for a terminal (control characters shown as escapes) and kept on one line. */
export function stderrLine(text: string): void {
  process.stderr.write(`${oneLine(text)}\n`);
}

/** A progress line on stderr, only when stderr is a terminal (so pipes and CI logs stay clean). */
export function progressReporter(label: string): ((fraction: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = -1;
  return (f) => {
    const pct = Math.round(f * 100);
    if (pct === last) return;
    last = pct;
    process.stderr.write(`\r${label} ${pct}%${pct >= 100 ? '\n' : ''}`);
  };
}
