import type { DataIssue, Dataset } from '../data/dataset';
import type { Engine } from '../data/engine';
import { LN_GAMMA, type LogSketch } from '../health/sketch';
import { quoteIdent } from '../bias/sql';
import { NUMERIC_TYPE, TEMPORAL_TYPE } from '../profile/profileSql';
import { DUPLICATE_SAMPLE_RATE } from '../profile/duplicateEstimate';
import { DISTINCT_SAMPLE_RATE } from '../data/distinctCount';
import { bucketSketch, fineSketch } from './fineSketch';

/**
 * A partial profile of one part of a dataset (`model-lens profile <part> --partial`). Per column what adds up
 * exactly (counts, missing, min/max, Σx and Σ(x − mean)² for mean and std, text lengths) and, for the figures that
 * need the values (quantiles, histogram, distinct count, top values), the part's exact value → count map while it
 * has at most MAX_VALUE_MAP distinct values. Beyond that the part carries mergeable sketches instead: the health
 * baseline's log-bucket quantile sketch (health/sketch.ts, DDSketch, 1% relative accuracy) for numbers, the
 * distinct-value hash sample (1 in DISTINCT_SAMPLE_RATE, data/distinctCount.ts) for distinct counts and the
 * part's top values; the merged profile labels the figures from them as estimates. Duplicate rows: the part's
 * distinct 64-bit row hashes (the same hash the one-file profile counts), up to MAX_ROW_HASHES.
 */
export interface ProfilePartial {
  modelLensPartial: 1;
  analysis: 'profile';
  dataset: string;
  format: string;
  delimiter: string | null;
  rows: number;
  bins: number;
  top: number;
  /** Distinct row hashes (decimal text), or null when the part has more than MAX_ROW_HASHES distinct rows. */
  rowHashes: string[] | null;
  /** The rows whose hash is in the 1-in-DUPLICATE_SAMPLE_RATE sample, as [hash, rows] (for the estimate when a part has no rowHashes). */
  rowSample: [string, number][];
  issues: DataIssue[];
  columns: ColumnPartial[];
}

export interface ColumnPartial {
  name: string;
  type: string;
  nonNull: number;
  /** Numeric columns: finite values' count, min, max, Σx, Σ(x − mean)², non-finite values as [text, count], sketch of the finite values. */
  num?: { finite: number; min: number | null; max: number | null; sum: number; m2: number; nonFinite: [string, number][]; sketch: LogSketch; fine?: LogSketch };
  /** Text columns: min/max/Σ length, values with a space, min and max of the lower-cased text. */
  text?: { lmin: number | null; lmax: number | null; lsum: number; space: number; smin: string | null; smax: string | null };
  /** Date/time columns: min and max as text. */
  time?: { min: string | null; max: string | null };
  /** (num.fine: without a value map, the same sketch at 0.1% relative accuracy for drift's CDF bounds; fineSketch.ts.) */
  /** Exact [text, count] of the non-missing values (numbers: finite ones, with the value as a double third), or null above MAX_VALUE_MAP. */
  values: [string, number, number?][] | null;
  /** Without values: the part's most frequent MAX_TOP texts (non-numeric). */
  top?: [string, number][];
  /** The distinct-value hash sample (hash(value) % SAMPLE_RATE = 0), for the estimate when some part has no value map. */
  sample: string[];
}

