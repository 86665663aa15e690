import type { ColumnInfo } from '../data/dataset';
import { cast, col, dbl, div, fn, hash, hashSample } from '../plan/expr';
import type { Expr } from '../plan/expr';
import type { AggregatePlan, PlanRow, Source } from '../plan/plan';

/**
 * Duplicate rows above the exact-size limit, estimated from a hash sample of distinct rows: a row is in the
 * sample when hash(row hash) < 2^64 / DUPLICATE_SAMPLE_RATE, so every copy of a row is in or out together, and
 * rows − distinct rows of the sample, times the rate, is an unbiased estimate of the duplicate count
 * (Σ over repeated rows of (copies − 1), each kept with probability 1/rate). Exact counts need a hash table of
 * every distinct row (10M × 20 Parquet: 5.0 s CPU against a 3.0 s scan); the 1-in-16 sample costs 1.9 s and
 * 1-in-64 barely less (1.8 s), so the rate is 16. HyperLogLog of the row hash was measured 19% off on 1M
 * distinct rows, useless for a difference of two large numbers.
 *
 * The error: with D rows repeated once each (pairs), the standard error is √((rate − 1)·D); more copies per row
 * make it larger. It is measured, not assumed: the sample is split into DUPLICATE_GROUPS groups by the top bits
 * of the row hash (independent of the sampling hash), and the spread of the groups' counts gives the standard
 * error (batch means), never below √((rate − 1)·estimate).
 */
export const DUPLICATE_SAMPLE_RATE = 16;
export const DUPLICATE_GROUPS = 16;

export interface DuplicateEstimate {
  /** The estimated number of duplicate rows (rows that repeat an earlier row). */
  value: number;
  /** Its standard error, in rows (0 when no duplicate was in the sample). */
  standardError: number;
  /** standardError / value; null when the estimate is 0. */
  relativeError: number | null;
  /** 1 in this many distinct rows were sampled. */
  sampleRate: number;
}

/** One plan over the sample: per group, its rows and distinct rows (64-bit row hashes). */
export function duplicateSamplePlan(source: Source, columns: readonly ColumnInfo[]): AggregatePlan {
  return { ...duplicateSamplePlanOfHash(source, col('h')), derive: [{ name: 'h', expr: hash(...columns.map((c) => col(c.name))) }] };
}

/** The same sample plan over rows whose hash is already the column or expression `h` (wide files: RowHashes). */
export function duplicateSamplePlanOfHash(source: Source, h: Expr): AggregatePlan {
  return {
    source,
    where: hashSample(h, DUPLICATE_SAMPLE_RATE),
    // The top four bits of the hash: 0..15 where hashes are unsigned (DuckDB), −8..7 where signed.
    groupBy: [{ name: 'g', expr: fn('floor', div(cast(h, 'double'), dbl(2 ** 60))), type: 'bigint' }],
    aggregates: [
      { name: 'n', agg: { fn: 'count' }, type: 'bigint' },
      { name: 'd', agg: { fn: 'distinct', args: [h], mode: 'exact' }, type: 'bigint' },
    ],
  };
}

/**
 * The estimate and its standard error from duplicateSamplePlan's rows, one per group (a group with no sampled row
 * is absent; a hash rounded up to 2^64 as a double makes a 17th group, folded into the first).
 */
export function estimateDuplicates(rows: readonly PlanRow[]): DuplicateEstimate {
  const rate = DUPLICATE_SAMPLE_RATE;
  const k = DUPLICATE_GROUPS;
  const x = new Array<number>(k).fill(0);
  rows.forEach((r, i) => (x[i % k]! += Number(r['n'] ?? 0) - Number(r['d'] ?? 0)));
  const total = x.reduce((a, b) => a + b, 0);
  const mean = total / k;
  const s2 = x.reduce((a, v) => a + (v - mean) ** 2, 0) / (k - 1);
  const value = rate * total;
  const standardError = Math.max(rate * Math.sqrt(k * s2), Math.sqrt((rate - 1) * value));
  return { value, standardError, relativeError: value > 0 ? standardError / value : null, sampleRate: rate };
}

/**
 * When the sample holds no duplicate: with at least this many distinct repeated rows, the sample would have
 * held one with probability ≥ 95% ((1 − 1/rate)^m ≤ 0.05).
 */
export function repeatedRowsBound(rate = DUPLICATE_SAMPLE_RATE): number {
  return Math.ceil(Math.log(0.05) / Math.log(1 - 1 / rate));
}
