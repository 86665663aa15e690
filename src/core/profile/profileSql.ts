import type { ColumnInfo } from '../data/dataset';
import { add, and, cast, cmp, col, contains, or, dbl as dblExpr, finiteOrNull, fn, hash, int, isFinite, mul, notNull, sub, when, type Expr } from '../plan/expr';
import type { AggregatePlan, NamedAggregate, Source } from '../plan/plan';
import { dict } from '../dict';
import { QUANTILE_KEYS, QUANTILE_LEVELS } from './types';
import { DISTINCT_SAMPLE_RATE } from '../data/distinctCount';

export const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/i;
export const TEMPORAL_TYPE = /^(DATE|TIME.*|TIMESTAMP.*)$/i;
/** DuckDB's names of a timestamp with time zone, an instant (warehouse columns are named so too: warehouse/sourceDataset.ts). */
export const ZONED_TYPE = /^(TIMESTAMP WITH TIME ZONE|TIMESTAMPTZ)$/i;
export const TEXT_TYPE = /^(VARCHAR|ENUM.*|UUID)$/i;

/**
 * The profile's single pass as one aggregate plan: a handful of aggregates per column. Output names are
 * positional (`c3_min`), never derived from column names. `exact` adds exact distinct counts and takes exact
 * quantiles (linear interpolation) over the engine's sketch (t-digest in DuckDB); without it distinct counts
 * come from their own passes (profileDataset, data/distinctCount.ts). Non-finite counts are count(x) − count(f).
 * With `batch` (wide tables) the plan covers a slice of the columns, numbered from batch.base, without exact
 * distinct counts (they run in long format, data/distinctCount.ts), and the row hash only where rowHashOf is given.
 * `quantiles: false` leaves quantiles out (above the exact-size limit in the embedded engine they come from fine bins, fineBins.ts);
 * a function: only for the columns it accepts (the wide profile's batches take the others' from sorted values, sortedValues.ts).
 * `valuesHeld` names the numeric columns whose min, max, mean, std and finite count come from their sorted values
 * (sortedValues.firstPassOf): for them the plan keeps only the non-NULL count (1,000 × 100k Parquet batches: these
 * aggregates were about two thirds of the pass's CPU time).
 * The lower-cased smallest and largest text (boolean detection of two-valued text columns) are not here: lower()
 * of every value of every text column cost ~15% of the pass (1M × 20 Parquet) for the few columns with exactly
 * two values, which get smallDomainPlan afterwards.
 */
export function firstPassPlan(source: Source, columns: ColumnInfo[], exact: boolean, batch?: { base: number; rowHashOf?: ColumnInfo[] }, quantiles: boolean | ((c: ColumnInfo) => boolean) = true, valuesHeld: (c: ColumnInfo) => boolean = () => false): AggregatePlan {
  const levels = QUANTILE_KEYS.map((k) => QUANTILE_LEVELS[k]);
  const aggs: NamedAggregate[] = [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }];
  columns.forEach((c, j) => {
    const i = j + (batch?.base ?? 0);
    const x = col(c.name);
    const a = (s: string) => `c${i}_${s}`;
    aggs.push({ name: a('nn'), agg: { fn: 'count', arg: x }, type: 'bigint' });
    if (exact && !batch) aggs.push({ name: a('distinct'), agg: { fn: 'distinct', args: [x], mode: 'exact' }, type: 'bigint' });
    if (NUMERIC_TYPE.test(c.type) && valuesHeld(c)) {
      // min, max, mean, std and the finite count from the sorted values (profileDataset)
    } else if (NUMERIC_TYPE.test(c.type)) {
      const f = finiteNumbers(c);
      aggs.push({ name: a('min'), agg: { fn: 'min', arg: f } }, { name: a('max'), agg: { fn: 'max', arg: f } });
      aggs.push(...momentAggregates(c, i));
      if (isFloating(c.type)) aggs.push({ name: a('finite'), agg: { fn: 'count', arg: f }, type: 'bigint' });
      if (quantiles === true || (typeof quantiles === 'function' && quantiles(c))) aggs.push({ name: a('q'), agg: { fn: 'quantiles', arg: f, levels, mode: exact ? 'exact' : 'approx' } });
    } else if (TEMPORAL_TYPE.test(c.type)) {
      aggs.push({ name: a('tmin'), agg: { fn: 'min', arg: x }, type: 'varchar' }, { name: a('tmax'), agg: { fn: 'max', arg: x }, type: 'varchar' });
    } else if (c.type.toUpperCase() !== 'BOOLEAN') {
      const s = cast(x, 'varchar');
      const len = fn('length', s);
      aggs.push({ name: a('lmin'), agg: { fn: 'min', arg: len }, type: 'bigint' }, { name: a('lmax'), agg: { fn: 'max', arg: len }, type: 'bigint' }, { name: a('lmean'), agg: { fn: 'avg', arg: len } });
      aggs.push({ name: a('space'), agg: { fn: 'avg', arg: cast(contains(s, ' '), 'integer') } });
    }
  });
  // Duplicate rows: distinct 64-bit row hashes (collision chance ≈ n²/2^65, < 3e-6 at 10M rows); above the
  // exact-size limit they are estimated by their own plan instead (duplicateEstimate.ts).
  const rowHashOf = batch ? batch.rowHashOf : exact ? columns : undefined;
  if (rowHashOf) aggs.push({ name: 'distinct_rows', agg: { fn: 'distinct', args: [hash(...rowHashOf.map((c) => col(c.name)))], mode: 'exact' }, type: 'bigint' });
  return { source, aggregates: aggs };
}

