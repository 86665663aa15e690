import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../core/errors';

/** Write a report to --out F, or stdout. The input dataset is never a valid output path. */
export function emit(text: string, out: string | undefined, inputs: string[]): void {
  if (out === undefined) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  const target = resolve(out);
  if (inputs.some((i) => resolve(i) === target)) {
    throw new InputError('BAD_ARGUMENT', `--out ${out} is one of the input files; refusing to overwrite it. Choose another output path.`);
  }
  writeFileSync(target, text.endsWith('\n') ? text : `${text}\n`);
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
