import type { Engine, RunOptions } from '../data/engine';
import { mapLimit } from '../data/mapLimit';
import type { PlanExecutor } from '../plan/executor';
import { asExecutor } from '../plan/target';
import { bucketsToRead, GridMismatchError } from './bucketCollector';
import type { DriftSide } from './driftSide';
import { bucketSteps } from './gridDistance';
import { scanBucketValues } from './gridScan';
import { distinctBound, queryBucketRuns, sortedBuckets, withRuns, type BucketRuns } from './bucketRuns';
import { gridCount, type NumericGrid } from './numericGrid';

/** One column's grids and the buckets its test asked for. */
export interface GridColumn {
  column: string;
  r: NumericGrid;
  c: NumericGrid;
  buckets: readonly number[];
}

/**
 * What was read for one column: both sides' bucket values (sorted, as runs where DuckDB grouped them), or (huge
 * sides) the buckets already integrated, or nothing (no bucket to read, or a column given as undefined).
 */
export type ColumnValues = readonly [BucketRuns, BucketRuns] | Map<number, number> | undefined;

/**
 * Values of one column's ambiguous buckets read at once, both sides together (~64 MB, twice while DuckDB hands
 * them over). An object so that tests can lower it (and count the batches read in batches).
 */
export const bucketBatchLimit = { values: 8 * 2 ** 20, batchesRead: 0 };

/**
 * Columns whose ambiguous buckets one streamed pass per side reads at most, and the most rows of both sides
 * together for which they are grouped at all: a pass streams every row of its columns, a filtered statement
 * only the wanted values, so large sides keep one statement per column (10M vs 10M Parquet grouped: CPU
 * 43.2 / 50.6 s against 41.0 / 46.0 s, 7 Dec 00:14 UTC, load 4.3–4.6). An object so that tests can lower it.
 */
export const bucketGroupLimit = { columns: 64, rows: 4_000_000 };

/**
 * Bucket values held at once (both sides): columns are read in slices of at most this many values, and each
 * slice is handed to the caller (who runs the columns' tests) and dropped before the next is read. Drift of two
 * 10,000 × 10k CSV files read the values of all 6,000 numeric columns first: 120M doubles in 15M small arrays,
 * ~1.5 GB of JavaScript memory. A slice is never cut inside a group of columns read in one pass. `slices` and
 * `peak` (the most values held at once) are for tests and traces. An object so that tests can lower it.
 */
export const gridSliceLimit = { values: 8 * 2 ** 20, slices: 0, peak: 0 };

/** Values of ambiguous buckets read again by compareSides (both sides), for tests and traces. */
export const readStats = { values: 0 };

export function valuesToRead(g: NumericGrid, buckets: readonly number[]): number {
  let n = 0;
  for (const b of bucketsToRead(g, buckets)) n += gridCount(g, b);
  return n;
}

/**
 * Reads the ambiguous buckets' values of `cols` (undefined: nothing to read) and hands each column's to
 * `consume` (with its index), slice by slice (gridSliceLimit), every column exactly once, in column order
 * within a slice. Columns whose values fit one batch are read in groups: one streamed pass per side and group
 * over just those columns, every value placed by BucketCollector in JavaScript (scanBucketValues). One filtered
 * statement per column and side cost more: 1,000 × 100k Parquet, 187 statements 9.2 CPU-s against 4 passes
 * 2.1 CPU-s (and DuckDB filtering 64 columns in one statement, 7.5 CPU-s). A group whose counts disagree with
 * its grids (the data changed between two reads) is read column by column, as are the others: DuckDB filters
 * each column's wanted values (two columns at a time, both sides at once), and a column whose SQL bucket counts
 * disagree with its grid is read again through JavaScript instead.
 */
