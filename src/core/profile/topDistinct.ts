import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { TEXT_TYPE } from './profileSql';

/**
 * A text or boolean column's top values and its distinct count from one GROUP BY (issue 18, the wide profile's
 * column batches at the exact size): the groups of non-missing values are the column's distinct values, so
 * count(*) OVER () of them beside the top k spares a count(DISTINCT) pass of its own (an 83-column 100k batch:
 * 111–139 ms against 133–191 + 119–141 ms for the two passes). The rows are topValuesPlan's (profileSql.ts):
 * the value as text, its count, the most frequent first, ties by the text.
 */

/** The column types counted so: text (VARCHAR, ENUM, UUID) and BOOLEAN, whose text stays distinct like the values. */
export function topCountsDistinct(type: string): boolean {
  return TEXT_TYPE.test(type) || type.toUpperCase() === 'BOOLEAN';
}

export interface TopAndDistinct {
  /** count(DISTINCT x): the number of groups of non-missing values. */
  distinct: number;
  /** Up to `limit` most frequent values, in topValuesPlan's order. */
  top: { value: string; n: number }[];
}

/** Columns per statement (one UNION ALL branch each), as the executor batches typed plans. */
const BRANCHES = 64;

/** Top values and distinct counts of `names` (columns of `relation`, an engine table). */
export async function readTopAndDistinct(engine: Engine, relation: string, names: readonly string[], limit: number, options: RunOptions = {}): Promise<TopAndDistinct[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`readTopAndDistinct: limit must be a positive integer: ${limit}`);
  const out = names.map((): TopAndDistinct => ({ distinct: 0, top: [] }));
  for (let start = 0; start < names.length; start += BRANCHES) {
    const branches = names.slice(start, start + BRANCHES).map((name, k) => {
      const x = quoteIdent(name);
      return `SELECT ${k} AS "_plan", "value", "n", "groups" FROM (SELECT CAST(${x} AS VARCHAR) AS "value", CAST(count(*) AS BIGINT) AS "n", CAST(count(*) OVER () AS BIGINT) AS "groups" FROM ${relation} WHERE (${x} IS NOT NULL) GROUP BY ${x} ORDER BY "n" DESC, "value" ASC LIMIT ${limit}) AS p${k}`;
    });
    const rows = await engine.run(`SELECT * FROM (${branches.join('\nUNION ALL\n')}) AS u ORDER BY "_plan", "n" DESC, "value" ASC`, options);
    for (const r of rows) {
      const o = out[start + Number(r['_plan'])]!;
      o.distinct = Number(r['groups']);
      o.top.push({ value: String(r['value']), n: Number(r['n']) });
    }
  }
  return out;
}
