import type { RunOptions } from '../data/engine';
import { and, cast, col, finiteOrNull, gridBucket, inList, int, notNull } from '../plan/expr';
import type { SqlDialect } from '../plan/dialect';
import type { PlanExecutor } from '../plan/executor';
import type { AggregatePlan, Source } from '../plan/plan';
import { renderPlan } from '../plan/render';
import { gridCount, type BucketArea, type NumericGrid } from './numericGrid';

/**
 * Whether ambiguous buckets can be integrated where the data lives (one row per bucket instead of its values):
 * every executor that takes a generated SELECT and has no streaming path (the warehouses; every dialect renders
 * the query, bucketAreasSql). The embedded DuckDB streams its values instead and never comes here.
 */
export function canIntegrateBuckets(exec: PlanExecutor): boolean {
  return exec.fast.select !== undefined && exec.fast.streamDoubles === undefined;
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
 * per bucket, with R₀, C₀ the cumulative counts before the bucket (an inline table of integers, dialect.inlineTable).
 * Each term is the same IEEE expression stepIntegral evaluates in JavaScript (every count is an integer below 2^53,
 * cast to double before any division, so no engine divides integers), so only the summation order differs.
 * Only standard SQL besides the dialect's pieces: window sum with ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW,
 * lead(), abs(), UNION ALL, an equi-join; NaN and ±Infinity are NULL before the bucket (finiteOrNull) and NULL
 * rows are dropped, so no engine's NaN ordering matters; no ln, power or integer division.
 */
export function bucketAreasSql(d: SqlDialect, ref: Source, cur: Source, column: string, r: NumericGrid, c: NumericGrid, buckets: readonly number[]): string {
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
  const keys = d.inlineTable('ml_k', ['kb', 'r0', 'c0'], starts.map(([k, r0, c0]) => [d.integerLiteral(k), d.integerLiteral(r0), d.integerLiteral(c0)]));
  const k = (x: string) => `${q('ml_k')}.${q(x)}`;
  const nr = d.doubleLiteral(r.finite);
  const nc = d.doubleLiteral(c.finite);
  const diff = `abs((${dbl(k('r0'))} + ${dbl(`ml_w.${q('cr')}`)}) / ${nr} - (${dbl(k('c0'))} + ${dbl(`ml_w.${q('cc')}`)}) / ${nc})`;
  return `SELECT ml_w.${b} AS ${q('b')}, ${dbl(`sum(${diff} * (ml_w.${q('nx')} - ml_w.${v}))`)} AS ${q('area')}, ${dbl(`min(ml_w.${v})`)} AS ${q('vlo')}, ${dbl(`max(ml_w.${v})`)} AS ${q('vhi')}, `
    + `${dbl(`sum(ml_w.${q('r')})`)} AS ${q('rn')}, ${dbl(`sum(ml_w.${q('c')})`)} AS ${q('cn')} FROM (${running}) AS ml_w `
    + `JOIN ${keys} ON ml_w.${b} = ${k('kb')} GROUP BY ml_w.${b}`;
}

/**
 * The ambiguous buckets' areas through the executor's generated-SELECT path (bucketAreasSql). Returns undefined
 * when the engine cannot, or when a bucket's counts disagree with the grids (the data changed between the two
 * reads): the caller then reads the values.
 */
export async function bucketAreas(exec: PlanExecutor, ref: Source, cur: Source, column: string, r: NumericGrid, c: NumericGrid, buckets: readonly number[], options: RunOptions = {}): Promise<Map<number, BucketArea> | undefined> {
  if (!buckets.length || !canIntegrateBuckets(exec)) return undefined;
  const wanted = new Set(buckets);
  const rows = await exec.fast.select!(bucketAreasSql(exec.dialect, ref, cur, column, r, c, buckets), options);
  const out = new Map<number, BucketArea>();
  for (const row of rows) {
    const k = Number(row['b']);
    if (!wanted.has(k) || Number(row['rn']) !== gridCount(r, k) || Number(row['cn']) !== gridCount(c, k)) return undefined;
    out.set(k, { inner: row['area'] === null || row['area'] === undefined ? 0 : Number(row['area']), first: Number(row['vlo']), last: Number(row['vhi']) });
  }
  for (const k of buckets) if (!out.has(k) && gridCount(r, k) + gridCount(c, k) > 0) return undefined;
  return out;
}
