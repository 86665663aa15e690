import { traced, type Engine, type RunOptions } from '../data/engine';
import { doubleLiteral, quoteIdent } from '../data/sql';
import { nonNullDoubles } from '../data/streamDoubles';
import type { PlanExecutor } from '../plan/executor';
import type { Source } from '../plan/plan';
import { asExecutor, duckdbFrom, toSource } from '../plan/target';
import { bucketValuesByPlan } from './gridPlan';
import { BucketCollector } from './bucketCollector';
import { bucketOf, CELL, gridBucket, gridCount, MAX, MIN, type NumericGrid } from './numericGrid';
import { sortDoubles } from '../stats/sortDoubles';

/**
 * Values of some buckets of a grid, each bucket's in ascending order. With `counts`, each bucket's values are
 * distinct and counts[k] says how often values[k] occurs (a grouped query's runs); without, every value is
 * listed as often as it occurs.
 */
export interface BucketRuns {
  values: Map<number, Float64Array>;
  counts?: Map<number, Float64Array>;
}

/**
 * The values of chosen buckets of one column, each bucket's in ascending order, filtered by DuckDB so that few
 * values reach JavaScript (filteredValues). Where values repeat (fewDistinct), DuckDB returns each distinct one once with its count, in ascending order (GROUP
 * BY, ORDER BY) and runsOf finds each bucket's runs with gridBucket itself: returning every value cost
 * JavaScript placing each into its bucket and a sort per bucket (10M vs 10M Parquet: 26M values read again for
 * 0.57M distinct ones, ~5 s of the main thread). Otherwise every value is returned and placed by BucketCollector,
 * then each bucket sorted. Returns undefined if any bucket's count disagrees with the grid (the caller then
 * reads the values with scanBucketValues). Executors without the `embedded` capability run the bucket-values
 * plan instead (gridPlan.ts).
 */
export async function queryBucketRuns(exec: Engine | PlanExecutor, source: Source | string, column: string, grid: NumericGrid, buckets: readonly number[], options: RunOptions = {}): Promise<BucketRuns | undefined> {
  const wanted = buckets.filter((b) => gridCount(grid, b) > 0);
  if (!wanted.length) return { values: new Map() };
  if (!(grid.hi > grid.lo)) return undefined;
  const x0 = asExecutor(exec);
  if (!x0.capabilities?.embedded) return { values: sortedBuckets(await bucketValuesByPlan(x0, toSource(source), column, grid, wanted, (x) => gridBucket(grid.lo, grid.hi, grid.bins, x), options)) };
  const { engine, from } = duckdbFrom(x0, source, 'Reading bucket values');
  const sql = filteredValues(quoteIdent(column), from, grid, wanted);
  if (!fewDistinct(grid, wanted)) {
    const collector = new BucketCollector(grid, wanted);
    await engine.withConnection(options, (conn) => traced(sql, async () => {
      const result = await conn.run(sql);
      for (let c = 0; c < result.chunkCount; c++) {
        const chunk = result.getChunk(c);
        const n = chunk.rowCount;
        collector.add(nonNullDoubles(chunk.getColumnVector(0), n), n);
      }
    }));
    try {
      return { values: sortedBuckets(collector.finish()) };
    } catch {
      return undefined;
    }
  }
  // The count as a DOUBLE: exact to 2^53, where an INTEGER could overflow on one value repeated 2^31 times.
  const grouped = `SELECT x, count(*)::DOUBLE AS n FROM (${sql}) AS v GROUP BY x ORDER BY x`;
  const [xs, ns] = await engine.withConnection(options, (conn) => traced(grouped, async () => {
    const result = await conn.run(grouped);
    let rows = 0;
    for (let c = 0; c < result.chunkCount; c++) rows += result.getChunk(c).rowCount;
    const out = [new Float64Array(rows), new Float64Array(rows)] as const;
    let at = 0;
    for (let c = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c);
      const n = chunk.rowCount;
      out[0].set(nonNullDoubles(chunk.getColumnVector(0), n), at);
      out[1].set(nonNullDoubles(chunk.getColumnVector(1), n), at);
      at += n;
    }
    return out;
  }));
  return runsOf(grid, wanted, xs, ns);
}

/**
 * `SELECT x` of the finite values of column `x` whose first bucket estimate floor((x − lo) · bins / (hi − lo)) is a
 * wanted bucket or next to one (gridBucket moves a value by at most one bucket from that estimate). The estimate is
 * looked up in a constant bit string (get_bit), and where neither end bucket is wanted the values are kept by
 * `x BETWEEN lo AND hi`, which also drops NULL, NaN and ±Infinity and bounds the estimate to [0, bins] (no clamp):
 * 10M-row Parquet columns, 0.47–0.51 CPU-s a statement against 0.76–1.0 with isfinite(), a clamped estimate and
 * a SEMI JOIN on the bucket ids. A value outside [lo, hi] lies in an end bucket (gridBucket clamps it).
 */
