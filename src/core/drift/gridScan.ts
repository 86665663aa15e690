import type { Engine, RunOptions } from '../data/engine';
import { cast, col, finiteOrNull, gridBucket as gridBucketExpr, hash, isFinite, notNull } from '../plan/expr';
import type { PlanExecutor } from '../plan/executor';
import type { PlanRow, Source } from '../plan/plan';
import { asExecutor, toSource } from '../plan/target';
import { bucketValuesByPlan, gridByPlan } from './gridPlan';
import { GridBuilder, gridBucket, gridCount, type NumericGrid } from './numericGrid';
import { BucketCollector } from './bucketCollector';
import { expandRuns, queryBucketRuns } from './bucketRuns';
import { groupFileScan } from '../data/groupFileView';

/** A column to summarise and the grid to summarise it on. */
export interface GridSpec {
  column: string;
  lo: number;
  hi: number;
  bins: number;
}

/**
 * Grids of several numeric columns of one side in a single streamed pass (the executor's streamDoubles fast
 * path): the values go through JavaScript chunk by chunk and are never held, so memory is the grids' (5
 * doubles per bucket). Executors without the fast path run the plain GROUP BY plans (gridPlan.ts) instead.
 */
export async function scanGrids(engine: Engine | PlanExecutor, from: Source | string, specs: readonly GridSpec[], options: RunOptions = {}): Promise<NumericGrid[]> {
  const exec = asExecutor(engine);
  const source = toSource(from);
  const stream = exec.fast.streamDoubles;
  if (!stream) return Promise.all(specs.map((s) => gridByPlan(exec, source, s.column, s, options)));
  if (specs.length > gridStreamLimit.columns) {
    // One part after the other; the grids come back in specs' order.
    const out = new Array<NumericGrid>(specs.length);
    for (const part of streamParts(exec.capabilities?.embedded?.db, source, specs)) {
      const grids = await scanGrids(exec, part.source, part.specs.map((k) => specs[k]!), options);
      part.specs.forEach((k, j) => (out[k] = grids[j]!));
    }
    return out;
  }
  const builders = specs.map((s) => new GridBuilder(s.lo, s.hi, s.bins));
  // Values are gathered per column (NULLs left out) and added a batch at a time: one grid's buckets then stay
  // in cache for the whole batch instead of being evicted by the other columns' every 2,048 rows.
  // A wide side (500 numeric columns) shares BUFFER_BYTES: 512 KB per column was 1 GB of buffers for two sides.
  // Wider still (more than 2,048 columns), a buffer would hold less than a chunk: each chunk is added as it
  // comes (the same values in the same order, so the same sums), where 6,000 columns' buffers took 98 MB a side.
  const batch = Math.min(gridBatch.values, Math.floor(BUFFER_BYTES / (8 * Math.max(1, specs.length))));
  if (batch < MIN_BATCH) {
    await stream(source, specs.map((s) => col(s.column)), (cols, n) => {
      for (let j = 0; j < cols.length; j++) builders[j]!.add(cols[j]!.values, n, cols[j]!.valid);
    }, options);
    return builders.map((b) => b.finish());
  }
  const buffers = specs.map(() => new Float64Array(batch));
  const fill = new Int32Array(specs.length);
  // Column j's first batch is cut short by j / columns of a batch, so the columns' adds come spread over the
  // chunks rather than all in one chunk's call, which held up DuckDB's producers (a few chunks of buffer) for
  // the whole burst. Where a batch ends does not change a grid's sums: its values still arrive in row order.
  const limit = Int32Array.from(specs, (_s, j) => batch - Math.floor((j * batch) / specs.length));
  const flush = (j: number) => {
    builders[j]!.add(buffers[j]!, fill[j]!);
    fill[j] = 0;
    limit[j] = batch;
  };
  await stream(source, specs.map((s) => col(s.column)), (cols, n) => {
    for (let j = 0; j < cols.length; j++) {
      const { values, valid } = cols[j]!;
      if (fill[j]! + n > limit[j]!) flush(j);
      const buf = buffers[j]!;
      let f = fill[j]!;
      if (valid === null) {
        buf.set(values.length === n ? values : values.subarray(0, n), f);
        f += n;
      } else {
        for (let i = 0; i < n; i++) if (((valid[i >>> 5]! >>> (i & 31)) & 1) === 1) buf[f++] = values[i]!;
      }
      fill[j] = f;
    }
  }, options);
  return builders.map((b, j) => {
    flush(j);
    return b.finish();
  });
}

