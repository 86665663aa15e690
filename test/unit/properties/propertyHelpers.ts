import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Parameters } from 'fast-check';
import { CancelledError, InputError } from '../../../src/core/errors';

/**
 * Property-based tests of every reader (issue 17, "Beyond the list"). Seeds are fixed, so a run is reproducible;
 * each property is time-boxed (PROPERTY_MS, about 5 s; `MODEL_LENS_PROPERTY_MS=60000 npm run test:unit -- -g
 * property` searches longer). Counterexamples are kept under test/fixtures/properties/<reader>/ and replayed by
 * every run (`replay`); one that shows a defect owned elsewhere is named `pending-<defect>.*` and skipped with
 * that reason until its fix lands.
 */
export const PROPERTY_MS = Number(process.env['MODEL_LENS_PROPERTY_MS'] ?? 5000);
export const SEED = Number(process.env['MODEL_LENS_PROPERTY_SEED'] ?? 20261205);

export function params<T>(ms = PROPERTY_MS, numRuns = 100000): Parameters<T> {
  return { seed: SEED, numRuns, interruptAfterTimeLimit: ms, markInterruptAsFailure: false, endOnFailure: true };
}

export const FIXTURES = join(__dirname, '../../fixtures/properties');

export const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * The reader's contract: it returns, or throws an InputError (exit 2) whose message names `file`. Anything else —
 * a TypeError, a RangeError, an engine error that is no InputError — would be "internal error", exit 3.
 */
export function assertInputErrorOrOk(e: unknown, file?: string): void {
  if (e === undefined || e instanceof CancelledError) return;
  if (!(e instanceof InputError)) throw new Error(`not an InputError (would be exit 3): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  if (file !== undefined) assert.ok(e.message.includes(basename(file)), `the message names ${basename(file)}: ${e.message}`);
}

export async function outcome(run: () => unknown): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (e) {
    return e;
  }
}

/** Every kept counterexample of `reader` (file name → bytes); pending ones are returned with their reason. */
export function fixtures(reader: string): { name: string; path: string; pending?: string }[] {
  const dir = join(FIXTURES, reader);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.endsWith('.md'))
    .sort()
    .map((name) => {
      const pending = /^pending-([a-z0-9-]+)\./.exec(name)?.[1];
      return { name, path: join(dir, name), ...(pending ? { pending: pending.replace(/-/g, ' ') } : {}) };
    });
}

/** Keep a counterexample found by a longer search (used by hand when a property fails). */
export function keep(reader: string, name: string, bytes: string | Uint8Array): void {
  mkdirSync(join(FIXTURES, reader), { recursive: true });
  writeFileSync(join(FIXTURES, reader, name), bytes);
}