/**
 * The first pass above the exact-size limit (firstPassPlan without quantiles) as one plan per column, each also
 * taking the column's distinct-count hash sample `sample` (data/distinctCount.ts: count(DISTINCT hash(x)) of
 * the non-NULL values with hash(x) < 2^64 / DISTINCT_SAMPLE_RATE), run as one UNION ALL statement (runAll; every
 * output typed, the statistics as DOUBLE as they were). The samples were their own statement, a second read of
 * every column: 1M × 20 Parquet first pass 0.51 + samples 0.32 CPU-s → 0.66; 10M 4.78 + 2.23 → 5.75 (each alone).
 * One DISTINCT aggregate per statement branch costs little beside the column's other aggregates; twenty in one
 * SELECT cost more than the second read (10 DOUBLE columns at 10M: 7.1 CPU-s against 4.8 + 1.3). `n` goes with
 * the first column's plan. The outputs are named without the column (`min`, not `c3_min`: firstPassRow puts the
 * prefix back), so that the UNION ALL's branches share ~14 slots: with a slot per column's output (125 at 20
 * columns, NULL in all branches but one) DuckDB took ~0.2 CPU-s more for the same statement (1M × 20 Parquet).
 * `streamed` numeric columns are read once as doubles beside this (streamedNumeric.ts): their plans take only the
 * sample. `index` gives each plan's column.
 */
export function firstPassSamplePlans(source: Source, columns: ColumnInfo[], streamed: ReadonlySet<number> = new Set()): { plans: AggregatePlan[]; index: number[] } {
  const plans = columns.map((): AggregatePlan => ({ source, aggregates: [] }));
  let n: NamedAggregate | undefined;
  for (const a of firstPassPlan(source, columns, false, undefined, false).aggregates) {
    const m = /^c(\d+)_(.*)$/.exec(a.name);
    if (!m) n = { ...a, type: a.type ?? 'double' };
    // Streamed numeric columns (streamedNumeric.ts) have every figure but the sample from their read.
    else if (!streamed.has(Number(m[1]))) plans[Number(m[1])]!.aggregates.push({ ...a, name: m[2]!, type: a.type ?? 'double' });
  }
  columns.forEach((c, i) => plans[i]!.aggregates.push({ name: 'sample', agg: { fn: 'distinct', args: [col(c.name)], mode: 'hashSample', rate: DISTINCT_SAMPLE_RATE }, type: 'bigint' }));
  const index = plans.flatMap((p, i) => (p.aggregates.length ? [i] : []));
  // `n` goes with the first plan left (count(*) alone when every column is streamed).
  if (n) {
    if (!index.length) index.push(0);
    plans[index[0]!]!.aggregates.unshift(n);
  }
  return { plans: index.map((i) => plans[i]!), index };
}

