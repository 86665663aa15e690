import { auditData, type AuditOptions, type BiasReport } from '../bias/audit';
import type { BiasData } from '../bias/biasData';
import { histogramFromCells, rankSumsFromCounts, rollUpCells, type Cell } from '../bias/biasPlans';
import { evaluateChecks, parseFailOn, type CheckResult } from '../bias/checks';
import { rollUp } from '../bias/rollUp';
import { MISSING_GROUP } from '../bias/types';
import { dict } from '../dict';
import { InputError } from '../errors';
import { isNumericType, type BiasPartial, type Key, type Scalar } from './biasPartial';

/**
 * The bias report of the whole dataset from the partial audits of its parts (any order: counts and sums add up).
 * The merged parts answer every question of the audit (BiasData) and the audit itself runs unchanged on them, so
 * validation, favourable value, privileged groups, small-group warnings, findings, checks and the bootstrap (drawn
 * from the merged finest cells' counts with the same seed) are those of the whole file.
 */
export async function mergeBiasPartials(parts: readonly BiasPartial[], names: readonly string[] = parts.map((p) => p.dataset)): Promise<BiasReport & { checks: CheckResult[] }> {
  if (!parts.length) throw new InputError('BAD_ARGUMENT', 'merge: no partial results given.');
  const first = parts[0]!;
  const s = first.settings;
  parts.forEach((p, k) => {
    for (const key of Object.keys(s) as (keyof typeof s)[]) {
      if (JSON.stringify(p.settings[key]) !== JSON.stringify(s[key])) {
        throw new InputError('PARTIAL_MISMATCH', `merge: ${names[k]} was audited with ${key} ${JSON.stringify(p.settings[key])}, ${names[0]} with ${JSON.stringify(s[key])}; run 'model-lens bias --partial' on every part with the same options.`, { setting: key });
      }
    }
    if (p.columns.map((c) => c.name).join('\u0000') !== first.columns.map((c) => c.name).join('\u0000')) {
      throw new InputError('PARTIAL_MISMATCH', `merge: ${names[k]} has other columns than ${names[0]} (${p.columns.map((c) => c.name).join(', ')} vs ${first.columns.map((c) => c.name).join(', ')}); parts of one dataset share its columns.`);
    }
  });
  const types = mergedTypes(parts, names);
  const o: AuditOptions = {
    dataset: names.join(' + '), sensitive: s.sensitive, label: s.label, task: s.task, privileged: dict(s.privileged),
    ...(s.prediction !== null ? { prediction: s.prediction } : {}), ...(s.score !== null ? { score: s.score, threshold: s.threshold ?? 0.5 } : {}),
    ...(s.favorable !== null ? { favorable: s.favorable } : {}), ...(s.minGroupSize !== null ? { minGroupSize: s.minGroupSize } : {}),
    ...(s.bootstrap ? { bootstrap: s.bootstrap } : {}),
  };
  const report = await auditData(mergedBiasData(parts, names, types), o);
  return { ...report, checks: evaluateChecks(report, s.failOn.map(parseFailOn)) };
}

/** Column types of the whole: a column's type where it holds values must agree across parts (numbers of any width do). */
function mergedTypes(parts: readonly BiasPartial[], names: readonly string[]): Map<string, string> {
  const s = parts[0]!.settings;
  const out = new Map<string, string>();
  parts[0]!.columns.forEach((c, i) => {
    const filled = parts.map((p, k) => ({ k, col: p.columns[i]! })).filter((x) => x.col.nonNull === undefined || x.col.nonNull > 0);
    const types = [...new Set(filled.map((x) => x.col.type))];
    if (types.length <= 1) return out.set(c.name, types[0] ?? c.type);
    const numeric = types.every(isNumericType);
    if (!numeric || s.sensitive.includes(c.name)) {
      const a = filled.find((x) => x.col.type === types[0])!;
      const b = filled.find((x) => x.col.type === types[1])!;
      if (c.nonNull !== undefined) {
        throw new InputError('PARTIAL_MISMATCH', `merge: column '${c.name}' reads as ${types[0]} in ${names[a.k]} and as ${types[1]} in ${names[b.k]}, so its values would not compare (or group) as in one file; write the parts with the same column types (e.g. cast '${c.name}' in every file).`, { column: c.name });
      }
    }
    return out.set(c.name, numeric ? 'DOUBLE' : c.type);
  });
  return out;
}

const keyText = (k: Key): string[] => k.map((v) => v ?? MISSING_GROUP);
/** SQL `a = b` on two values of one column (numbers of any width compare by value). */
const same = (a: Scalar, b: unknown): boolean => a === b || (typeof a === 'number' && typeof b === 'bigint' && a === Number(b));

/** DuckDB's ORDER BY of one column's values: numbers by value, false < true, text by UTF-8 bytes. */
function compareSql(a: Scalar, b: Scalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}