export async function readGridValues(engine: Engine | PlanExecutor, ref: DriftSide, cur: DriftSide, cols: readonly (GridColumn | undefined)[], options: RunOptions, consume: (k: number, values: ColumnValues) => void): Promise<void> {
  const grouping = asExecutor(engine).fast.streamDoubles !== undefined && ref.rows + cur.rows <= bucketGroupLimit.rows;
  const groups = grouping ? valueGroups(cols) : [];
  const groupOf = new Map(groups.flatMap((g) => g.map((k): [number, number[]] => [k, g])));
  // Values each column holds once read, computed once.
  const held = cols.map((x, k) => (x ? valuesHeld(x, groupOf.has(k)) : 0));
  // Read units in column order (a group at its first column), then slices of units.
  const slices: number[][] = [];
  let size = Infinity;
  for (let k = 0; k < cols.length; k++) {
    const group = groupOf.get(k);
    if (group && group[0] !== k) continue;
    const unit = group ?? [k];
    const n = unit.reduce((s, j) => s + held[j]!, 0);
    if (size + n > gridSliceLimit.values) {
      slices.push([]);
      size = 0;
    }
    slices.at(-1)!.push(...unit);
    size += n;
  }
  // Each column is forgotten once consumed (the caller may then drop its grids).
  const pending = [...cols];
  for (const slice of slices) {
    gridSliceLimit.slices++;
    gridSliceLimit.peak = Math.max(gridSliceLimit.peak, slice.reduce((s, k) => s + held[k]!, 0));
    const inSlice = new Set(slice);
    const got = new Map<number, ColumnValues>();
    for (const group of groups.filter((g) => inSlice.has(g[0]!))) {
      const read = await readGroup(engine, ref, cur, group.map((k) => pending[k]!), options);
      if (read) group.forEach((k, j) => got.set(k, read[j]));
    }
    const rest = slice.filter((k) => !got.has(k)).sort((a, b) => a - b);
    const values = await mapLimit(rest, 2, (k) => readColumn(engine, ref, cur, pending[k], options));
    rest.forEach((k, j) => got.set(k, values[j]));
    for (const k of [...slice].sort((a, b) => a - b)) {
      consume(k, got.get(k));
      pending[k] = undefined;
    }
  }
}

/**
 * The doubles a column's read holds (gridSliceLimit counts them): its values, a huge column's at most one batch;
 * read on its own (not in a group) where DuckDB groups its buckets (fewDistinct), its runs, a value and a count
 * each: 10M vs 10M Parquet, five columns of ~5M values in ~0.1M runs each went one column per slice, two
 * statements at a time on one core.
 */
export function valuesHeld(x: GridColumn, inGroup: boolean): number {
  const values = valuesToRead(x.r, x.buckets) + valuesToRead(x.c, x.buckets);
  return Math.min(values, inGroup ? Infinity : 2 * runsToRead(x.r, x.c, x.buckets), bucketBatchLimit.values);
}

/** Groups (of two or more columns, at most bucketBatchLimit values and bucketGroupLimit columns) read in one pass per side. */
function valueGroups(cols: readonly (GridColumn | undefined)[]): number[][] {
  const groups: number[][] = [];
  let size = Infinity;
  for (const [k, x] of cols.entries()) {
    if (!x) continue;
    const n = valuesToRead(x.r, x.buckets) + valuesToRead(x.c, x.buckets);
    if ((!bucketsToRead(x.r, x.buckets).length && !bucketsToRead(x.c, x.buckets).length) || n > bucketBatchLimit.values) continue;
    if (size + n > bucketBatchLimit.values || groups.at(-1)!.length >= bucketGroupLimit.columns) {
      groups.push([]);
      size = 0;
    }
    groups.at(-1)!.push(k);
    size += n;
  }
  return groups.filter((g) => g.length > 1);
}

