import { attributeSets } from './attributeSets';
import { groupingSetsSql, parseGroupingRows, scoreHistograms, type GroupingQuery } from './groupingSql';
import { quoteIdent, quoteLiteral } from './sql';
import type { ExecuteSql } from './types';

/**
 * SQL building blocks for score columns (probabilities in [0, 1]), per attribute, intersection
 * and overall, keyed "attribute\u0000group" (overall: "\u0000"):
 *
 * - `scoreSums`: n, Σs, Σs², Σs·y, Σy — so mean score = Σs/n and Brier = (Σs² − 2Σs·y + Σy)/n
 *   (Brier 1950; sklearn.metrics.brier_score_loss).
 * - `rankSums`: AUC in Mann–Whitney form, AUC = (R₊ − P(P+1)/2) / (P·N), where R₊ is the sum of
 *   the positives' ranks among the group's scores with ties given their average rank
 *   (Hanley & McNeil 1982; equals sklearn.metrics.roc_auc_score).
 * - `scoreHistogram`: counts of positives/negatives per score bin b(s) = max{k : k/B ≤ s} (k/B
 *   computed in IEEE doubles exactly as in JS, so "s ≥ k/B ⇔ b(s) ≥ k" holds exactly).
 */
export interface ScoreColumns {
  from: string;
  attributes: readonly string[];
  label: string;
  labelFavorable: string | number | boolean | bigint;
  score: string;
}

const keyOf = (attribute: string, group: string): string => `${attribute}\u0000${group}`;

function base(c: ScoreColumns): { y: string; s: string; where: string } {
  const s = quoteIdent(c.score);
  return { y: `(${quoteIdent(c.label)} = ${quoteLiteral(c.labelFavorable)})`, s, where: `${quoteIdent(c.label)} IS NOT NULL AND ${s} IS NOT NULL` };
}

export async function scoreSums(execute: ExecuteSql, c: ScoreColumns): Promise<Map<string, Record<string, number>>> {
  const { y, s, where } = base(c);
  const q: GroupingQuery = {
    from: c.from, attributes: c.attributes, where, strategy: 'groupingSets',
    aggregates: [
      { name: 'n', expr: 'COUNT(*)' }, { name: 'sumS', expr: `SUM(${s})` }, { name: 'sumS2', expr: `SUM(${s} * ${s})` },
      { name: 'sumSY', expr: `SUM(CASE WHEN ${y} THEN ${s} ELSE 0 END)` }, { name: 'sumY', expr: `COUNT_IF(${y})` },
      { name: 'minS', expr: `MIN(${s})` }, { name: 'maxS', expr: `MAX(${s})` },
    ],
  };
  return new Map(parseGroupingRows(await execute(groupingSetsSql(q)), q).map((r) => [keyOf(r.attribute, r.group), r.stats]));
}

export async function rankSums(execute: ExecuteSql, c: ScoreColumns): Promise<Map<string, { p: number; n: number; rankSumPos: number }>> {
  const { y, s, where } = base(c);
  const out = new Map<string, { p: number; n: number; rankSumPos: number }>();
  const sets = [{ name: '', indices: [] as number[] }, ...attributeSets(c.attributes)];
  for (const set of sets) {
    const cols = set.indices.map((i) => `CAST(${quoteIdent(c.attributes[i] ?? '')} AS VARCHAR)`);
    const part = cols.length > 0 ? `PARTITION BY ${cols.map((_, j) => `__mlk${j}`).join(', ')}` : '';
    const part2 = cols.length > 0 ? `PARTITION BY ${[...cols.map((_, j) => `__mlk${j}`), '__mls'].join(', ')}` : 'PARTITION BY __mls';
    const sel = cols.map((e, j) => `${e} AS __mlk${j}`);
    const sql = `SELECT ${[...cols.map((_, j) => `__mlk${j}`), 'CAST(COUNT_IF(__mly) AS DOUBLE) AS p', 'CAST(COUNT_IF(NOT __mly) AS DOUBLE) AS n', 'CAST(SUM(CASE WHEN __mly THEN __mlr ELSE 0 END) AS DOUBLE) AS r'].join(', ')}
      FROM (SELECT *, RANK() OVER (${part} ORDER BY __mls) + (COUNT(*) OVER (${part2}) - 1) / 2.0 AS __mlr
            FROM (SELECT ${[...sel, `${y} AS __mly`, `${s} AS __mls`].join(', ')} FROM ${c.from} WHERE ${where}))
      ${cols.length > 0 ? `GROUP BY ${cols.map((_, j) => `__mlk${j}`).join(', ')}` : ''}`;
    for (const r of await execute(sql)) {
      const group = set.indices.map((_, j) => (r[`__mlk${j}`] === null || r[`__mlk${j}`] === undefined ? '(missing)' : String(r[`__mlk${j}`]))).join(' & ');
      out.set(keyOf(set.name, group), { p: Number(r['p']), n: Number(r['n']), rankSumPos: Number(r['r']) });
    }
  }
  return out;
}

/** SQL for b(s) = max{k ∈ 0..B : k/B ≤ s} for s in [0, 1]. */
export function binExpression(score: string, bins: number): string {
  const s = quoteIdent(score);
  const b = quoteLiteral(bins);
  const f = `FLOOR(${s} * ${b})`;
  return `CAST(CASE WHEN ${s} >= 1 THEN ${b} WHEN (${f} + 1) / ${b} <= ${s} THEN ${f} + 1 WHEN ${f} / ${b} > ${s} THEN ${f} - 1 ELSE ${f} END AS INTEGER)`;
}

export async function scoreHistogram(execute: ExecuteSql, c: ScoreColumns, bins: number): Promise<Map<string, { pos: number[]; neg: number[]; sumS: number[] }>> {
  const { y, s, where } = base(c);
  const q: GroupingQuery = {
    from: c.from, attributes: c.attributes, where, strategy: 'groupingSets', extraKey: binExpression(c.score, bins),
    aggregates: [{ name: 'pos', expr: `COUNT_IF(${y})` }, { name: 'neg', expr: `COUNT_IF(NOT ${y})` }, { name: 'sumS', expr: `SUM(${s})` }],
  };
  return scoreHistograms(parseGroupingRows(await execute(groupingSetsSql(q)), q), bins);
}

