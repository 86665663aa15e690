import type { ColumnInfo } from '../data/dataset';
import { quoteIdent } from '../data/sql';
import { QUANTILE_KEYS, QUANTILE_LEVELS } from './types';

export const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/i;
export const TEMPORAL_TYPE = /^(DATE|TIME.*|TIMESTAMP.*)$/i;
export const TEXT_TYPE = /^(VARCHAR|ENUM.*|UUID)$/i;

/** A double as SQL: parsed from its shortest round-trip text, so the engine sees exactly the JS value. */
export function dbl(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not finite: ${x}`);
  return `'${String(x)}'::DOUBLE`;
}

/**
 * The profile's single pass: one SELECT with a handful of aggregates per column. Aliases are positional
 * (`c3_min`), never derived from column names. `exact` adds exact distinct counts (count(DISTINCT)) and
 * takes exact quantiles (quantile_cont) over t-digest (approx_quantile); without it distinct counts come
 * from their own passes (profileDataset, data/distinctCount.ts).
 */
export function firstPassSql(relation: string, columns: ColumnInfo[], exact: boolean): string {
  const levels = `[${QUANTILE_KEYS.map((k) => QUANTILE_LEVELS[k]).join(', ')}]`;
  const parts = ['count(*)::BIGINT AS n'];
  columns.forEach((c, i) => {
    const x = quoteIdent(c.name);
    const a = (s: string) => `"c${i}_${s}"`;
    parts.push(`count(${x})::BIGINT AS ${a('nn')}`);
    if (exact) parts.push(`count(DISTINCT ${x})::BIGINT AS ${a('distinct')}`);
    if (NUMERIC_TYPE.test(c.type)) {
      // Only FLOAT/DOUBLE can hold NaN/±Infinity; for them a CASE (much faster than FILTER in DuckDB) nulls
      // non-finite values out of the statistics, and they are counted separately.
      const floating = /^(FLOAT|DOUBLE|REAL)$/i.test(c.type);
      const f = floating ? `(CASE WHEN isfinite(${x}) THEN ${x} END)` : `${x}::DOUBLE`;
      parts.push(`min(${f}) AS ${a('min')}`, `max(${f}) AS ${a('max')}`, `avg(${f}) AS ${a('mean')}`, `stddev_samp(${f}) AS ${a('std')}`);
      parts.push(floating ? `count(${x})::BIGINT - count(${f})::BIGINT AS ${a('nonfinite')}` : `0 AS ${a('nonfinite')}`);
      parts.push(`${exact ? 'quantile_cont' : 'approx_quantile'}(${f}, ${levels}) AS ${a('q')}`);
    } else if (TEMPORAL_TYPE.test(c.type)) {
      parts.push(`min(${x})::VARCHAR AS ${a('tmin')}`, `max(${x})::VARCHAR AS ${a('tmax')}`);
    } else if (c.type.toUpperCase() !== 'BOOLEAN') {
      const s = `${x}::VARCHAR`;
      parts.push(`min(length(${s}))::BIGINT AS ${a('lmin')}`, `max(length(${s}))::BIGINT AS ${a('lmax')}`, `avg(length(${s})) AS ${a('lmean')}`);
      parts.push(`avg(contains(${s}, ' ')::INTEGER) AS ${a('space')}`);
      parts.push(`min(lower(${s})) AS ${a('smin')}`, `max(lower(${s})) AS ${a('smax')}`);
    }
  });
  // Duplicate rows: distinct 64-bit row hashes (collision chance ≈ n²/2^65, < 3e-6 at 10M rows).
  const all = columns.map((c) => quoteIdent(c.name)).join(', ');
  parts.push(`count(DISTINCT hash(${all}))::BIGINT AS distinct_rows`);
  return `SELECT ${parts.join(',\n  ')}\nFROM ${relation}`;
}

export interface HistogramSpec {
  index: number;
  name: string;
  first: number;
  last: number;
  edges: number[];
}

/**
 * Bin counts by numpy.histogram's first estimate, trunc((x − first)·bins/(last − first)) clamped to the last
 * bin, with each estimated bin's smallest and largest value. numpy then moves a value down if x < edges[i] or
 * up if x ≥ edges[i+1]; histogramNeedsExact tells from these rows whether any value moves, and only then is
 * the column counted again with histogramExactSql (the bounds check costs less than the per-row correction).
 */
export function histogramSql(relation: string, spec: HistogramSpec): string {
  const bins = spec.edges.length - 1;
  const f = `${quoteIdent(spec.name)}::DOUBLE`;
  const b0 = `least(trunc((v - ${dbl(spec.first)}) * ${dbl(bins / (spec.last - spec.first))})::BIGINT, ${bins - 1})`;
  return `SELECT 'hist' AS part, ${spec.index} AS col, ${b0} AS bin, NULL::VARCHAR AS value, count(*)::BIGINT AS n, min(v) AS lo, max(v) AS hi
FROM (SELECT ${f} AS v FROM ${relation} WHERE isfinite(${f})) GROUP BY ALL`;
}

/** Whether a histogramSql row (estimated bin, its min and max) holds a value numpy's correction would move. */
export function histogramNeedsExact(edges: readonly number[], bin: number, lo: number, hi: number): boolean {
  const last = edges.length - 2;
  return !(bin >= 0 && bin <= last && lo >= edges[bin]! && (bin === last || hi < edges[bin + 1]!));
}

/**
 * Bin counts with numpy.histogram's exact rule: index = trunc((x − first)·bins/(last − first)), clamped to
 * the last bin, then moved down if x < edges[i] or up if x ≥ edges[i+1] (not past the last bin).
 */
export function histogramExactSql(relation: string, spec: HistogramSpec): string {
  const bins = spec.edges.length - 1;
  const f = `${quoteIdent(spec.name)}::DOUBLE`;
  const norm = bins / (spec.last - spec.first);
  const edges = `[${spec.edges.map(dbl).join(', ')}]`;
  const b0 = `least(trunc((${f} - ${dbl(spec.first)}) * ${dbl(norm)})::BIGINT, ${bins - 1})`;
  return `SELECT ${spec.index} AS col, (CASE WHEN v < e[b0 + 1] THEN b0 - 1 WHEN b0 < ${bins - 1} AND v >= e[b0 + 2] THEN b0 + 1 ELSE b0 END)::BIGINT AS bin, NULL::VARCHAR AS value, count(*)::BIGINT AS n
FROM (SELECT ${f} AS v, ${b0} AS b0, ${edges} AS e FROM ${relation} WHERE isfinite(${f})) GROUP BY ALL`;
}

/**
 * A numeric column's finite values with their counts (as DOUBLE, like the first pass's statistics), for
 * columns whose distinct count is small enough to hold: exact quantiles and histograms (valueCounts.ts).
 */
export function valueCountsSql(relation: string, index: number, name: string): string {
  const f = `${quoteIdent(name)}::DOUBLE`;
  return `SELECT 'values' AS part, ${index} AS col, NULL::BIGINT AS bin, NULL::VARCHAR AS value, count(*)::BIGINT AS n, v AS lo, NULL::DOUBLE AS hi
FROM (SELECT ${f} AS v FROM ${relation} WHERE isfinite(${f})) GROUP BY v`;
}

/** The `limit` most frequent non-missing values, ties broken by the value's text. */
export function topValuesSql(relation: string, index: number, name: string, limit: number): string {
  const x = quoteIdent(name);
  return `SELECT * FROM (SELECT 'top' AS part, ${index} AS col, NULL::BIGINT AS bin, ${x}::VARCHAR AS value, count(*)::BIGINT AS n, NULL::DOUBLE AS lo, NULL::DOUBLE AS hi FROM ${relation} WHERE ${x} IS NOT NULL GROUP BY ${x} ORDER BY n DESC, value ASC LIMIT ${limit})`;
}

/** numpy.linspace(first, last, bins + 1): edge k = k·step + first, the last edge exactly `last`. */
export function histogramEdges(first: number, last: number, bins: number): number[] {
  const step = (last - first) / bins;
  const edges: number[] = [];
  for (let k = 0; k < bins; k++) edges.push(k * step + first);
  edges.push(last);
  return edges;
}
