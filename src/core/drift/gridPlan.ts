import { and, cast, col, finiteOrNull, gridBucket, gridRightEdge, inList, int, isFinite, mul, notNull, sub } from '../plan/expr';
import type { PlanExecutor } from '../plan/executor';
import type { AggregatePlan, Source } from '../plan/plan';
import type { RunOptions } from '../data/engine';
import type { NumericGrid } from './numericGrid';

/**
 * The drift grid as engine-neutral aggregate plans, for executors without a streaming fast path (warehouses):
 * 1. gridSumsPlan: one GROUP BY bucket with count, Σ(edge − x), Σ(edge − x)², min and max per bucket, the cells
 *    numericGrid.ts integrates (the bucket is computed in SQL exactly as gridBucket does in JavaScript);
 * 2. bucketValuesPlan: for the few buckets a test asks for (ambiguousBuckets), their distinct values with
 *    counts (a value repeated a million times is one row), partitioned by bucket.
 * Exact in two round trips; only aggregates cross the wire. The sums may differ from the streamed grid in the
 * last bits (summation order), well inside the tests' 1e-12.
 */
export function gridSumsPlan(source: Source, column: string, grid: { lo: number; hi: number; bins: number }): AggregatePlan {
  const { lo, hi, bins } = grid;
  const x = col('x');
  const b = gridBucket(x, lo, hi, bins);
  const t = sub(gridRightEdge(b, lo, hi, bins), x);
  return {
    source,
    derive: [{ name: 'x', expr: finiteOrNull(cast(col(column), 'double')) }],
    where: notNull(x),
    groupBy: [{ name: 'b', expr: b, type: 'integer' }],
    aggregates: [
      { name: 'n', agg: { fn: 'count' }, type: 'bigint' },
      { name: 'tail', agg: { fn: 'sum', arg: t }, type: 'double' },
      { name: 'sq', agg: { fn: 'sum', arg: mul(t, t) }, type: 'double' },
      { name: 'lo', agg: { fn: 'min', arg: x }, type: 'double' },
      { name: 'hi', agg: { fn: 'max', arg: x }, type: 'double' },
    ],
  };
}

/** Distinct values with their counts in the wanted buckets of one column. */
export function bucketValuesPlan(source: Source, column: string, grid: { lo: number; hi: number; bins: number }, buckets: readonly number[]): AggregatePlan {
  const x = col('x');
  return {
    source,
    derive: [{ name: 'x', expr: finiteOrNull(cast(col(column), 'double')) }],
    where: and(notNull(x), inList(gridBucket(x, grid.lo, grid.hi, grid.bins), buckets.map(int))),
    groupBy: [{ name: 'v', expr: x, type: 'double' }],
    aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }],
  };
}

/** One side's grid of a column from the plain plans: its cells, and the finite / dropped counts. */
export async function gridByPlan(exec: PlanExecutor, source: Source, column: string, grid: { lo: number; hi: number; bins: number }, options: RunOptions = {}): Promise<NumericGrid> {
  const plan = gridSumsPlan(source, column, grid);
  const v = cast(col(column), 'double');
  const [rows, counts] = await exec.runAll([plan, { source, where: notNull(col(column)), aggregates: [{ name: 'all', agg: { fn: 'count' }, type: 'bigint' }, { name: 'finite', agg: { fn: 'countIf', cond: isFinite(v) }, type: 'bigint' }] }], options);
  const cells = new Float64Array(5 * grid.bins);
  for (let b = 0; b < grid.bins; b++) {
    cells[5 * b + 3] = Infinity;
    cells[5 * b + 4] = -Infinity;
  }
  for (const r of rows!) {
    const o = 5 * Number(r['b']);
    cells[o] = Number(r['n']);
    cells[o + 1] = Number(r['tail']);
    cells[o + 2] = Number(r['sq']);
    cells[o + 3] = Number(r['lo']);
    cells[o + 4] = Number(r['hi']);
  }
  const all = Number(counts![0]?.['all'] ?? 0);
  const finite = Number(counts![0]?.['finite'] ?? 0);
  return { lo: grid.lo, hi: grid.hi, bins: grid.bins, cells, finite, dropped: all - finite };
}

/** The values of wanted buckets from bucketValuesPlan, expanded by count, per bucket (as BucketCollector gives them). */
export async function bucketValuesByPlan(exec: PlanExecutor, source: Source, column: string, grid: NumericGrid, buckets: readonly number[], bucketOf: (x: number) => number, options: RunOptions = {}): Promise<Map<number, Float64Array>> {
  const out = new Map<number, number[]>();
  if (buckets.length) {
    for (const r of await exec.run(bucketValuesPlan(source, column, grid, buckets), options)) {
      const v = Number(r['v']);
      const b = bucketOf(v);
      const list = out.get(b) ?? [];
      for (let k = Number(r['n']); k > 0; k--) list.push(v);
      out.set(b, list);
    }
  }
  return new Map([...out].map(([b, l]) => [b, Float64Array.from(l)]));
}
