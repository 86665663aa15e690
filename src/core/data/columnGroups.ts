import type { Engine, RunOptions } from './engine';
import { engineMemoryBytes } from './engineMemory';

/**
 * Columns one query may convert at a time when it reads every value of a wide file's view: a quarter of the
 * memory limit over the values of one chunk (2,048 rows, ~32 bytes a value while converting) per thread. All
 * 10,000 columns of a 10,000 × 10k CSV in one read ran out of memory at 1 GB; 3,000 fit.
 */
export async function convertGroupColumns(engine: Engine, options: RunOptions, atLeast = 64): Promise<number> {
  const threads = Number((await engine.run(`SELECT current_setting('threads')::BIGINT AS t`, options))[0]?.['t'] ?? 1);
  return Math.max(atLeast, Math.floor((0.25 * (await engineMemoryBytes(engine, options))) / (Math.max(1, threads) * 2048 * 32)));
}

/** `xs` in consecutive groups of `size` (one empty group for no items). */
export function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out.length ? out : [[]];
}

/**
 * Columns per conversion group of a wide CSV view (the load's reads and the profile's temporary Parquet files):
 * the reader's group above, and no more than the Parquet writer's buffers fit in half the memory limit (measured:
 * 488 columns at a 128 MB limit ran out of memory, ~250 KiB each).
 */
export async function conversionGroupColumns(engine: Engine, options: RunOptions, atLeast = 64): Promise<number> {
  const byWriter = Math.max(16, Math.floor((0.5 * (await engineMemoryBytes(engine, options))) / WRITER_BYTES_PER_COLUMN));
  return Math.min(await convertGroupColumns(engine, options, atLeast), byWriter);
}

const WRITER_BYTES_PER_COLUMN = 512 * 1024;