/** One group's values (one streamed pass per side), or undefined when they disagree with the grids. */
async function readGroup(engine: Engine | PlanExecutor, ref: DriftSide, cur: DriftSide, group: readonly GridColumn[], options: RunOptions): Promise<ColumnValues[] | undefined> {
  const wanted = (side: 'r' | 'c') => group.map((x) => ({ column: x.column, grid: x[side], buckets: bucketsToRead(x[side], x.buckets) }));
  const [rw, cw] = [wanted('r'), wanted('c')];
  // Only a group whose values disagree with its grids falls back; any other failure (cancel, I/O) is the run's.
  const read = await Promise.all([scanBucketValues(engine, ref.source, rw, options), scanBucketValues(engine, cur.source, cw, options)]).catch((e: unknown) => {
    if (e instanceof GridMismatchError) return undefined;
    throw e;
  });
  if (!read) return undefined;
  return group.map((_x, j) => {
    readStats.values += valuesToRead(rw[j]!.grid, rw[j]!.buckets) + valuesToRead(cw[j]!.grid, cw[j]!.buckets);
    return [{ values: sortedBuckets(read[0][j]!) }, { values: sortedBuckets(read[1][j]!) }] as const;
  });
}

/** One column's values (filtered by DuckDB), or its buckets integrated batch by batch on huge sides. */
async function readColumn(engine: Engine | PlanExecutor, ref: DriftSide, cur: DriftSide, x: GridColumn | undefined, options: RunOptions): Promise<ColumnValues> {
  if (!x) return undefined;
  const { column, r, c, buckets } = x;
  const read = async (batch: readonly number[]) => {
    const rb = bucketsToRead(r, batch);
    const cb = bucketsToRead(c, batch);
    const [rv, cv] = await Promise.all([queryBucketRuns(engine, ref.source, column, r, rb, options), queryBucketRuns(engine, cur.source, column, c, cb, options)]);
    readStats.values += valuesToRead(r, rb) + valuesToRead(c, cb);
    if (rv && cv) return [rv, cv] as const;
    const [[rs], [cs]] = await Promise.all([
      scanBucketValues(engine, ref.source, [{ column, grid: r, buckets: rb }], options),
      scanBucketValues(engine, cur.source, [{ column, grid: c, buckets: cb }], options),
    ]);
    return [{ values: sortedBuckets(rs!) }, { values: sortedBuckets(cs!) }] as const;
  };
  if (!bucketsToRead(r, buckets).length && !bucketsToRead(c, buckets).length) return undefined;
  if (valuesToRead(r, buckets) + valuesToRead(c, buckets) <= bucketBatchLimit.values || runsToRead(r, c, buckets) <= bucketBatchLimit.values) return read(buckets);
  // Huge sides (100M rows: most buckets ambiguous on an undrifted column): the buckets in batches of at most
  // bucketBatchLimit values, each batch integrated (bucketSteps, the same numbers) and its values dropped. Not
  // where both sides' runs fit (each batch one more read of the column: 10M vs 10M Parquet, 8.9M values in 141k
  // runs, 19.8-22.6 -> 18.8-21.8 CPU-s).
  const steps = new Map<number, number>();
  for (const batch of bucketBatches(r, c, buckets)) {
    const [rv, cv] = await read(batch);
    bucketBatchLimit.batchesRead++;
    for (const [b, v] of bucketSteps(withRuns(r, rv), withRuns(c, cv), new Set(batch))) steps.set(b, v);
  }
  return steps;
}

/** Distinct values (runs) both sides' buckets hold at most where DuckDB groups them (fewDistinct), else Infinity. */
function runsToRead(r: NumericGrid, c: NumericGrid, buckets: readonly number[]): number {
  const bound = (g: NumericGrid) => {
    const wanted = bucketsToRead(g, buckets);
    return wanted.length ? distinctBound(g, wanted) ?? Infinity : 0;
  };
  return bound(r) + bound(c);
}

/** Consecutive runs of `buckets` (ascending) holding at most bucketBatchLimit values on both sides (or one bucket). */
function bucketBatches(r: NumericGrid, c: NumericGrid, buckets: readonly number[]): number[][] {
  const out: number[][] = [];
  let batch: number[] = [];
  let size = 0;
  for (const b of buckets) {
    const n = gridCount(r, b) + gridCount(c, b);
    if (batch.length && size + n > bucketBatchLimit.values) {
      out.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(b);
    size += n;
  }
  if (batch.length) out.push(batch);
  return out;
}
