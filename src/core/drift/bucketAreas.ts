import type { RunOptions } from '../data/engine';
import { and, cast, col, finiteOrNull, gridBucket, inList, int, notNull } from '../plan/expr';
import type { PlanExecutor } from '../plan/executor';
import type { AggregatePlan, Source } from '../plan/plan';
import { renderPlan } from '../plan/render';
import { gridCount, type BucketArea, type NumericGrid } from './numericGrid';

/**
 * Engines whose window functions and VALUES lists this query has been checked on (docs/warehouse.md); the
 * others read the ambiguous buckets' values instead (gridPlan.ts bucketValuesPlan).
 */
const AREA_DIALECTS = new Set(['postgres']);

/** Whether ambiguous buckets can be integrated where the data lives (one row per bucket instead of its values). */
export function canIntegrateBuckets(exec: PlanExecutor): boolean {
  return exec.fast.select !== undefined && exec.fast.streamDoubles === undefined && AREA_DIALECTS.has(exec.dialect.name);
}

/** Distinct values with their counts per wanted bucket of one side (bucket and value as keys). */
function sidePlan(source: Source, column: string, grid: NumericGrid, buckets: readonly number[]): AggregatePlan {
  const x = col('x');
  const b = gridBucket(x, grid.lo, grid.hi, grid.bins);
  return {
    source,
    derive: [{ name: 'x', expr: finiteOrNull(cast(col(column), 'double')) }],
    where: and(notNull(x), inList(b, buckets.map(int))),
    groupBy: [{ name: 'b', expr: b, type: 'integer' }, { name: 'v', expr: x, type: 'double' }],
    aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }],
  };
}

/**
 * ∫ |F_r − F_c| inside each ambiguous bucket, computed in the database: both sides' distinct values per
 * bucket (GROUP BY bucket, value), merged, then running counts per bucket (a window PARTITION BY bucket
 * ORDER BY value: parallel per bucket, no single-node sort) and Σ |(R₀ + r)/n_r − (C₀ + c)/n_c| · (next − value)
 * per bucket, with R₀, C₀ the cumulative counts before the bucket (a VALUES list). Each term is the same IEEE
 * expression stepIntegral evaluates in JavaScript, so only the summation order differs. One row per bucket
 * crosses the wire instead of its values. Returns undefined when the engine cannot, or when a bucket's counts
 * disagree with the grids (the data changed between the two reads): the caller then reads the values.
 */
export async function bucketAreas(exec: PlanExecutor, ref: Source, cur: Source, column: string, r: NumericGrid, c: NumericGrid, buckets: readonly number[], options: RunOptions = {}): Promise<Map<number, BucketArea> | undefined> {
  if (!buckets.length || !canIntegrateBuckets(exec)) return undefined;
  const d = exec.dialect;
  const q = (n: string) => d.quoteIdent(n);
  const dbl = (x: string) => d.cast(x, 'double', false);
  const wanted = new Set(buckets);
  const starts: [number, number, number][] = [];
  let R = 0;
  let C = 0;
  for (let b = 0; b < r.bins; b++) {
    if (wanted.has(b)) starts.push([b, R, C]);
    R += gridCount(r, b);
    C += gridCount(c, b);
  }
  const [b, v, n] = [q('b'), q('v'), q('n')];
  const merged = `SELECT ${b}, ${v}, sum(${q('r')}) AS ${q('r')}, sum(${q('c')}) AS ${q('c')} FROM (`
    + `SELECT ${b}, ${v}, ${n} AS ${q('r')}, 0 AS ${q('c')} FROM (${renderPlan(sidePlan(ref, column, r, buckets), d)}) AS ml_r UNION ALL `
    + `SELECT ${b}, ${v}, 0 AS ${q('r')}, ${n} AS ${q('c')} FROM (${renderPlan(sidePlan(cur, column, c, buckets), d)}) AS ml_c) AS ml_u GROUP BY ${b}, ${v}`;
  const over = `PARTITION BY ${b} ORDER BY ${v}`;
  const running = `SELECT ${b}, ${v}, ${q('r')}, ${q('c')}, sum(${q('r')}) OVER (${over} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ${q('cr')}, `
    + `sum(${q('c')}) OVER (${over} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ${q('cc')}, lead(${v}) OVER (${over}) AS ${q('nx')} FROM (${merged}) AS ml_m`;
  const values = starts.map(([k, r0, c0]) => `(${d.integerLiteral(k)}, ${d.doubleLiteral(r0)}, ${d.doubleLiteral(c0)})`).join(', ');
  const nr = d.doubleLiteral(r.finite);
  const nc = d.doubleLiteral(c.finite);
  const diff = `abs((${q('r0')} + ${dbl(q('cr'))}) / ${nr} - (${q('c0')} + ${dbl(q('cc'))}) / ${nc})`;
  const sql = `SELECT ml_w.${b} AS ${q('b')}, ${dbl(`sum(${diff} * (${q('nx')} - ml_w.${v}))`)} AS ${q('area')}, ${dbl(`min(ml_w.${v})`)} AS ${q('vlo')}, ${dbl(`max(ml_w.${v})`)} AS ${q('vhi')}, `
    + `${dbl(`sum(${q('r')})`)} AS ${q('rn')}, ${dbl(`sum(${q('c')})`)} AS ${q('cn')} FROM (${running}) AS ml_w `
    + `JOIN (VALUES ${values}) AS ml_k(${q('kb')}, ${q('r0')}, ${q('c0')}) ON ml_w.${b} = ml_k.${q('kb')} GROUP BY ml_w.${b}`;
  const rows = await exec.fast.select!(sql, options);
  const out = new Map<number, BucketArea>();
  for (const row of rows) {
    const k = Number(row['b']);
    if (!wanted.has(k) || Number(row['rn']) !== gridCount(r, k) || Number(row['cn']) !== gridCount(c, k)) return undefined;
    out.set(k, { inner: row['area'] === null || row['area'] === undefined ? 0 : Number(row['area']), first: Number(row['vlo']), last: Number(row['vhi']) });
  }
  for (const k of buckets) if (!out.has(k) && gridCount(r, k) + gridCount(c, k) > 0) return undefined;
  return out;
}
