import { MAX_GROUPS_PER_ATTRIBUTE } from '../bias/attributeLimits';
import type { AuditOptions } from '../bias/audit';
import { binExpression } from '../bias/scoreSql';
import { SWEEP_BINS } from '../bias/scoreMetrics';
import { quoteIdent, quoteLiteral } from '../bias/sql';
import type { ExecuteSql } from '../bias/types';
import { columnTypes, distinctValues } from '../bias/validate';
import { InputError } from '../errors';

/**
 * A partial bias audit of one part of a dataset (`model-lens bias <part> … --partial`): everything the audit reads
 * from the data, as additive counts and sums over the part's finest cells (one text value per sensitive attribute,
 * NULL = missing), with the label and prediction values kept as they are so that any favourable value, any class
 * (multiclass) and any privileged group can be resolved after the merge. Merged (biasPartialMerge.ts), the parts
 * answer every question of the audit (BiasData) as the whole file does: counts exactly, sums to 1e-12 relative
 * (additions in another order). The audit's settings travel with the part; parts audited otherwise do not merge.
 */
export type Scalar = string | number | boolean;
/** Sensitive values of a cell, as text (null: the value is missing). */
export type Key = (string | null)[];

export interface BiasPartialSettings {
  sensitive: string[];
  label: string;
  prediction: string | null;
  score: string | null;
  threshold: number | null;
  favorable: Scalar | null;
  privileged: [string, string][];
  minGroupSize: number | null;
  bootstrap: { draws: number; seed: number } | null;
  task: 'binary' | 'multiclass' | 'regression';
  failOn: string[];
}

export interface BiasPartial {
  modelLensPartial: 1;
  analysis: 'bias';
  dataset: string;
  settings: BiasPartialSettings;
  rows: number;
  /** Every column of the part with its engine type; `nonNull` for the columns the audit reads. */
  columns: { name: string; type: string; nonNull?: number }[];
  /** Per sensitive attribute: non-null rows, Σ text length, rows whose text has a space, distinct texts (≤ MAX_GROUPS_PER_ATTRIBUTE). */
  attributes: { name: string; nonNull: number; sumLength: number; withSpace: number; values: string[] }[];
  /** The smallest MAX_DISTINCT_VALUES distinct non-null values of the label and of the prediction (SQL order). */
  labelValues: Scalar[];
  predictionValues: Scalar[];
  /** Rows with label and prediction (or score) present, per cell, label value y and prediction value p (score: p = score ≥ threshold). */
  cells: { k: Key; y: Scalar; p: Scalar; n: number }[];
  /** With --score: per (cell, y) sums; per (cell, y, bin of SWEEP_BINS) counts and Σs; per (cell, y, score) counts, or why not carried. */
  scores?: {
    sums: { k: Key; y: Scalar; n: number; sumS: number; sumS2: number; minS: number; maxS: number }[];
    bins: number;
    hist: { k: Key; y: Scalar; bin: number; n: number; sumS: number }[];
    ranks: { k: Key; y: Scalar; s: number; n: number }[] | null;
    distinctRanked: number;
  };
  /** --task regression: per cell n, Σp, Σy, Σ|p − y|, Σ(p − y)². */
  regression?: { k: Key; n: number; sumP: number; sumY: number; sumAbs: number; sumSq: number }[];
}

/** Label and prediction values a part carries (the audit reads at most 1000: multiclass). */
export const MAX_DISTINCT_VALUES = 1000;
/** Most (cell, label, score) entries a part carries for the exact AUC; above, the merged AUC is unavailable with the reason. */
export const MAX_RANKED_ENTRIES = 200_000;

const num = (v: unknown): number => Number(v ?? 0);

function scalar(v: unknown, what: string): Scalar {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new InputError('BAD_ARGUMENT', `bias --partial: the ${what} has the value ${String(v)}, which a partial result cannot carry exactly; filter those rows out or fill them in.`);
}

