import type { DataIssue } from '../data/dataset';
import type { DistinctCount } from '../data/distinctCount';
import type { Row } from '../data/engine';
import { cast, col, isFinite } from '../plan/expr';
import type { AggregatePlan, Source } from '../plan/plan';
import { inferKind } from './inferKind';
import { NUMERIC_TYPE, TEMPORAL_TYPE } from './profileSql';
import { QUANTILE_KEYS, QUANTILE_LEVELS, type ColumnProfile, type NumericSummary, type QuantileKey } from './types';

/**
 * A column's profile from the first pass's row (its figures as c{i}_…), the dataset's issues from the columns, and
 * the small helpers the passes share (profileDataset.ts, secondPass.ts, partial/profilePartialMerge.ts).
 */
export function columnFromFirstPass(name: string, type: string, i: number, r: Row, rows: number, quantilesExact: boolean, d: DistinctCount, rankError: number | undefined): ColumnProfile {
  const g = (s: string) => r[`c${i}_${s}`];
  const nonNull = num(g('nn')) ?? 0;
  const distinct = Math.min(d.value, nonNull); // an estimate can overshoot
  const missing = rows - nonNull;
  const col: ColumnProfile = { name, type, kind: 'categorical', missing, missingPct: rows ? (100 * missing) / rows : 0, distinct, approximateDistinct: d.relativeError > 0, ...(d.relativeError > 0 ? { distinctRelativeError: d.relativeError } : {}) };
  let smallDomain: string[] | undefined;
  if (NUMERIC_TYPE.test(type)) {
    const q = g('q');
    const qs = Array.isArray(q) ? q.map(num) : [];
    const numeric: NumericSummary = {
      min: num(g('min')),
      max: num(g('max')),
      mean: num(g('mean')),
      std: num(g('std')),
      quantiles: Object.fromEntries(QUANTILE_KEYS.map((k, j) => [k, qs[j] ?? null])) as Record<QuantileKey, number | null>,
      approximateQuantiles: !quantilesExact,
      ...(!quantilesExact && rankError !== undefined ? { quantileRankError: rankError } : {}),
      histogram: null,
      nonFinite: g('finite') === undefined ? 0 : nonNull - (num(g('finite')) ?? 0),
    };
    col.numeric = numeric;
    if (distinct === 2) smallDomain = [numeric.min, numeric.max].filter((v) => v !== null).map(String);
  } else if (TEMPORAL_TYPE.test(type)) {
    col.datetime = { min: str(g('tmin')), max: str(g('tmax')) };
  } else if (type.toUpperCase() !== 'BOOLEAN') {
    col.text = { minLength: num(g('lmin')), maxLength: num(g('lmax')), meanLength: num(g('lmean')) };
    if (distinct === 2) smallDomain = [str(g('smin')), str(g('smax'))].filter((v): v is string => v !== null);
  }
  col.kind = inferKind({ name, type, nonNull, distinct, distinctRelativeError: d.relativeError, ...(smallDomain ? { smallDomain } : {}), meanLength: col.text?.meanLength ?? null, spaceShare: num(g('space')) });
  if (col.kind === 'boolean' || col.kind === 'identifier') delete col.numeric;
  if (col.kind !== 'text' && col.kind !== 'identifier') delete col.text;
  return col;
}

export function columnIssues(columns: ColumnProfile[], rows: number): DataIssue[] {
  const out: DataIssue[] = [];
  for (const c of columns) {
    if (c.missing === rows) out.push({ code: 'EMPTY_COLUMN', severity: 'warning', column: c.name, message: `column '${c.name}' is entirely empty (${rows} missing values).` });
    else if (c.distinct === 1) out.push({ code: 'CONSTANT_COLUMN', severity: 'info', column: c.name, message: `column '${c.name}' has a single value; it carries no information for a model.` });
    if (c.numeric && c.numeric.nonFinite > 0) {
      out.push({ code: 'NON_FINITE', severity: 'warning', column: c.name, message: `column '${c.name}': ${c.numeric.nonFinite} NaN or infinite value(s), excluded from its statistics.` });
    }
    if (c.kind === 'text' || c.kind === 'identifier') {
      if (c.distinct > 1000 && c.distinct < 0.98 * (rows - c.missing)) {
        out.push({ code: 'HIGH_CARDINALITY', severity: 'info', column: c.name, message: `column '${c.name}' has ${c.distinct} distinct values; it is treated as ${c.kind}, not as a category.` });
      }
    }
  }
  return out;
}

/** Quantiles above the exact-size limit with their rank bound (0: exact, undefined: the engine's unstated error). */
export function setQuantiles(s: NumericSummary, values: readonly (number | null)[], rankError: number | undefined): void {
  s.quantiles = Object.fromEntries(QUANTILE_KEYS.map((k, j) => [k, values[j] ?? null])) as Record<QuantileKey, number | null>;
  s.approximateQuantiles = rankError !== 0;
  if (rankError === undefined || rankError === 0) delete s.quantileRankError;
  else s.quantileRankError = rankError;
}

/** The engine's sketch of a column's finite values (approx_quantile), where fine bins cannot span the range. */
export function approxQuantilesPlan(source: Source, name: string): AggregatePlan {
  return { source, derive: [{ name: 'v', expr: cast(col(name), 'double') }], where: isFinite(col('v')), aggregates: [{ name: 'q', agg: { fn: 'quantiles', arg: col('v'), levels: QUANTILE_KEYS.map((k) => QUANTILE_LEVELS[k]), mode: 'approx' } }] };
}

/** The types columnFromFirstPass profiles as text (neither numeric, temporal nor boolean). */
export function isTextType(type: string): boolean {
  return !NUMERIC_TYPE.test(type) && !TEMPORAL_TYPE.test(type) && type.toUpperCase() !== 'BOOLEAN';
}

/** A first-pass or plan value as a number (null: NULL or not a number). */
export function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isNaN(n) && typeof v !== 'number' ? null : n;
}

/** A first-pass value as a string (null: NULL). */
export function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
