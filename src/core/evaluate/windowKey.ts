/**
 * Time windows as a key per row, so every per-window figure comes from one grouped pass over the rows instead
 * of one filtered query per window. The windows themselves (which periods or chunks exist, their bounds and
 * sizes) are drift's (src/core/drift/windows.ts: parseWindow / timeWindows), so "week 3" is the same rows in
 * a drift-over-time report and in an evaluation over time. This module only adds the key expression; it is
 * the piece to merge with drift-over-time's own grouped pass.
 *
 * - day / week / month: the key is the row's time in epoch seconds (of t::TIMESTAMP, as drift truncates it),
 *   placed in its window by a binary search over the windows' bounds (cheaper per row than date_trunc in SQL).
 * - N chunks: drift numbers the rows in a table (`base`); the key is the chunk index from its row-number ranges.
 */
import type { ColumnInfo } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { parseWindow, timeWindows, type TimeWindow } from '../drift/windows';
import { duckdbDialect, renderExpr, renderSource } from '../plan';

export interface KeyedWindows {
  /** The relation to scan (the dataset, or drift's numbered copy for chunks; rows without a time are not in it for chunks). */
  base: string;
  /** SQL giving each row of `base` its window key (NULL when the row has no time). */
  keyExpr: string;
  windows: TimeWindow[];
  /** Window index of a key read from keyExpr, or −1. */
  indexOf(key: number): number;
  rowsWithoutTime: number;
  release(): Promise<void>;
}

export async function keyedWindows(engine: Engine, ds: { path: string; relation: string; columns: ColumnInfo[] }, timeColumn: string, window: string, options: RunOptions = {}): Promise<KeyedWindows> {
  const spec = parseWindow(window);
  const w = await timeWindows(engine, ds, timeColumn, spec, options);
  if ('unit' in spec) {
    const starts = Float64Array.from(w.windows, (x) => Date.parse(`${x.start}Z`) / 1000);
    const ends = Float64Array.from(w.windows, (x) => Date.parse(`${x.end}Z`) / 1000);
    return {
      base: renderSource(w.base, duckdbDialect),
      keyExpr: `epoch(${quoteIdent(timeColumn)}::TIMESTAMP)`,
      windows: w.windows,
      indexOf: cachedWindowOf(starts, ends),
      rowsWithoutTime: w.rowsWithoutTime,
      release: () => w.release(),
    };
  }
  // Chunks: drift's window key is the chunk index (as text) from the numbered table's row number.
  return {
    base: renderSource(w.base, duckdbDialect),
    keyExpr: `(${renderExpr(w.key, duckdbDialect)})::BIGINT`,
    windows: w.windows,
    indexOf: (k) => (Number.isInteger(k) && k >= 0 && k < w.windows.length ? k : -1),
    rowsWithoutTime: w.rowsWithoutTime,
    release: () => w.release(),
  };
}

/** The window [start, end) holding time t (epoch seconds), or −1 (a gap: periods without rows are not windows). */
export function windowOf(starts: Float64Array, ends: Float64Array, t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  if (!(t >= starts[0]!)) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return t < ends[lo]! ? lo : -1;
}

/**
 * windowOf that first tries the window of the previous call: rows mostly come in time order, so most lookups
 * are one comparison instead of a binary search. Same answers as windowOf when the windows are ordered and do
 * not overlap (calendar periods; otherwise every call searches).
 */
export function cachedWindowOf(starts: Float64Array, ends: Float64Array): (t: number) => number {
  let ordered = true;
  for (let k = 0; k < starts.length; k++) if (!(starts[k]! < ends[k]!) || (k > 0 && !(ends[k - 1]! <= starts[k]!))) ordered = false;
  if (!ordered || starts.length === 0) return (t) => windowOf(starts, ends, t);
  let last = 0;
  return (t) => {
    if (t >= starts[last]! && t < ends[last]!) return last;
    const w = windowOf(starts, ends, t);
    if (w >= 0) last = w;
    return w;
  };
}