function union(lists: readonly Scalar[][]): Scalar[] {
  const out: Scalar[] = [];
  for (const v of lists.flat()) if (!out.some((x) => x === v)) out.push(v);
  return out.sort(compareSql);
}

function mergedBiasData(parts: readonly BiasPartial[], names: readonly string[], types: Map<string, string>): BiasData {
  const s = parts[0]!.settings;
  const labelValues = union(parts.map((p) => p.labelValues));
  const predictionValues = union(parts.map((p) => p.predictionValues));
  return {
    columnTypes: async () => types,
    rowCount: async () => parts.reduce((a, p) => a + p.rows, 0),
    distinctValues: async (column, limit) => {
      if (column === s.label) return labelValues.slice(0, limit);
      if (column === s.prediction) return predictionValues.slice(0, limit);
      throw new RangeError(`merged bias partials: no values of '${column}'`);
    },
    attributeStats: async (column) => {
      const i = s.sensitive.indexOf(column);
      const at = parts.map((p) => p.attributes[i]!);
      const nonNull = at.reduce((a, x) => a + x.nonNull, 0);
      const distinct = new Set(at.flatMap((x) => x.values)).size;
      return { nonNull, distinct, meanLength: nonNull > 0 ? at.reduce((a, x) => a + x.sumLength, 0) / nonNull : null, spaceShare: nonNull > 0 ? at.reduce((a, x) => a + x.withSpace, 0) / nonNull : null };
    },
    confusion: async (attributes, c, totalRows) => {
      const cells = new Map<string, { values: string[]; counts: { n: number; tp: number; fp: number; fn: number; tn: number } }>();
      for (const x of parts.flatMap((p) => p.cells)) {
        const values = keyText(x.k);
        const key = values.join('\u0000');
        const y = same(x.y, c.labelFavorable);
        const p = c.score !== undefined ? x.p === true : c.predictionFavorable !== null && c.predictionFavorable !== undefined && same(x.p, c.predictionFavorable);
        let cell = cells.get(key);
        if (!cell) cells.set(key, (cell = { values, counts: { n: 0, tp: 0, fp: 0, fn: 0, tn: 0 } }));
        cell.counts.n += x.n;
        if (y && p) cell.counts.tp += x.n;
        else if (!y && p) cell.counts.fp += x.n;
        else if (y) cell.counts.fn += x.n;
        else cell.counts.tn += x.n;
      }
      const { overall, groups } = rollUp(attributes, [...cells.values()]);
      return { attributes, overall, groups, droppedRows: totalRows - overall.n };
    },
    scoreSums: async (c) => {
      const cells: Cell[] = parts.flatMap((p) => p.scores?.sums ?? []).map((x) => {
        const y = same(x.y, c.labelFavorable);
        return { values: keyText(x.k), stats: { n: x.n, sumS: x.sumS, sumS2: x.sumS2, sumSY: y ? x.sumS : 0, sumY: y ? x.n : 0, minS: x.minS, maxS: x.maxS } };
      });
      return new Map(rollUpCells(c.attributes, cells, { minS: 'min', maxS: 'max' }).map((r) => [`${r.attribute}\u0000${r.group}`, r.stats]));
    },
    rankSums: async (c) => {
      const missing = parts.findIndex((p) => p.scores?.ranks === null);
      if (missing >= 0) return { unavailable: `${names[missing]} has ${parts[missing]!.scores!.distinctRanked.toLocaleString('en-US')} distinct (group, label, score) combinations, more than a partial result carries for an exact AUC; round the scores (e.g. to 4 decimals) to rank them` };
      const cells: Cell[] = parts.flatMap((p) => p.scores?.ranks ?? []).map((x) => {
        const y = same(x.y, c.labelFavorable);
        return { values: keyText(x.k), bin: x.s, stats: { pos: y ? x.n : 0, neg: y ? 0 : x.n } };
      });
      return rankSumsFromCounts(c.attributes, cells);
    },
    scoreHistogram: async (c, bins) => {
      if (parts.some((p) => p.scores && p.scores.bins !== bins)) throw new RangeError(`merged bias partials: histograms of ${bins} bins were not carried`);
      const cells: Cell[] = parts.flatMap((p) => p.scores?.hist ?? []).map((x) => {
        const y = same(x.y, c.labelFavorable);
        return { values: keyText(x.k), bin: x.bin, stats: { pos: y ? x.n : 0, neg: y ? 0 : x.n, sumS: x.sumS } };
      });
      return histogramFromCells(c.attributes, cells, bins);
    },
    regressionRows: async (attributes) => {
      const cells: Cell[] = parts.flatMap((p) => p.regression ?? []).map((x) => ({ values: keyText(x.k), stats: { n: x.n, sumP: x.sumP, sumY: x.sumY, sumAbs: x.sumAbs, sumSq: x.sumSq } }));
      return rollUpCells(attributes, cells, {});
    },
  };
}
