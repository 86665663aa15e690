/**
 * The aggregate plans `evaluate --source` runs where the data lives (issue 23). Only aggregates cross the wire:
 * - labelValuesPlan: the label's distinct values (at most 3) with counts;
 * - binarySizePlan: rows, usable and labelled rows, distinct usable scores (the transfer guard);
 * - binaryCountsPlan: GROUP BY (score, label) counts, from which every binary metric, curve and bootstrap
 *   cell is exact (evaluateBinaryCounts); scoreCountsPlan the same with the unlabelled rows (CBPE, score drift);
 * - regressionPlans: sums for MAE, RMSE, R², MAPE and the residual quantiles.
 * Names are plan expressions (quoted by the dialect), values literals: nothing user-typed becomes SQL text.
 */
import type { ColumnInfo } from '../../data/dataset';
import { and, cast, cmp, col, dbl, isFinite, isNull, nonFinite, notNull, nullOf, or, str, bool, type Expr } from '../../plan/expr';
import type { AggregatePlan, Source } from '../../plan/plan';

const FLOAT = /^(FLOAT|DOUBLE|REAL|DECIMAL.*)$/i;
const BOOLEAN = /^BOOLEAN$/i;
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/i;

const when = (cond: Expr, then: Expr, otherwise?: Expr): Expr => ({ op: 'case', when: [{ if: cond, then }], ...(otherwise ? { else: otherwise } : {}) });

/** A column as a double: booleans 1/0, NULL for NULL and for NaN/±Infinity (the file path's "unusable"). */
export function finiteDouble(c: ColumnInfo): Expr {
  if (BOOLEAN.test(c.type)) return { op: 'case', when: [{ if: cmp(col(c.name), '=', bool(true)), then: dbl(1) }, { if: cmp(col(c.name), '=', bool(false)), then: dbl(0) }] };
  const x = cast(col(c.name), 'double');
  return when(isFinite(x), x, nullOf('double'));
}

/**
 * A label value. In a float column NaN reads as missing and ±Infinity is a class of its own ('inf', '-inf'), as
 * the file path reads labels (evaluationSql.valueOf: only NaN becomes NULL).
 */
export function labelValue(c: ColumnInfo): Expr {
  if (!FLOAT.test(c.type)) return col(c.name);
  const x = cast(col(c.name), 'double');
  return when(or(isFinite(x), cmp(x, '=', nonFinite('inf')), cmp(x, '=', nonFinite('-inf'))), x, nullOf('double'));
}

/** Text of a label value as the file path (DuckDB's VARCHAR cast) writes it: a DOUBLE 1 is '1.0', Infinity 'inf'. */
export function labelText(c: ColumnInfo, v: unknown): string {
  if (typeof v === 'number' && FLOAT.test(c.type) && Number.isInteger(v)) return `${v}.0`;
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

/** 1 for the positive value, 0 for any other, NULL when missing. */
export function positiveLabel(c: ColumnInfo, positive: string): Expr {
  const v = labelValue(c);
  let eq: Expr;
  if (BOOLEAN.test(c.type) && /^(true|false)$/i.test(positive)) eq = cmp(col(c.name), '=', bool(positive.toLowerCase() === 'true'));
  else if (NUMERIC.test(c.type) && positive.trim() !== '' && Number.isFinite(Number(positive))) eq = cmp(cast(col(c.name), 'double'), '=', dbl(Number(positive)));
  else if (FLOAT.test(c.type) && (positive === 'inf' || positive === '-inf')) eq = cmp(cast(col(c.name), 'double'), '=', nonFinite(positive));
  else eq = cmp(cast(col(c.name), 'varchar'), '=', str(positive));
  return { op: 'case', when: [{ if: isNull(v), then: nullOf('integer') }, { if: eq, then: { op: 'int', value: 1 } }], else: { op: 'int', value: 0 } };
}

export function labelValuesPlan(source: Source, label: ColumnInfo): AggregatePlan {
  return {
    source, derive: [{ name: 'v', expr: labelValue(label) }], where: notNull(col('v')),
    groupBy: [{ name: 'v', expr: col('v') }], aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }], top: { k: 3, by: 'n' },
  };
}

export const binaryDerive = (label: ColumnInfo, score: ColumnInfo, positive: string) => [{ name: 's', expr: finiteDouble(score) }, { name: 'y', expr: positiveLabel(label, positive) }];