/**
 * The most columns one grid stream reads. A wider side streams in parts: a wide CSV's group-file view
 * (data/groupFileView.ts) one group file at a time, read directly, anything else in runs of this many columns.
 * The engine memory of a stream grows with its columns (6,003 columns of the 10,000 × 10k CSV: 625–820 MiB)
 * while the sums do not depend on how columns are split, since each column's values arrive in row order either
 * way. An object so that tests can lower it.
 */
export const gridStreamLimit = { columns: 1024 };

/** specs (by index) split for scanGrids: by the group file holding each column of a whole group-file view, else in runs. */
function streamParts(db: Engine | undefined, source: Source, specs: readonly GridSpec[]): { source: Source; specs: number[] }[] {
  const byFile = groupFileParts(db, source, specs.map((s) => s.column));
  if (byFile) return byFile;
  const runs: { source: Source; specs: number[] }[] = [];
  for (let start = 0; start < specs.length; start += gridStreamLimit.columns) {
    runs.push({ source, specs: Array.from({ length: Math.min(gridStreamLimit.columns, specs.length - start) }, (_x, j) => start + j) });
  }
  return runs;
}

/**
 * `columns` (by index) of a whole group-file view grouped by the group file holding each, with that file's scan
 * as their source (in the order of each file's first column), or undefined for any other source. A statement
 * over the view binds every file and column of it (10,000 × 10k CSV: 11 files), one over a file only its own.
 */
function groupFileParts(db: Engine | undefined, source: Source, columns: readonly string[]): { source: Source; specs: number[] }[] | undefined {
  if (!db || source.kind !== 'relation' || source.where) return undefined;
  const byFile = new Map<string, number[]>();
  for (const [k, column] of columns.entries()) {
    const scan = groupFileScan(db, source.relation, column);
    if (!scan) return undefined;
    const ks = byFile.get(scan);
    if (ks) ks.push(k);
    else byFile.set(scan, [k]);
  }
  return [...byFile].map(([scan, ks]) => ({ source: { kind: 'relation', relation: scan }, specs: ks }));
}

/**
 * Values per column added to its grid at once (2 MB per column; an object so that tests can lower it). The other
 * columns' grids evict a grid's buckets between its batches (13 grids of 40,960 buckets: 21 MB), so each batch
 * starts cold: 65,536 values touch each bucket ~1.6 times, 2^18 values ~6 times (13 grids interleaved as in the
 * grid pass: 21 → 14 ns a value).
 */
export const gridBatch = { values: 2 ** 18 };
/** All columns' buffers of one pass together, at most (a buffer holds at least MIN_BATCH values, one chunk's worth). */
const BUFFER_BYTES = 32 * 2 ** 20;
const MIN_BATCH = 2048;

/**
 * The values of chosen buckets of several columns of one side, in one streamed pass over just those columns
 * (the grids must come from the same data). Columns without buckets are not read.
 */
export async function scanBucketValues(engine: Engine | PlanExecutor, from: Source | string, wanted: readonly { column: string; grid: NumericGrid; buckets: readonly number[] }[], options: RunOptions = {}): Promise<Map<number, Float64Array>[]> {
  const exec = asExecutor(engine);
  const source = toSource(from);
  const stream = exec.fast.streamDoubles;
  if (!stream) return Promise.all(wanted.map((w) => bucketValuesByPlan(exec, source, w.column, w.grid, w.buckets.filter((b) => gridCount(w.grid, b) > 0), (x) => gridBucket(w.grid.lo, w.grid.hi, w.grid.bins, x), options)));
  const collectors = wanted.map((w) => new BucketCollector(w.grid, w.buckets));
  const read = collectors.flatMap((c, j) => (c.wanted ? [j] : []));
  // Over a wide CSV's group-file view, each group file holding some of the columns is read directly.
  const parts = (read.length > 1 ? groupFileParts(exec.capabilities?.embedded?.db, source, read.map((j) => wanted[j]!.column)) : undefined) ?? [{ source, specs: read.map((_j, k) => k) }];
  for (const part of parts) {
    const js = part.specs.map((k) => read[k]!);
    if (js.length) await stream(part.source, js.map((j) => col(wanted[j]!.column)), (cols, n) => {
      for (let k = 0; k < cols.length; k++) collectors[js[k]!]!.add(cols[k]!.values, n, cols[k]!.valid);
    }, options);
  }
  return collectors.map((c) => c.finish());
}