/** The first pass's row (`n`, `c{i}_…`) from firstPassSamplePlans' results, one row per plan of column index[k]. */
export function firstPassRow(results: readonly (readonly Record<string, unknown>[])[], index: readonly number[]): Record<string, unknown> {
  const row = dict<unknown>();
  results.forEach((rows, k) => {
    for (const [key, v] of Object.entries(rows[0] ?? {})) row[key === 'n' ? key : `c${index[k]!}_${key}`] = v;
  });
  return row;
}

/**
 * Only FLOAT/DOUBLE can hold NaN/±Infinity; for them a CASE (much faster than FILTER in DuckDB) nulls non-finite
 * values out of the statistics, and they are counted separately. Other numbers are cast to DOUBLE.
 */
function finiteNumbers(c: ColumnInfo): Expr {
  return isFloating(c.type) ? finiteOrNull(col(c.name)) : cast(col(c.name), 'double');
}

/** The numeric types that can hold NaN/±Infinity. */
export function isFloating(type: string): boolean {
  return /^(FLOAT|DOUBLE|REAL)$/i.test(type);
}

/** `c{index}_mean` and `c{index}_std` of a numeric column's finite values, as the first pass names them. */
function momentAggregates(c: ColumnInfo, index: number): NamedAggregate[] {
  const f = finiteNumbers(c);
  return [{ name: `c${index}_mean`, agg: { fn: 'avg', arg: f } }, { name: `c${index}_std`, agg: { fn: 'stddevSamp', arg: f } }];
}

/**
 * The first pass's mean and std of the numeric columns given with their positions: where those from sorted values
 * overflow, the engine's own aggregates give the result (or the error) the first pass would have.
 */
export function momentsPlan(source: Source, columns: readonly { index: number; column: ColumnInfo }[]): AggregatePlan {
  return { source, aggregates: columns.flatMap((c) => momentAggregates(c.column, c.index)) };
}

/**
 * `c{index}_q`, the exact quantiles (quantile_cont) of the columns given with their positions, as the first pass
 * takes them: the wide profile's columns whose zero quantiles the sorted values cannot sign (sortedValues.zeroSignsUnsure).
 */
export function exactQuantilesPlan(source: Source, columns: readonly { index: number; column: ColumnInfo }[]): AggregatePlan {
  const levels = QUANTILE_KEYS.map((k) => QUANTILE_LEVELS[k]);
  return { source, aggregates: columns.map((c) => ({ name: `c${c.index}_q`, agg: { fn: 'quantiles', arg: finiteNumbers(c.column), levels, mode: 'exact' } })) };
}

/**
 * The lower-cased smallest and largest text (`c{i}_smin`, `c{i}_smax`, as the first pass named them before) of
 * the columns given with their positions: inferKind's small domain of text columns with exactly two values.
 */
export function smallDomainPlan(source: Source, columns: readonly { index: number; name: string }[]): AggregatePlan {
  const aggs: NamedAggregate[] = [];
  for (const c of columns) {
    const s = fn('lower', cast(col(c.name), 'varchar'));
    aggs.push({ name: `c${c.index}_smin`, agg: { fn: 'min', arg: s } }, { name: `c${c.index}_smax`, agg: { fn: 'max', arg: s } });
  }
  return { source, aggregates: aggs };
}

export interface HistogramSpec {
  index: number;
  name: string;
  first: number;
  last: number;
  edges: number[];
}

/** A numeric column's finite values as v (the WHERE of the histogram and value-count plans), only those in `within` when given. */
function finiteValues(source: Source, name: string, within?: readonly { lo: number; hi: number }[]): Pick<AggregatePlan, 'source' | 'derive' | 'where'> {
  const v = col('v');
  const where = within ? and(isFinite(v), or(...within.map((r) => and(cmp(v, '>=', dblExpr(r.lo)), cmp(v, '<=', dblExpr(r.hi)))))) : isFinite(v);
  return { source, derive: [{ name: 'v', expr: cast(col(name), 'double') }], where };
}