/**
 * Rows with a usable score, those with a label too, and (the transfer guard) the distinct scores among the rows a
 * counts plan will bring back: 'labeled' (binaryCountsPlan), 'usable' (scoreCountsPlan), or none (windows count
 * their (window, score) pairs themselves: windowPairsPlan).
 */
export function binarySizePlan(source: Source, label: ColumnInfo, score: ColumnInfo, positive: string, among: 'labeled' | 'usable' | null = 'labeled'): AggregatePlan {
  return {
    source, derive: binaryDerive(label, score, positive),
    aggregates: [
      { name: 'usable', agg: { fn: 'count', arg: col('s') }, type: 'bigint' },
      { name: 'labeled', agg: { fn: 'countIf', cond: and(notNull(col('s')), notNull(col('y'))) }, type: 'bigint' },
      ...(among === null ? [] : [{ name: 'scores', agg: { fn: 'distinct' as const, args: [col('s')], mode: 'exact' as const, ...(among === 'labeled' ? { filter: notNull(col('y')) } : {}) }, type: 'bigint' as const }]),
    ],
  };
}

/** Labelled rows with a usable score, counted per (score, label): at most two rows per distinct score. */
export function binaryCountsPlan(source: Source, label: ColumnInfo, score: ColumnInfo, positive: string): AggregatePlan {
  return {
    source, derive: binaryDerive(label, score, positive), where: and(notNull(col('s')), notNull(col('y'))),
    groupBy: [{ name: 's', expr: col('s'), type: 'double' }, { name: 'y', expr: col('y'), type: 'integer' }],
    aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }],
    orderBy: ['s', 'y'],
  };
}

/** Every row with a usable score, counted per (score, label), the label NULL for unlabelled rows: at most three rows per distinct score. */
export function scoreCountsPlan(source: Source, label: ColumnInfo, score: ColumnInfo, positive: string): AggregatePlan {
  return {
    source, derive: binaryDerive(label, score, positive), where: notNull(col('s')),
    groupBy: [{ name: 's', expr: col('s'), type: 'double' }, { name: 'y', expr: col('y'), type: 'integer' }],
    aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }],
    orderBy: ['s', 'y'],
  };
}

export const RESIDUAL_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95];

/** Regression, pass 1: rows, usable and labelled counts, Σy (for the mean), the error sums and the residual quantiles. */
export function regressionSumsPlan(source: Source, label: ColumnInfo, prediction: ColumnInfo, exactQuantiles: boolean): AggregatePlan {
  const both = and(notNull(col('p')), notNull(col('y')));
  const e: Expr = { op: 'arith', fn: '-', left: col('y'), right: col('p') };
  const absE: Expr = { op: 'fn', fn: 'abs', args: [e] };
  const eps = dbl(2.220446049250313e-16);
  return {
    source, derive: [{ name: 'p', expr: finiteDouble(prediction) }, { name: 'y', expr: finiteDouble(label) }],
    aggregates: [
      { name: 'usable', agg: { fn: 'count', arg: col('p') }, type: 'bigint' },
      { name: 'labeled', agg: { fn: 'countIf', cond: both }, type: 'bigint' },
      { name: 'sum_y', agg: { fn: 'sum', arg: col('y'), filter: both }, type: 'double' },
      { name: 'sum_abs', agg: { fn: 'sum', arg: absE, filter: both }, type: 'double' },
      { name: 'sum_sq', agg: { fn: 'sumSquares', arg: e, filter: both }, type: 'double' },
      { name: 'sum_ape', agg: { fn: 'sum', arg: { op: 'arith', fn: '/', left: absE, right: { op: 'fn', fn: 'greatest', args: [{ op: 'fn', fn: 'abs', args: [col('y')] }, eps] } }, filter: both }, type: 'double' },
      { name: 'q', agg: { fn: 'quantiles', arg: when(both, e, nullOf('double')), levels: RESIDUAL_LEVELS, mode: exactQuantiles ? 'exact' : 'approx' } },
    ],
  };
}

/** Regression, pass 2: Σ(y − ȳ)² around the mean of pass 1 (two passes, as scikit-learn's r2_score). */
export function regressionTotalPlan(source: Source, label: ColumnInfo, prediction: ColumnInfo, mean: number): AggregatePlan {
  return {
    source, derive: [{ name: 'p', expr: finiteDouble(prediction) }, { name: 'y', expr: finiteDouble(label) }], where: and(notNull(col('p')), notNull(col('y'))),
    aggregates: [{ name: 'sum_tot', agg: { fn: 'sumSquares', arg: { op: 'arith', fn: '-', left: col('y'), right: dbl(mean) } }, type: 'double' }],
  };
}