/** Pooled min and max of a column's finite values over several FROM expressions (±Infinity when there are none). */
export async function finiteRange(engine: Engine | PlanExecutor, froms: readonly (Source | string)[], column: string, options: RunOptions = {}): Promise<[number, number]> {
  const x = cast(col(column), 'double');
  const rows = await asExecutor(engine).runAll(froms.map((f) => ({ source: toSource(f), where: isFinite(x), aggregates: [{ name: 'lo', agg: { fn: 'min', arg: x }, type: 'double' }, { name: 'hi', agg: { fn: 'max', arg: x }, type: 'double' }] })), options);
  const num = (v: unknown, empty: number) => (v === null || v === undefined ? empty : Number(v));
  return [Math.min(...rows.map((r) => num(r[0]?.['lo'], Infinity))), Math.max(...rows.map((r) => num(r[0]?.['hi'], -Infinity)))];
}

/**
 * The same bucket values as scanBucketValues for one column, each bucket's in ascending order, filtered by
 * DuckDB so that few values reach JavaScript (queryBucketRuns, expanded: tests and callers that want every
 * value listed). Undefined if any bucket's count disagrees with the grid.
 */
export async function queryBucketValues(exec: Engine | PlanExecutor, source: Source | string, column: string, grid: NumericGrid, buckets: readonly number[], options: RunOptions = {}): Promise<Map<number, Float64Array> | undefined> {
  const runs = await queryBucketRuns(exec, source, column, grid, buckets, options);
  return runs && expandRuns(runs);
}

/**
 * Buckets of a column that hold the same multiset of finite values on both sides: equal count and equal sum
 * of DuckDB's 64-bit hash of each value (as an exact 128-bit sum), from one GROUP BY bucket per side. Two
 * different multisets pass only on a hash-sum collision (≈ 2^-64 per bucket), the same order of certainty as
 * the profile's duplicate rows. This is what keeps a table compared with an edited copy of itself (many
 * columns equal value for value, so nearly every bucket is ambiguous) from reading every value again.
 */
export async function identicalBuckets(engine: Engine | PlanExecutor, ref: Source | string, cur: Source | string, column: string, grid: { lo: number; hi: number; bins: number }, options: RunOptions = {}): Promise<Set<number>> {
  const x = col('x');
  const plan = (source: Source) => ({
    source,
    derive: [{ name: 'x', expr: finiteOrNull(cast(col(column), 'double')) }],
    where: notNull(x),
    groupBy: [{ name: 'b', expr: gridBucketExpr(x, grid.lo, grid.hi, grid.bins), type: 'integer' as const }],
    aggregates: [{ name: 'n', agg: { fn: 'count' as const }, type: 'bigint' as const }, { name: 'h', agg: { fn: 'sum' as const, arg: hash(x) }, type: 'varchar' as const }],
  });
  const [r, c] = await asExecutor(engine).runAll([plan(toSource(ref)), plan(toSource(cur))], options);
  const seen = new Map(r!.map((row) => [Number(row['b']), `${String(row['n'])}:${String(row['h'])}`]));
  const out = new Set<number>();
  for (const row of c!) if (seen.get(Number(row['b'])) === `${String(row['n'])}:${String(row['h'])}`) out.add(Number(row['b']));
  return out;
}

/**
 * Which columns hold the same multiset of finite values on both sides (count and exact sum of 64-bit value
 * hashes over the whole column): one aggregate plan per side for all columns. A column that passes has every
 * bucket identical; one that does not may still share most buckets (identicalBuckets).
 */
export async function identicalColumns(engine: Engine | PlanExecutor, ref: Source | string, cur: Source | string, columns: readonly string[], options: RunOptions = {}): Promise<boolean[]> {
  if (!columns.length) return [];
  const plan = (source: Source) => ({
    source,
    aggregates: columns.flatMap((name, j) => {
      const x = finiteOrNull(cast(col(name), 'double'));
      return [{ name: `n${j}`, agg: { fn: 'count' as const, arg: x }, type: 'bigint' as const }, { name: `h${j}`, agg: { fn: 'sum' as const, arg: hash(x), filter: notNull(x) }, type: 'varchar' as const }];
    }),
  });
  const [[r], [c]] = await asExecutor(engine).runAll([plan(toSource(ref)), plan(toSource(cur))], options) as [PlanRow[], PlanRow[]];
  return columns.map((_n, j) => String(r?.[`n${j}`]) === String(c?.[`n${j}`]) && String(r?.[`h${j}`]) === String(c?.[`h${j}`]));
}