/** Settings of the audit that belong to a partial (everything but the dataset). */
export function partialSettings(o: AuditOptions, failOn: readonly string[]): BiasPartialSettings {
  const favorable = o.favorable === undefined ? null : typeof o.favorable === 'bigint' ? o.favorable.toString() : o.favorable;
  return {
    sensitive: [...o.sensitive], label: o.label, prediction: o.prediction ?? null, score: o.score ?? null,
    threshold: o.score !== undefined ? (o.threshold ?? 0.5) : null, favorable,
    privileged: Object.entries(o.privileged ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    minGroupSize: o.minGroupSize ?? null, bootstrap: o.bootstrap ? { draws: o.bootstrap.draws, seed: o.bootstrap.seed } : null,
    task: o.task ?? 'binary', failOn: [...failOn],
  };
}

/** The partial result of one part (`from`: a FROM item of the engine), read with a handful of GROUP BY queries. */
export async function biasPartial(execute: ExecuteSql, from: string, o: AuditOptions, failOn: readonly string[]): Promise<BiasPartial> {
  const settings = partialSettings(o, failOn);
  const types = await columnTypes(execute, from);
  const used = [...new Set([...settings.sensitive, settings.label, ...(settings.prediction !== null ? [settings.prediction] : []), ...(settings.score !== null ? [settings.score] : [])])];
  for (const c of used) {
    if (!types.has(c)) throw new InputError('COLUMN_NOT_FOUND', `column '${c}' not found; columns are: ${[...types.keys()].join(', ')}. Check the spelling (names are case-sensitive).`, { column: c });
  }
  const q = quoteIdent;
  const [counts] = await execute(`SELECT COUNT(*) AS rows, ${used.map((c, i) => `COUNT(${q(c)}) AS c${i}`).join(', ')} FROM ${from}`);
  const nonNull = new Map(used.map((c, i) => [c, num(counts?.[`c${i}`])]));
  const columns = [...types].map(([name, type]) => ({ name, type, ...(nonNull.has(name) ? { nonNull: nonNull.get(name)! } : {}) }));
  const attributes: BiasPartial['attributes'] = [];
  for (const name of settings.sensitive) {
    const text = `CAST(${q(name)} AS VARCHAR)`;
    const values = (await execute(`SELECT DISTINCT ${text} AS v FROM ${from} WHERE ${q(name)} IS NOT NULL LIMIT ${MAX_GROUPS_PER_ATTRIBUTE + 1}`)).map((r) => String(r['v']));
    if (values.length > MAX_GROUPS_PER_ATTRIBUTE) {
      throw new InputError('TOO_MANY_GROUPS', `sensitive attribute '${name}' has more than ${MAX_GROUPS_PER_ATTRIBUTE.toLocaleString('en')} distinct values in this part alone, more than the groups a bias audit compares. Bin it into a few groups first (e.g. age → age band, income → quartiles).`, { attribute: name, limit: MAX_GROUPS_PER_ATTRIBUTE });
    }
    const [r] = await execute(`SELECT COALESCE(SUM(LENGTH(${text})), 0) AS len, COUNT_IF(${text} LIKE '% %') AS sp FROM ${from}`);
    attributes.push({ name, nonNull: nonNull.get(name) ?? 0, sumLength: num(r?.['len']), withSpace: num(r?.['sp']), values: values.sort() });
  }
  const keys = settings.sensitive.map((a, i) => `CAST(${q(a)} AS VARCHAR) AS k${i}`);
  const keyOf = (r: Record<string, unknown>): Key => settings.sensitive.map((_a, i) => (r[`k${i}`] === null || r[`k${i}`] === undefined ? null : String(r[`k${i}`])));
  const partial: BiasPartial = {
    modelLensPartial: 1, analysis: 'bias', dataset: o.dataset, settings, rows: num(counts?.['rows']), columns, attributes,
    labelValues: [], predictionValues: [], cells: [],
  };
  const y = q(settings.label);
  if (settings.task === 'regression') {
    if (settings.prediction === null) throw new InputError('BAD_ARGUMENT', 'a regression audit needs --prediction (a numeric column).');
    const p = `TRY_CAST(${q(settings.prediction)} AS DOUBLE)`;
    const yd = `TRY_CAST(${y} AS DOUBLE)`;
    requireNumbers(types, nonNull, [settings.label, settings.prediction]);
    partial.regression = (await execute(`SELECT ${[...keys, 'COUNT(*) AS n', `SUM(${p}) AS sp`, `SUM(${yd}) AS sy`, `SUM(ABS(${p} - ${yd})) AS sa`, `SUM((${p} - ${yd}) * (${p} - ${yd})) AS sq`].join(', ')} FROM ${from} WHERE ${y} IS NOT NULL AND ${q(settings.prediction)} IS NOT NULL GROUP BY ALL`))
      .map((r) => ({ k: keyOf(r), n: num(r['n']), sumP: num(r['sp']), sumY: num(r['sy']), sumAbs: num(r['sa']), sumSq: num(r['sq']) }));
    return partial;
  }
  partial.labelValues = (await distinctValues(execute, from, settings.label, MAX_DISTINCT_VALUES)).map((v) => scalar(v, `label column '${settings.label}'`));
  if (settings.prediction !== null) partial.predictionValues = (await distinctValues(execute, from, settings.prediction, MAX_DISTINCT_VALUES)).map((v) => scalar(v, `prediction column '${settings.prediction}'`));
  const sCol = settings.score;
  if (sCol !== null) requireNumbers(types, nonNull, [sCol]);
  // The score as a double (a part whose score column is empty reads as text); the same values the whole file holds.
  const scored = sCol === null ? from : `(SELECT *, TRY_CAST(${q(sCol)} AS DOUBLE) AS __mls FROM ${from})`;
  const pExpr = sCol === null ? q(settings.prediction ?? '') : `(__mls >= ${quoteLiteral(settings.threshold ?? 0.5)})`;
  const where = `${y} IS NOT NULL AND ${sCol === null ? q(settings.prediction ?? '') : '__mls'} IS NOT NULL`;
  partial.cells = (await execute(`SELECT ${[...keys, `${y} AS y`, `${pExpr} AS p`, 'COUNT(*) AS n'].join(', ')} FROM ${scored} WHERE ${where} GROUP BY ALL`))
    .map((r) => ({ k: keyOf(r), y: scalar(r['y'], `label column '${settings.label}'`), p: scalar(r['p'], 'prediction'), n: num(r['n']) }));
  if (sCol === null || settings.task !== 'binary') return partial;
  const sums = (await execute(`SELECT ${[...keys, `${y} AS y`, 'COUNT(*) AS n', 'SUM(__mls) AS s', 'SUM(__mls * __mls) AS s2', 'MIN(__mls) AS lo', 'MAX(__mls) AS hi'].join(', ')} FROM ${scored} WHERE ${where} GROUP BY ALL`))
    .map((r) => ({ k: keyOf(r), y: scalar(r['y'], 'label'), n: num(r['n']), sumS: num(r['s']), sumS2: num(r['s2']), minS: num(r['lo']), maxS: num(r['hi']) }));
  const hist = (await execute(`SELECT ${[...keys, `${y} AS y`, `${binExpression('__mls', SWEEP_BINS)} AS bin`, 'COUNT(*) AS n', 'SUM(__mls) AS s'].join(', ')} FROM ${scored} WHERE ${where} GROUP BY ALL`))
    .map((r) => ({ k: keyOf(r), y: scalar(r['y'], 'label'), bin: num(r['bin']), n: num(r['n']), sumS: num(r['s']) }));
  const [d] = await execute(`SELECT COUNT(*) AS d FROM (SELECT DISTINCT ${[...keys, `${y} AS y`, '__mls'].join(', ')} FROM ${scored} WHERE ${where})`);
  const distinctRanked = num(d?.['d']);
  const ranks = distinctRanked > MAX_RANKED_ENTRIES ? null : (await execute(`SELECT ${[...keys, `${y} AS y`, '__mls AS s', 'COUNT(*) AS n'].join(', ')} FROM ${scored} WHERE ${where} GROUP BY ALL`))
    .map((r) => ({ k: keyOf(r), y: scalar(r['y'], 'label'), s: num(r['s']), n: num(r['n']) }));
  partial.scores = { sums, bins: SWEEP_BINS, hist, ranks, distinctRanked };
  return partial;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/;

/** Columns read as numbers must be numeric wherever they hold a value (an empty column of a part reads as text). */
function requireNumbers(types: Map<string, string>, nonNull: Map<string, number>, columns: readonly string[]): void {
  for (const c of columns) {
    const t = types.get(c) ?? '';
    if ((nonNull.get(c) ?? 0) > 0 && !NUMERIC.test(t)) throw new InputError('NOT_NUMERIC', `column '${c}' has type ${t}; a numeric column is needed here.`, { column: c, type: t });
  }
}

export const isNumericType = (t: string): boolean => NUMERIC.test(t);