function filteredValues(x: string, from: string, grid: NumericGrid, wanted: readonly number[]): string {
  const { lo, hi, bins } = grid;
  const bits = new Uint8Array(bins + 1);
  for (const b of wanted) for (const k of [b - 1, b, b + 1]) if (k >= 0 && k <= bins) bits[k] = 1;
  const ends = wanted.includes(0) || wanted.includes(bins - 1);
  const floor = `floor((x - ${doubleLiteral(lo)}) * ${doubleLiteral(bins / (hi - lo))})`;
  const [keep, b0] = ends ? ['x IS NOT NULL AND isfinite(x)', `least(greatest(${floor}, 0), ${bins})::INTEGER`] : [`x BETWEEN ${doubleLiteral(lo)} AND ${doubleLiteral(hi)}`, `${floor}::INTEGER`];
  return `SELECT x FROM (SELECT x, ${b0} AS b0 FROM (SELECT ${x}::DOUBLE AS x FROM ${from}) AS c WHERE ${keep}) AS g WHERE get_bit('${bits.join('')}'::BIT, b0) = 1`;
}

/** The finest resolution 10^-k looked for by fewDistinct. */
const FINEST = 9;

/**
 * Whether the `wanted` buckets of a grid (each holding values) hold at most a quarter as many distinct values as
 * values, as far as their cells tell: their minima and maxima all multiples of one power of ten 10^-k (k ≤ 9:
 * integers, prices, rounded measurements) bound a bucket's distinct values by (max − min) · 10^k + 1. Values of
 * full precision never pass, and grouping them costs DuckDB more than placing and sorting them costs JavaScript
 * (3M vs 3M random doubles, 3 columns: 3.3 CPU-s read one by one, 4.6–5.5 grouped).
 */
export function fewDistinct(g: NumericGrid, wanted: readonly number[]): boolean {
  return distinctBound(g, wanted) !== undefined;
}

/** The bound on the distinct values of the `wanted` buckets that fewDistinct finds, when it holds (else undefined). */
export function distinctBound(g: NumericGrid, wanted: readonly number[]): number | undefined {
  let scale: number | undefined;
  for (let k = 0; k <= FINEST && scale === undefined; k++) {
    const p = 10 ** k;
    const round = (x: number) => Math.round(x * p) / p === x;
    if (wanted.every((b) => round(g.cells[CELL * b + MIN]!) && round(g.cells[CELL * b + MAX]!))) scale = p;
  }
  if (scale === undefined) return undefined;
  let values = 0;
  let distinct = 0;
  for (const b of wanted) {
    const n = gridCount(g, b);
    values += n;
    distinct += Math.min(n, Math.round((g.cells[CELL * b + MAX]! - g.cells[CELL * b + MIN]!) * scale) + 1);
  }
  return 4 * distinct <= values ? distinct : undefined;
}

/** Each bucket's values (this read's own) sorted where they lie, ascending, −0 before 0 (sortDoubles). */
export function sortedBuckets(values: Map<number, Float64Array>): Map<number, Float64Array> {
  for (const v of values.values()) sortDoubles(v);
  return values;
}

/**
 * The runs of the `wanted` buckets (each holding values on `grid`) from distinct values in ascending order `xs`
 * with their counts `ns`, as `SELECT x, count(*) … GROUP BY x ORDER BY x` returns them (values of other buckets
 * may be among them). gridBucket never decreases as x grows, so each bucket's runs lie together: they are handed
 * on as views of xs and ns, nothing copied or expanded. Undefined when a wanted bucket's counts disagree with
 * the grid or its runs do not lie together (the data changed between the grid's read and this one).
 */
export function runsOf(grid: NumericGrid, wanted: readonly number[], xs: Float64Array, ns: Float64Array): BucketRuns | undefined {
  const { lo, hi, bins } = grid;
  const flat = !(hi > lo);
  const width = (hi - lo) / bins;
  const scale = bins / (hi - lo);
  const want = new Uint8Array(bins);
  for (const b of wanted) want[b] = 1;
  const values = new Map<number, Float64Array>();
  const counts = new Map<number, Float64Array>();
  const n = xs.length;
  let prev = -1;
  let start = 0;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    // A sentinel bucket past the last closes the last run.
    const b = i === n ? bins : flat ? 0 : bucketOf(lo, bins - 1, width, scale, xs[i]!);
    if (b !== prev) {
      if (b < prev) return undefined;
      if (prev >= 0 && want[prev] === 1) {
        if (sum !== gridCount(grid, prev)) return undefined;
        values.set(prev, xs.subarray(start, i));
        counts.set(prev, ns.subarray(start, i));
      }
      prev = b;
      start = i;
      sum = 0;
    }
    if (i < n) sum += ns[i]!;
  }
  for (const b of wanted) if (!values.has(b) && gridCount(grid, b) > 0) return undefined;
  return { values, counts };
}

/** Every value listed as often as it occurs (the runs expanded), per bucket, in ascending order. */
export function expandRuns(runs: BucketRuns): Map<number, Float64Array> {
  if (!runs.counts) return runs.values;
  const out = new Map<number, Float64Array>();
  for (const [b, xs] of runs.values) {
    const ns = runs.counts.get(b)!;
    let total = 0;
    for (const c of ns) total += c;
    const v = new Float64Array(total);
    let at = 0;
    for (let k = 0; k < xs.length; k++) {
      v.fill(xs[k]!, at, at + ns[k]!);
      at += ns[k]!;
    }
    out.set(b, v);
  }
  return out;
}

/** `grid` carrying `runs` (sorted: NumericGrid.valuesSorted), for gridCdfDistance and bucketSteps. */
export function withRuns(grid: NumericGrid, runs: BucketRuns): NumericGrid {
  return { ...grid, values: runs.values, counts: runs.counts, valuesSorted: true };
}
