import { and, col, hash, hashSample, notNull, when, type Expr } from '../plan/expr';
import type { PlanExecutor } from '../plan/executor';
import type { AggregatePlan, Source } from '../plan/plan';
import { asExecutor } from '../plan/target';
import type { Engine, RunOptions } from './engine';

/**
 * Distinct counts of big columns by hash sampling (distinct sampling, Gibbons 2001): a value is counted when
 * hash(value) < 2^64 / DISTINCT_SAMPLE_RATE, so each distinct value is in the sample with probability 1/64
 * whatever its frequency, and the estimate is 64 × the sample's exact size. DuckDB's approx_count_distinct
 * (HyperLogLog) was measured up to 30% off (1,249 for 1,000 values; 8.7M for 10M identifiers), too much for a
 * profile or for telling identifiers apart. The sample is its own query (sampledDistinctCounts): DuckDB's
 * DISTINCT aggregates slow the other aggregates of a query they share down more than a second scan costs
 * (1M × 20 Parquet: main pass 0.95 s alone, 1.2 s with HyperLogLog, 1.7–1.8 s with the samples; samples alone
 * 0.4 s). Columns whose sample is small are counted exactly (exactDistinctCounts), which is cheap precisely
 * because they have few values.
 */
export const DISTINCT_SAMPLE_RATE = 64;

/** Up to this many rows distinct counts are exact (count DISTINCT); above, distinctCounts estimates big columns. */
export const EXACT_DISTINCT_ROWS = 200_000;

/** A sample of at most this many values (an estimate ≤ 16,384) is replaced by an exact count. */
export const EXACT_BELOW_SAMPLES = 256;

/**
 * The sizes of the hash samples of several expressions, one pass over `source` (one aggregate plan): a string
 * is taken as a column name.
 */
export async function sampledDistinctCounts(engine: Engine | PlanExecutor, source: Source | string, exprs: readonly (Expr | string)[], options: RunOptions = {}): Promise<number[]> {
  if (!exprs.length) return [];
  if (exprs.length > WIDE_COLUMNS) return longDistinct(engine, source, exprs, (x) => when([[and(notNull(x), hashSample(x, DISTINCT_SAMPLE_RATE)), hash(x)]]), options);
  const exec = asExecutor(engine);
  if (exec.engine.local) {
    // The embedded engine: one plan per expression whose WHERE keeps only the sample, all in one statement (runAll's
    // UNION ALL). DuckDB then hashes and filters each column on its own before any DISTINCT hash table: 1M × 20
    // Parquet 0.35–0.43 CPU-s against 0.9–1.2 for the FILTERed aggregates of one SELECT (the same counts).
    const plans = exprs.map((e): AggregatePlan => {
      const x = toExpr(e);
      return { source: toSource(source), where: and(notNull(x), hashSample(x, DISTINCT_SAMPLE_RATE)), aggregates: [{ name: 's', agg: { fn: 'distinct', args: [hash(x)], mode: 'exact' }, type: 'bigint' }] };
    });
    return (await exec.runAll(plans, options)).map((rows) => Number(rows[0]?.['s'] ?? 0));
  }
  const r = (await exec.run({ source: toSource(source), aggregates: exprs.map((x, i) => ({ name: `s${i}`, agg: { fn: 'distinct', args: [toExpr(x)], mode: 'hashSample', rate: DISTINCT_SAMPLE_RATE }, type: 'bigint' })) }, options))[0] ?? {};
  return exprs.map((_x, i) => Number(r[`s${i}`] ?? 0));
}

const toExpr = (x: Expr | string): Expr => (typeof x === 'string' ? col(x) : x);
/** A plan source; a string is a relation of the embedded engine (an engine-owned name such as "ml_ds_1"). */
const toSource = (s: Source | string): Source => (typeof s === 'string' ? { kind: 'relation', relation: s } : s);

/**
 * The distinct-count estimate from a sample's size, and its relative standard error √((1 − p)/sample) for
 * the sampling probability p (the sample is Binomial(distinct, p)). Only meaningful above EXACT_BELOW_SAMPLES.
 */
export function estimateFromSample(sample: number): { estimate: number; relativeError: number } {
  const p = 1 / DISTINCT_SAMPLE_RATE;
  return { estimate: sample * DISTINCT_SAMPLE_RATE, relativeError: sample > 0 ? Math.sqrt((1 - p) / sample) : 1 };
}

/** A distinct count, and its relative standard error when it is an estimate (0: exact). */
export interface DistinctCount {
  value: number;
  relativeError: number;
}

/**
 * Exact distinct counts of the expressions at positions `small` (their hash samples' sizes beside), in that order;
 * distinctCounts' default counts them with exactDistinctCounts, a caller may know them otherwise (distinctCountsFromSamples' callers).
 */
export type ExactCounter = (small: readonly number[], samples: readonly number[]) => Promise<number[]>;

/**
 * Distinct counts of big data: the hash sample of every expression (one pass), then an exact count (one
 * more pass over just those expressions) where the sample holds at most EXACT_BELOW_SAMPLES values.
 */
export async function distinctCounts(
  engine: Engine | PlanExecutor, from: Source | string, exprs: readonly (Expr | string)[], options: RunOptions = {},
  countExactly: ExactCounter = (small) => exactDistinctCounts(engine, from, small.map((k) => exprs[k]!), options),
): Promise<DistinctCount[]> {
  return distinctCountsFromSamples(await sampledDistinctCounts(engine, from, exprs, options), countExactly);
}