/** numpy's first bin estimate trunc((v − first)·bins/(last − first)), clamped to the last bin. */
function firstBin(spec: HistogramSpec): Expr {
  const bins = spec.edges.length - 1;
  return fn('least', cast(fn('trunc', mul(sub(col('v'), dblExpr(spec.first)), dblExpr(bins / (spec.last - spec.first)))), 'bigint'), int(bins - 1));
}

/**
 * Bin counts by numpy.histogram's first estimate, with each estimated bin's smallest and largest value. numpy
 * then moves a value down if x < edges[i] or up if x ≥ edges[i+1]; histogramNeedsExact tells from these rows
 * whether any value moves, and only then is the column counted again with histogramExactPlan (the bounds check
 * costs less than the per-row correction).
 */
export function histogramPlan(source: Source, spec: HistogramSpec): AggregatePlan {
  return {
    ...finiteValues(source, spec.name),
    groupBy: [{ name: 'bin', expr: firstBin(spec), type: 'bigint' }],
    aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }, { name: 'lo', agg: { fn: 'min', arg: col('v') }, type: 'double' }, { name: 'hi', agg: { fn: 'max', arg: col('v') }, type: 'double' }],
  };
}

/** Whether a histogramPlan row (estimated bin, its min and max) holds a value numpy's correction would move. */
export function histogramNeedsExact(edges: readonly number[], bin: number, lo: number, hi: number): boolean {
  const last = edges.length - 2;
  return !(bin >= 0 && bin <= last && lo >= edges[bin]! && (bin === last || hi < edges[bin + 1]!));
}

/**
 * Bin counts with numpy.histogram's exact rule: index = trunc((x − first)·bins/(last − first)), clamped to
 * the last bin, then moved down if x < edges[i] or up if x ≥ edges[i+1] (not past the last bin). Edge k is
 * k·step + first (histogramEdges' arithmetic), the last edge exactly `last`. `within`: only the values in these
 * ranges (fine bins that reach across an edge, fineBins.ts).
 */
export function histogramExactPlan(source: Source, spec: HistogramSpec, within?: readonly { lo: number; hi: number }[]): AggregatePlan {
  const bins = spec.edges.length - 1;
  const step = (spec.last - spec.first) / bins;
  const b0 = firstBin(spec);
  const edge = (k: Expr) => when([[cmp(k, '>=', int(bins)), dblExpr(spec.last)]], add(mul(cast(k, 'double'), dblExpr(step)), dblExpr(spec.first)));
  const v = col('v');
  const bin = when([[cmp(v, '<', edge(b0)), sub(b0, int(1))], [and(cmp(b0, '<', int(bins - 1)), cmp(v, '>=', edge(add(b0, int(1))))), add(b0, int(1))]], b0);
  return { ...finiteValues(source, spec.name, within), groupBy: [{ name: 'bin', expr: bin, type: 'bigint' }], aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] };
}

/**
 * A numeric column's finite values with their counts (as DOUBLE, like the first pass's statistics), for
 * columns whose distinct count is small enough to hold: exact quantiles and histograms (valueCounts.ts).
 */
export function valueCountsPlan(source: Source, name: string): AggregatePlan {
  return { ...finiteValues(source, name), groupBy: [{ name: 'v', expr: col('v'), type: 'double' }], aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] };
}

/** The `limit` most frequent non-missing values, ties broken by the value's text. */
export function topValuesPlan(source: Source, name: string, limit: number): AggregatePlan {
  const x = col(name);
  return { source, where: notNull(x), groupBy: [{ name: 'value', expr: x, type: 'varchar' }], aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }], top: { k: limit, by: 'n' } };
}

/** numpy.linspace(first, last, bins + 1): edge k = k·step + first, the last edge exactly `last`. */
export function histogramEdges(first: number, last: number, bins: number): number[] {
  const step = (last - first) / bins;
  const edges: number[] = [];
  for (let k = 0; k < bins; k++) edges.push(k * step + first);
  edges.push(last);
  return edges;
}
