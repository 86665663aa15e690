import { confusionFromSql, type BinaryColumns, type SqlScalar } from './confusionSql';
import { groupingSetsSql, parseGroupingRows, type GroupingRow } from './groupingSql';
import { regressionQuery } from './regression';
import { rankSums, scoreHistogram, scoreSums, type ScoreColumns } from './scoreSql';
import type { ConfusionTable, ExecuteSql } from './types';
import { quoteIdent } from './sql';
import { columnTypes, distinctValues } from './validate';

/** The score inputs of scoreSql.ts without the FROM item (the data access knows its table). */
export type ScoreSpec = Omit<ScoreColumns, 'from'>;

/**
 * Everything the audit reads from the data, as additive aggregates per group. Two implementations:
 * `sqlBiasData` (DuckDB SQL over a relation: GROUPING SETS and a window for ranks; what the audit always ran)
 * and `planBiasData` (biasPlans.ts: aggregate plans on any executor, the finest cells rolled up in memory).
 */
export interface BiasData {
  columnTypes(): Promise<Map<string, string>>;
  rowCount(): Promise<number>;
  /** Distinct non-null values of a column in ascending order (at most `limit`). */
  distinctValues(column: string, limit: number): Promise<SqlScalar[]>;
  /** Non-null and distinct counts of a column, its values' mean text length and share containing a space (attributeLimits.ts). */
  attributeStats(column: string): Promise<AttributeStats>;
  confusion(attributes: readonly string[], c: BinaryColumns, totalRows: number, strategy: 'groupingSets' | 'finest'): Promise<ConfusionTable>;
  /** Keyed "attribute\u0000group" ("\u0000" overall): n, sumS, sumS2, sumSY, sumY, minS, maxS. */
  scoreSums(c: ScoreSpec): Promise<Map<string, Record<string, number>>>;
  /** Keyed as scoreSums: positives, negatives and the positives' rank sum (ties: average rank), or a reason it is not available. */
  rankSums(c: ScoreSpec): Promise<Map<string, { p: number; n: number; rankSumPos: number }> | { unavailable: string }>;
  scoreHistogram(c: ScoreSpec, bins: number): Promise<Map<string, { pos: number[]; neg: number[]; sumS: number[] }>>;
  /** Regression sums (n, sumP, sumY, sumAbs, sumSq) per group and overall (indices []), ordered as parseGroupingRows orders them. */
  regressionRows(attributes: readonly string[], label: string, prediction: string): Promise<GroupingRow[]>;
}

export interface AttributeStats { nonNull: number; distinct: number; meanLength: number | null; spaceShare: number | null }

/** The audit's DuckDB SQL over `from` (a quoted relation or parenthesised query), unchanged. */
export function sqlBiasData(execute: ExecuteSql, from: string): BiasData {
  return {
    columnTypes: () => columnTypes(execute, from),
    rowCount: async () => Number((await execute(`SELECT COUNT(*) AS n FROM ${from}`))[0]?.['n'] ?? 0),
    distinctValues: (column, limit) => distinctValues(execute, from, column, limit),
    attributeStats: async (column) => {
      const c = quoteIdent(column);
      const text = `CAST(${c} AS VARCHAR)`;
      const [r] = await execute(`SELECT COUNT(${c}) AS n, COUNT(DISTINCT ${c}) AS d, AVG(LENGTH(${text})) AS len, AVG(CASE WHEN ${text} LIKE '% %' THEN 1.0 ELSE 0.0 END) AS sp FROM ${from}`);
      return { nonNull: Number(r?.['n'] ?? 0), distinct: Number(r?.['d'] ?? 0), meanLength: r?.['len'] == null ? null : Number(r['len']), spaceShare: r?.['sp'] == null ? null : Number(r['sp']) };
    },
    confusion: (attributes, c, totalRows, strategy) => confusionFromSql(execute, from, attributes, c, totalRows, strategy),
    scoreSums: (c) => scoreSums(execute, { ...c, from }),
    rankSums: (c) => rankSums(execute, { ...c, from }),
    scoreHistogram: (c, bins) => scoreHistogram(execute, { ...c, from }, bins),
    regressionRows: async (attributes, label, prediction) => {
      const q = regressionQuery(from, attributes, label, prediction);
      return parseGroupingRows(await execute(groupingSetsSql(q)), q);
    },
  };
}
