import type { Engine } from '../data/engine';
import { ZERO_LIMIT, type LogSketch } from '../health/sketch';
import { cast, col, finiteOrNull, notNull, type Expr } from '../plan/expr';
import { asExecutor } from '../plan/target';

/**
 * The finer log-bucket sketch a part carries for drift when its value map does not fit (profilePartial.ts): the
 * health sketch's grid (health/sketch.ts) at 0.1% relative accuracy instead of 1%, so a bucket is 0.2% of |x| wide.
 * Drift from partial results bounds each side's CDF inside a bucket (cdfBounds.ts): ten times finer buckets give
 * ten times tighter guaranteed ranges. Mergeable exactly (bucket counts add), like the coarse one.
 */
export const FINE_ACCURACY = 0.001;
export const FINE_GAMMA = (1 + FINE_ACCURACY) / (1 - FINE_ACCURACY);
/** Most buckets a part writes (values spread over ~90 orders of magnitude); beyond, the part has no fine sketch. */
export const MAX_FINE_BUCKETS = 100_000;

const bucket = (x: Expr, part: 'sign' | 'index', lnGamma: number): Expr => ({ op: 'logBucket', arg: x, part, lnGamma, zeroLimit: ZERO_LIMIT });

/** One part's fine sketch of a numeric column's finite values (one GROUP BY), or null above MAX_FINE_BUCKETS. */
export async function fineSketch(engine: Engine, relation: string, column: string): Promise<LogSketch | null> {
  return bucketSketch(engine, relation, column, Math.log(FINE_GAMMA), MAX_FINE_BUCKETS);
}

/** A log-bucket sketch (ln γ given) of a column's finite values in one GROUP BY; null when it has more than `maxBuckets` buckets. */
export async function bucketSketch(engine: Engine, relation: string, column: string, lnGamma: number, maxBuckets: number): Promise<LogSketch | null> {
  const v = col('v');
  const rows = await asExecutor(engine).run({ source: { kind: 'relation', relation }, derive: [{ name: 'v', expr: finiteOrNull(cast(col(column), 'double')) }], where: notNull(v), groupBy: [{ name: 'sign', expr: bucket(v, 'sign', lnGamma), type: 'integer' }, { name: 'idx', expr: bucket(v, 'index', lnGamma), type: 'integer' }], aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] });
  if (rows.length > maxBuckets) return null;
  const s: LogSketch = { zero: 0, positive: [], negative: [] };
  for (const b of rows) {
    const sign = Number(b['sign']);
    const n = Number(b['n']);
    if (sign === 0) s.zero += n;
    else (sign > 0 ? s.positive : s.negative).push([Number(b['idx']), n]);
  }
  s.positive.sort((a, b) => a[0] - b[0]);
  s.negative.sort((a, b) => a[0] - b[0]);
  return s;
}
