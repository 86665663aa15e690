import type { Dataset } from '../data/dataset';
import type { Engine, Row, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { InputError } from '../errors';
import { NUMERIC_TYPE, TEMPORAL_TYPE } from '../profile/profileSql';
import { sketchHistogram, sketchQuantiles } from './derived';
import { RELATIVE_ACCURACY, sketchBucketSql, type LogSketch } from './sketch';
import { BASELINE_SCHEMA, BASELINE_VERSION, MAX_CATEGORIES, type Baseline, type BaselineColumn, type BaselineTime } from './types';

export interface StatsOptions extends RunOptions {
  /** The time column; undefined picks the first DATE/TIMESTAMP column, null means none. */
  timeColumn?: string | null | undefined;
  /** Columns read as numbers even if the file now holds text (values that do not parse are counted). */
  numericHints?: ReadonlySet<string>;
  /** The file name recorded in the baseline (default: the dataset's base name). */
  sourceName?: string;
}

export interface DatasetStats {
  baseline: Baseline;
  /** Per hinted column: non-missing values that are not numbers, and one example. */
  parseFailures: Map<string, { count: number; example: string | null }>;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The statistics of a baseline for one dataset, in two engine passes: one aggregate SELECT (counts, missing,
 * min/max, non-finite, negatives, parse failures), then one UNION ALL of sketch buckets per numeric column,
 * category counts per string/boolean column (at most MAX_CATEGORIES + 1 rows each) and rows per day of the
 * time column. No rows reach JS. NaN/±Infinity are neither missing nor in the sketch: they are counted in
 * `nonFinite`. Missing = SQL NULL.
 */
export async function computeStats(engine: Engine, ds: Dataset, options: StatsOptions = {}): Promise<DatasetStats> {
  const hints = options.numericHints ?? new Set<string>();
  const timeColumn = pickTimeColumn(ds, options.timeColumn);
  const rel = ds.relation;
  const isNumeric = (c: { name: string; type: string }) => !isIdentifier(c) && (NUMERIC_TYPE.test(c.type) || hints.has(c.name));
  const valueOf = (i: number) => {
    const c = ds.columns[i]!;
    return NUMERIC_TYPE.test(c.type) ? `${quoteIdent(c.name)}::DOUBLE` : `TRY_CAST(${quoteIdent(c.name)} AS DOUBLE)`;
  };
  const finite = (i: number) => `(CASE WHEN isfinite(${valueOf(i)}) THEN ${valueOf(i)} END)`;
  const parts = ['count(*)::BIGINT AS n'];
  ds.columns.forEach((c, i) => {
    const x = quoteIdent(c.name);
    parts.push(`count(${x})::BIGINT AS c${i}_nn`);
    if (isNumeric(c)) {
      const f = finite(i);
      parts.push(`min(${f}) AS c${i}_min`, `max(${f}) AS c${i}_max`, `(count(${valueOf(i)}) - count(${f}))::BIGINT AS c${i}_nonfinite`);
      parts.push(`sum(CASE WHEN ${f} < 0 THEN 1 ELSE 0 END)::BIGINT AS c${i}_neg`);
      if (!NUMERIC_TYPE.test(c.type)) {
        parts.push(`(count(${x}) - count(${valueOf(i)}))::BIGINT AS c${i}_bad`);
        parts.push(`min(CASE WHEN ${valueOf(i)} IS NULL THEN ${x}::VARCHAR END) AS c${i}_badex`);
      }
    } else if (TEMPORAL_TYPE.test(c.type)) {
      parts.push(`min(${x})::VARCHAR AS c${i}_tmin`, `max(${x})::VARCHAR AS c${i}_tmax`);
    }
  });
  const timeIndex = timeColumn === null ? -1 : ds.columns.findIndex((c) => c.name === timeColumn);
  const t = timeIndex < 0 ? '' : timeExpr(ds, timeIndex);
  if (timeIndex >= 0) parts.push(`min(${t})::VARCHAR AS t_lo`, `max(${t})::VARCHAR AS t_hi`);
  const first: Row = (await engine.run(`SELECT ${parts.join(', ')} FROM ${rel}`, options))[0] ?? {};
  const rows = num(first['n']) ?? 0;

  const second: string[] = [];
  ds.columns.forEach((c, i) => {
    const x = quoteIdent(c.name);
    if (isNumeric(c)) {
      const b = sketchBucketSql('v');
      second.push(`SELECT ${i} AS col, ${b.sign} AS sign, ${b.index} AS idx, NULL::VARCHAR AS value, count(*)::BIGINT AS n FROM (SELECT ${finite(i)} AS v FROM ${rel}) WHERE v IS NOT NULL GROUP BY 2, 3`);
    } else if (!TEMPORAL_TYPE.test(c.type) && !isIdentifier(c)) {
      second.push(`SELECT * FROM (SELECT ${i} AS col, NULL::INTEGER AS sign, NULL::INTEGER AS idx, ${x}::VARCHAR AS value, count(*)::BIGINT AS n FROM ${rel} WHERE ${x} IS NOT NULL GROUP BY 4 ORDER BY 5 DESC, 4 LIMIT ${MAX_CATEGORIES + 1})`);
    }
  });
  if (timeIndex >= 0) {
    second.push(`SELECT -1 AS col, NULL::INTEGER AS sign, NULL::INTEGER AS idx, CAST(CAST(${t} AS DATE) AS VARCHAR) AS value, count(*)::BIGINT AS n FROM ${rel} WHERE ${t} IS NOT NULL GROUP BY 4`);
  }
  const rowsOut = second.length ? await engine.run(second.map((s) => `(${s})`).join('\nUNION ALL\n'), options) : [];
  const sketches = new Map<number, LogSketch>();
  const cats = new Map<number, [string, number][]>();
  const daily: [string, number][] = [];
  for (const r of rowsOut) {
    const col = num(r['col'])!;
    const n = num(r['n']) ?? 0;
    if (col === -1) { daily.push([String(r['value']), n]); continue; }
    if (r['sign'] !== null && r['sign'] !== undefined) {
      const s = sketches.get(col) ?? { zero: 0, positive: [], negative: [] };
      const sign = num(r['sign']);
      const idx = num(r['idx'])!;
      if (sign === 0) s.zero += n;
      else (sign === 1 ? s.positive : s.negative).push([idx, n]);
      sketches.set(col, s);
    } else {
      const list = cats.get(col) ?? [];
      list.push([String(r['value']), n]);
      cats.set(col, list);
    }
  }
  const parseFailures = new Map<string, { count: number; example: string | null }>();
  const columns: BaselineColumn[] = ds.columns.map((c, i) => {
    const g = (s: string) => first[`c${i}_${s}`];
    const count = num(g('nn')) ?? 0;
    const col: BaselineColumn = { name: c.name, type: c.type, kind: 'categorical', count, missing: rows - count };
    if (isIdentifier(c)) {
      col.kind = 'identifier';
    } else if (isNumeric(c)) {
      const sketch = sketches.get(i) ?? { zero: 0, positive: [], negative: [] };
      sketch.positive.sort((a, b) => a[0] - b[0]);
      sketch.negative.sort((a, b) => a[0] - b[0]);
      const min = num(g('min'));
      const max = num(g('max'));
      col.kind = 'numeric';
      col.numeric = { min, max, nonFinite: num(g('nonfinite')) ?? 0, negatives: num(g('neg')) ?? 0, sketch, quantiles: sketchQuantiles(sketch, min, max), histogram: sketchHistogram(sketch, min, max) };
      if (!NUMERIC_TYPE.test(c.type)) {
        const bad = num(g('bad')) ?? 0;
        parseFailures.set(c.name, { count: bad, example: g('badex') === null || g('badex') === undefined ? null : String(g('badex')) });
      }
    } else if (TEMPORAL_TYPE.test(c.type)) {
      col.kind = 'datetime';
      col.datetime = { min: (g('tmin') as string | null) ?? null, max: (g('tmax') as string | null) ?? null };
    } else {
      const list = (cats.get(i) ?? []).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      if (c.type.toUpperCase() === 'BOOLEAN') col.kind = 'boolean';
      else col.kind = list.length > MAX_CATEGORIES ? 'text' : 'categorical';
      if (col.kind !== 'text') col.categories = list;
    }
    return col;
  });
  let time: BaselineTime | null = null;
  if (timeIndex >= 0) {
    time = { column: timeColumn!, min: (first['t_lo'] as string | null) ?? null, max: (first['t_hi'] as string | null) ?? null, daily: daily.sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
  }
  const source = options.sourceName ?? ds.path.split(/[\\/]/).pop() ?? ds.path;
  const baseline: Baseline = {
    schema: BASELINE_SCHEMA,
    version: BASELINE_VERSION,
    source: { files: [source], format: ds.format },
    rows,
    sketch: { kind: 'ddsketch', relativeAccuracy: RELATIVE_ACCURACY },
    time,
    columns,
  };
  return { baseline, parseFailures };
}

const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;
const ID_NAME = /(^id$|_id$|^id_|uuid|guid|(^|_)key$)/i;

/**
 * An integer column with an id-like name (id, *_id, uuid, key): kept as 'identifier' (counts and missing only),
 * since new ids are out of the baseline's range by design. Decided from name and type alone, so it merges.
 */
export function isIdentifier(c: { name: string; type: string }): boolean {
  return INTEGER_TYPE.test(c.type) && ID_NAME.test(c.name);
}

/** The time column: the one named (which must exist), else the first DATE/TIMESTAMP column, else none. */
export function pickTimeColumn(ds: Dataset, requested: string | null | undefined): string | null {
  if (requested === null) return null;
  if (requested !== undefined) {
    if (!ds.columns.some((c) => c.name === requested)) {
      throw new InputError('COLUMN_NOT_FOUND', `time column '${requested}' not found in ${ds.path}; columns are: ${ds.columns.map((c) => c.name).join(', ')}.`, { column: requested });
    }
    return requested;
  }
  return ds.columns.find((c) => TEMPORAL_TYPE.test(c.type))?.name ?? null;
}

/** The time column as TIMESTAMP (text is parsed with TRY_CAST; unparsable values count as missing). */
export function timeExpr(ds: Dataset, i: number): string {
  const c = ds.columns[i]!;
  const x = quoteIdent(c.name);
  return TEMPORAL_TYPE.test(c.type) ? `CAST(${x} AS TIMESTAMP)` : `TRY_CAST(${x} AS TIMESTAMP)`;
}