/** Most distinct values a part carries exactly per column (the profile's VALUE_COUNT_LIMIT). */
export const MAX_VALUE_MAP = 10_000;
/** Most distinct row hashes a part carries for exact duplicate rows. */
export const MAX_ROW_HASHES = 1_000_000;
/** Top values a part carries when its value map does not fit (a merged top list is then an estimate). */
export const MAX_TOP = 1000;
/** A distinct value is in the hash sample when hash(value) % rate = 0. */
export const SAMPLE_RATE = DISTINCT_SAMPLE_RATE;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export async function profilePartial(engine: Engine, ds: Dataset, options: { bins: number; top: number }): Promise<ProfilePartial> {
  const run = (sql: string) => engine.run(sql);
  const from = ds.relation;
  const q = quoteIdent;
  const [head] = await run(`SELECT COUNT(*) AS n FROM ${from}`);
  const rows = num(head?.['n']) ?? 0;
  const columns: ColumnPartial[] = [];
  for (const c of ds.columns) {
    const x = q(c.name);
    const [r] = await run(`SELECT COUNT(${x}) AS nn, COUNT(DISTINCT ${x}) AS d FROM ${from}`);
    const nonNull = num(r?.['nn']) ?? 0;
    const distinct = num(r?.['d']) ?? 0;
    const out: ColumnPartial = { name: c.name, type: c.type, nonNull, values: null, sample: [] };
    const numeric = NUMERIC_TYPE.test(c.type);
    if (numeric) {
      const f = `(CASE WHEN isfinite(CAST(${x} AS DOUBLE)) THEN CAST(${x} AS DOUBLE) END)`;
      const [s] = await run(`SELECT COUNT(${f}) AS n, MIN(${f}) AS lo, MAX(${f}) AS hi, COALESCE(SUM(${f}), 0) AS s, COALESCE(VAR_POP(${f}) * COUNT(${f}), 0) AS m2 FROM ${from}`);
      const nonFinite = (await run(`SELECT CAST(${x} AS VARCHAR) AS v, COUNT(*) AS n FROM ${from} WHERE ${x} IS NOT NULL AND NOT isfinite(CAST(${x} AS DOUBLE)) GROUP BY 1 ORDER BY 1`)).map((v): [string, number] => [String(v['v']), Number(v['n'])]);
      const sketch = (await bucketSketch(engine, from, c.name, LN_GAMMA, Infinity))!;
      out.num = { finite: num(s?.['n']) ?? 0, min: num(s?.['lo']), max: num(s?.['hi']), sum: num(s?.['s']) ?? 0, m2: num(s?.['m2']) ?? 0, nonFinite, sketch };
      if (distinct <= MAX_VALUE_MAP) out.values = (await run(`SELECT CAST(${x} AS VARCHAR) AS t, ${f} AS v, COUNT(*) AS n FROM ${from} WHERE ${f} IS NOT NULL GROUP BY ALL ORDER BY 2`)).map((v2) => [String(v2['t']), Number(v2['n']), Number(v2['v'])]);
      else {
        const fine = await fineSketch(engine, from, c.name);
        if (fine) out.num.fine = fine;
      }
    } else {
      const t = `CAST(${x} AS VARCHAR)`;
      if (TEMPORAL_TYPE.test(c.type)) {
        const [s] = await run(`SELECT CAST(MIN(${x}) AS VARCHAR) AS lo, CAST(MAX(${x}) AS VARCHAR) AS hi FROM ${from}`);
        out.time = { min: str(s?.['lo']), max: str(s?.['hi']) };
      } else if (c.type.toUpperCase() !== 'BOOLEAN') {
        const [s] = await run(`SELECT MIN(LENGTH(${t})) AS lmin, MAX(LENGTH(${t})) AS lmax, COALESCE(SUM(LENGTH(${t})), 0) AS lsum, COUNT_IF(CONTAINS(${t}, ' ')) AS sp, MIN(LOWER(${t})) AS smin, MAX(LOWER(${t})) AS smax FROM ${from}`);
        out.text = { lmin: num(s?.['lmin']), lmax: num(s?.['lmax']), lsum: num(s?.['lsum']) ?? 0, space: num(s?.['sp']) ?? 0, smin: str(s?.['smin']), smax: str(s?.['smax']) };
      }
      const grouped = `SELECT ${t} AS v, COUNT(*) AS n FROM ${from} WHERE ${x} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v`;
      if (distinct <= MAX_VALUE_MAP) out.values = (await run(grouped)).map((v) => [String(v['v']), Number(v['n'])]);
      else out.top = (await run(`${grouped} LIMIT ${MAX_TOP}`)).map((v) => [String(v['v']), Number(v['n'])]);
    }
    out.sample = (await run(`SELECT DISTINCT CAST(hash(${x}) AS VARCHAR) AS h FROM ${from} WHERE ${x} IS NOT NULL AND hash(${x}) % ${SAMPLE_RATE} = 0 ORDER BY 1`)).map((h) => String(h['h']));
    columns.push(out);
  }
  const all = ds.columns.map((c) => q(c.name)).join(', ');
  const [dr] = await run(`SELECT COUNT(DISTINCT hash(${all})) AS d FROM ${from}`);
  const rowHashes = (num(dr?.['d']) ?? 0) > MAX_ROW_HASHES ? null : (await run(`SELECT DISTINCT CAST(hash(${all}) AS VARCHAR) AS h FROM ${from} ORDER BY 1`)).map((h) => String(h['h']));
  const rowSample = (await run(`SELECT CAST(hash(${all}) AS VARCHAR) AS h, COUNT(*) AS n FROM ${from} WHERE hash(${all}) % ${DUPLICATE_SAMPLE_RATE} = 0 GROUP BY 1 ORDER BY 1`)).map((h): [string, number] => [String(h['h']), Number(h['n'])]);
  return {
    modelLensPartial: 1, analysis: 'profile', dataset: ds.path, format: ds.format, delimiter: ds.delimiter ?? null, rows, bins: options.bins, top: options.top,
    rowHashes, rowSample, issues: ds.issues, columns,
  };
}