/** distinctCounts from hash samples already taken (their sizes, one per expression; e.g. in the profile's first pass). */
export async function distinctCountsFromSamples(samples: readonly number[], countExactly: ExactCounter): Promise<DistinctCount[]> {
  const small = samples.flatMap((s, k) => (s <= EXACT_BELOW_SAMPLES ? [k] : []));
  const exact = await countExactly(small, small.map((k) => samples[k]!));
  return samples.map((s, k) => {
    const j = small.indexOf(k);
    if (j >= 0) return { value: exact[j]!, relativeError: 0 };
    const e = estimateFromSample(s);
    return { value: e.estimate, relativeError: e.relativeError };
  });
}

/** Exact distinct counts (count DISTINCT) of several expressions (strings: column names) in one pass over `source`. */
export async function exactDistinctCounts(engine: Engine | PlanExecutor, source: Source | string, exprs: readonly (Expr | string)[], options: RunOptions = {}): Promise<number[]> {
  if (!exprs.length) return [];
  if (exprs.length > WIDE_COLUMNS) return longDistinct(engine, source, exprs, (x) => when([[notNull(x), hash(x)]]), options);
  const exec = asExecutor(engine);
  if (exec.dialect.capabilities.distinctBySort) {
    // One GROUP BY plan per expression (a hash aggregate) instead of count(DISTINCT …) sorts that all spill at once.
    const plans = exprs.map((e): AggregatePlan => ({ source: { kind: 'distinct', of: toSource(source), value: toExpr(e) }, aggregates: [{ name: 'd', agg: { fn: 'count' }, type: 'bigint' }] }));
    return (await exec.runAll(plans, options)).map((rows) => Number(rows[0]?.['d'] ?? 0));
  }
  if (exec.engine.local && exprs.length > 1) {
    // The embedded engine: one plan per expression in one statement, as sampledDistinctCounts (1M rows, 8 columns: 0.12–0.14 CPU-s against 0.14–0.22).
    const plans = exprs.map((e): AggregatePlan => ({ source: toSource(source), aggregates: [{ name: 'd', agg: { fn: 'distinct', args: [toExpr(e)], mode: 'exact' }, type: 'bigint' }] }));
    return (await exec.runAll(plans, options)).map((rows) => Number(rows[0]?.['d'] ?? 0));
  }
  const r = (await exec.run({ source: toSource(source), aggregates: exprs.map((x, i) => ({ name: `d${i}`, agg: { fn: 'distinct', args: [toExpr(x)], mode: 'exact' }, type: 'bigint' })) }, options))[0] ?? {};
  return exprs.map((_x, i) => Number(r[`d${i}`] ?? 0));
}

/**
 * Exact distinct counts of the columns of an engine table (the wide profile's column batches, issue 18): one
 * count(DISTINCT) plan per column, TABLE_DISTINCT_GROUP plans per statement (runAll's UNION ALL), whatever the
 * width. On a table, unlike a file read in place, each plan reads only its own column, and DuckDB's per-column
 * DISTINCT beats the long format's UNPIVOT + GROUP BY: 250 columns × 100k rows 1.6 CPU-s against 5.1 at the same
 * peak memory; 214 × 10k 0.31–0.38 against 0.66–0.74. The counts are of values, as the narrow first pass's.
 */
export async function exactDistinctCountsOfTable(exec: PlanExecutor, source: Source, names: readonly string[], options: RunOptions = {}): Promise<number[]> {
  const out: number[] = [];
  for (let start = 0; start < names.length; start += TABLE_DISTINCT_GROUP) {
    const plans = names.slice(start, start + TABLE_DISTINCT_GROUP).map((n): AggregatePlan => ({ source, aggregates: [{ name: 'd', agg: { fn: 'distinct', args: [col(n)], mode: 'exact' }, type: 'bigint' }] }));
    for (const rows of await exec.runAll(plans, options)) out.push(Number(rows[0]?.['d'] ?? 0));
  }
  return out;
}

/** Plans per statement in exactDistinctCountsOfTable. */
const TABLE_DISTINCT_GROUP = 256;

/**
 * Above this many expressions, distinct counts run in long format (one GROUP BY column position over an
 * UNPIVOT of 64-bit value hashes) instead of one count(DISTINCT) per column: DuckDB sets up a hash table per
 * DISTINCT aggregate, which cost ~55 ms per column even on 20 rows and ran out of memory at 500 columns. Counts
 * of distinct hashes equal counts of distinct values up to a 64-bit collision (≈ D²/2^65).
 */
export const WIDE_COLUMNS = 32;

/** Distinct counts of `value(x)` per expression, in column batches of a long-format plan. */
async function longDistinct(engine: Engine | PlanExecutor, source: Source | string, exprs: readonly (Expr | string)[], value: (x: Expr) => Expr, options: RunOptions): Promise<number[]> {
  const exec = asExecutor(engine);
  const out = new Array<number>(exprs.length).fill(0);
  for (let start = 0; start < exprs.length; start += LONG_BATCH) {
    const batch = exprs.slice(start, start + LONG_BATCH).map((x) => value(toExpr(x)));
    const rows = await exec.run({ source: { kind: 'unpivot', of: toSource(source), values: batch }, groupBy: [{ name: 'k', expr: col('k'), type: 'integer' }], aggregates: [{ name: 'd', agg: { fn: 'distinct', args: [col('v')], mode: 'exact' }, type: 'bigint' }] }, options);
    for (const r of rows) out[start + Number(r['k'])] = Number(r['d']);
  }
  return out;
}

/** Columns per long-format pass: bounds the engine's memory on very wide tables. */
const LONG_BATCH = 2048;
