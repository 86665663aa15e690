import type { ColumnInfo } from '../data/dataset';
import { quoteIdent, quoteLiteral } from '../data/sql';
import { InputError } from '../errors';
import type { MetricType } from './types';

export type RunSql = (sql: string) => Promise<Record<string, unknown>[]>;

/** Count, mean and sample variance of one metric in one group (a variant, or a variant within a segment level / time bucket). */
export interface GroupStats {
  n: number;
  missing: number;
  mean: number;
  /** Sample variance (ddof = 1); 0 when n < 2. */
  variance: number;
  sum: number;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL.*|BOOLEAN)$/i;

export function requireColumn(columns: readonly ColumnInfo[], name: string, role: string): ColumnInfo {
  const c = columns.find((x) => x.name === name);
  if (!c) throw new InputError('COLUMN_NOT_FOUND', `${role} column '${name}' not found; columns are: ${columns.map((x) => x.name).join(', ')}.`, { column: name });
  return c;
}

/** A metric must be numeric or boolean; it is binary when every non-NULL value is 0 or 1. */
export async function metricType(run: RunSql, relation: string, columns: readonly ColumnInfo[], name: string, role: string): Promise<MetricType> {
  const c = requireColumn(columns, name, role);
  if (!NUMERIC.test(c.type)) throw new InputError('BAD_ARGUMENT', `${role} '${name}' is ${c.type}, not a number: a metric must be numeric (e.g. revenue) or 0/1 (e.g. converted).`, { column: name });
  const x = `${quoteIdent(name)}::DOUBLE`;
  const [r] = await run(`SELECT count(${x}) AS n, count(*) FILTER (WHERE ${x} NOT IN (0, 1)) AS other FROM ${relation}`);
  if (Number(r?.['n'] ?? 0) === 0) throw new InputError('BAD_ARGUMENT', `${role} '${name}' has no values (every row is NULL).`, { column: name });
  return Number(r?.['other'] ?? 0) === 0 ? 'binary' : 'continuous';
}

/** Per-group count, missing count, mean, variance and sum of a metric; `by` are SQL expressions aliased g0, g1, … */
export async function groupStats(run: RunSql, relation: string, metric: string, by: string[], where: string): Promise<{ keys: string[]; stats: GroupStats }[]> {
  const x = `${quoteIdent(metric)}::DOUBLE`;
  // Group on the raw expressions and turn the keys into text only afterwards (once per group, not per row).
  const keys = by.map((b, i) => `${b} AS g${i}`).join(', ');
  const outer = by.map((_, i) => `g${i}::VARCHAR AS g${i}`).join(', ');
  const positions = by.map((_, i) => i + 1).join(', ');
  const rows = await run(`SELECT ${outer}, n, missing, mean, var, s FROM (SELECT ${keys}, count(${x}) AS n, count(*) - count(${x}) AS missing, avg(${x}) AS mean, var_samp(${x}) AS var, sum(${x}) AS s FROM ${relation} WHERE ${where} GROUP BY ${positions}) ORDER BY ${positions}`);
  return rows.map((r) => ({
    keys: by.map((_, i) => String(r[`g${i}`])),
    stats: { n: Number(r['n']), missing: Number(r['missing']), mean: Number(r['mean'] ?? NaN), variance: Number(r['var'] ?? 0), sum: Number(r['s'] ?? 0) },
  }));
}

/** The non-NULL values of a metric in one variant, as doubles (for the bootstrap). */
export async function metricValues(run: RunSql, relation: string, metric: string, variant: string, value: string): Promise<Float64Array> {
  const [r] = await run(`SELECT list(${quoteIdent(metric)}::DOUBLE) AS v FROM ${relation} WHERE ${quoteIdent(variant)}::VARCHAR = ${quoteLiteral(value)} AND ${quoteIdent(metric)} IS NOT NULL`);
  const v = r?.['v'];
  return Float64Array.from(Array.isArray(v) ? v.map(Number) : []);
}

/** Merge summary statistics (Chan, Golub & LeVeque 1979): exact up to rounding, so cumulative looks need one pass. */
export function mergeStats(a: GroupStats, b: GroupStats): GroupStats {
  const n = a.n + b.n;
  if (a.n === 0) return { ...b, missing: a.missing + b.missing };
  if (b.n === 0) return { ...a, missing: a.missing + b.missing };
  const delta = b.mean - a.mean;
  const mean = a.mean + (delta * b.n) / n;
  const m2 = a.variance * Math.max(0, a.n - 1) + b.variance * Math.max(0, b.n - 1) + (delta * delta * a.n * b.n) / n;
  return { n, missing: a.missing + b.missing, mean, variance: n > 1 ? m2 / (n - 1) : 0, sum: a.sum + b.sum };
}
