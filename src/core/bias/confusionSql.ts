import { groupingSetsSql, parseGroupingRows, type GroupingQuery } from './groupingSql';
import { quoteIdent, quoteLiteral } from './sql';
import { rollUp } from './rollUp';
import type { ConfusionCounts, ConfusionTable, ExecuteSql } from './types';

const counts = (s: Record<string, number>): ConfusionCounts => ({ n: s['n'] ?? 0, tp: s['tp'] ?? 0, fp: s['fp'] ?? 0, fn: s['fn'] ?? 0, tn: s['tn'] ?? 0 });

/**
 * Per-group confusion counts (tp, fp, fn, tn, n) for every attribute, every intersection and the
 * overall population in ONE `GROUPING SETS` scan. A row is an actual positive when
 * `label = favorable`, a predicted positive when `prediction = predictionFavorable` or, for score
 * columns, when `score >= threshold`. Rows with a missing label or prediction/score are dropped
 * and counted in `droppedRows`.
 */
export type SqlScalar = string | number | boolean | bigint;

export interface BinaryColumns {
  label: string;
  /** The label value that counts as favourable (positive), typed as in the column. */
  labelFavorable: SqlScalar;
  prediction?: string;
  /** null: the model never predicts the favourable value, so no row is a predicted positive. */
  predictionFavorable?: SqlScalar | null;
  score?: string;
  threshold?: number;
}

export function positiveExpressions(c: BinaryColumns): { y: string; p: string; notNull: string } {
  const y = `(${quoteIdent(c.label)} = ${quoteLiteral(c.labelFavorable)})`;
  let p: string;
  let pCol: string;
  if (c.score !== undefined) {
    pCol = quoteIdent(c.score);
    p = `(${pCol} >= ${quoteLiteral(c.threshold ?? 0.5)})`;
  } else if (c.prediction !== undefined && c.predictionFavorable !== undefined) {
    pCol = quoteIdent(c.prediction);
    p = c.predictionFavorable === null ? '(FALSE)' : `(${pCol} = ${quoteLiteral(c.predictionFavorable)})`;
  } else {
    throw new RangeError('confusionSql: give prediction + predictionFavorable, or score + threshold');
  }
  return { y, p, notNull: `${quoteIdent(c.label)} IS NOT NULL AND ${pCol} IS NOT NULL` };
}

export function confusionQuery(from: string, attributes: readonly string[], c: BinaryColumns, strategy: 'groupingSets' | 'finest' = 'groupingSets'): GroupingQuery {
  const { y, p, notNull } = positiveExpressions(c);
  return {
    from,
    strategy,
    attributes,
    where: notNull,
    aggregates: [
      { name: 'n', expr: 'COUNT(*)' },
      { name: 'tp', expr: `COUNT_IF(${y} AND ${p})` },
      { name: 'fp', expr: `COUNT_IF(NOT ${y} AND ${p})` },
      { name: 'fn', expr: `COUNT_IF(${y} AND NOT ${p})` },
      { name: 'tn', expr: `COUNT_IF(NOT ${y} AND NOT ${p})` },
    ],
  };
}

export function confusionSql(from: string, attributes: readonly string[], c: BinaryColumns): string {
  return groupingSetsSql(confusionQuery(from, attributes, c));
}

/**
 * Runs the query through `execute` and returns the counts; `totalRows` lets it report dropped rows.
 * strategy 'finest' groups by the full intersection only and rolls up in memory (same counts).
 */
export async function confusionFromSql(
  execute: ExecuteSql,
  from: string,
  attributes: readonly string[],
  c: BinaryColumns,
  totalRows: number,
  strategy: 'groupingSets' | 'finest' = 'groupingSets',
): Promise<ConfusionTable> {
  const q = confusionQuery(from, attributes, c, strategy);
  const rows = parseGroupingRows(await execute(groupingSetsSql(q)), q);
  if (strategy === 'finest') {
    const { overall, groups } = rollUp(attributes, rows.map((r) => ({ values: r.values, counts: counts(r.stats) })));
    return { attributes, overall, groups, droppedRows: totalRows - overall.n };
  }
  const overallRow = rows.find((r) => r.indices.length === 0);
  const overall = overallRow ? counts(overallRow.stats) : { n: 0, tp: 0, fp: 0, fn: 0, tn: 0 };
  return {
    attributes,
    overall,
    droppedRows: totalRows - overall.n,
    groups: rows
      .filter((r) => r.indices.length > 0)
      .map((r) => ({
        attribute: r.attribute,
        attributes: r.indices.map((i) => attributes[i] ?? ''),
        group: r.group,
        values: r.values,
        counts: counts(r.stats),
      })),
  };
}
