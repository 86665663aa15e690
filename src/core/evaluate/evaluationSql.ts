/**
 * Every SQL statement the evaluation runs, in one place, so it can later be expressed through the
 * engine-neutral plan layer (issue 23). Two kinds of query only:
 * - small aggregates that inspect columns (distinct values, counts of unusable values);
 * - one scan that turns each row into numbers (label code, score or prediction, window key, business
 *   columns) which the metrics consume; window keys come from ./windowKey.
 * Identifiers and values go through quoteIdent / quoteLiteral; nothing from the user is interpolated raw.
 */
import type { ColumnInfo } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { doubleLiteral, quoteIdent, quoteLiteral } from '../data/sql';
import { InputError } from '../errors';

export const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?)$/i;
const FLOAT_TYPE = /^(FLOAT|DOUBLE)$/i;
const BOOLEAN_TYPE = /^BOOLEAN$/i;

/** The relation (table or view name, or a parenthesised subquery) and its columns. */
export interface Source {
  path: string;
  relation: string;
  columns: ColumnInfo[];
}

/** The column, or InputError COLUMN_NOT_FOUND naming the role, the file and the columns it has. */
export function requireColumn(src: Source, name: string, role: string): ColumnInfo {
  const c = src.columns.find((x) => x.name === name);
  if (!c) throw new InputError('COLUMN_NOT_FOUND', `${role} column '${name}' not found in ${src.path}; its columns are: ${src.columns.map((x) => x.name).join(', ')}.`, { column: name, role });
  return c;
}

export const isNumeric = (c: ColumnInfo): boolean => NUMERIC_TYPE.test(c.type) || BOOLEAN_TYPE.test(c.type);

/** A column as a value: NaN in a float column reads as missing (NULL), so it never becomes a class 'nan'. */
function valueOf(c: ColumnInfo): string {
  const x = quoteIdent(c.name);
  return FLOAT_TYPE.test(c.type) ? `(CASE WHEN isnan(${x}) THEN NULL ELSE ${x} END)` : x;
}

/**
 * The distinct non-missing values of a column as text, with counts, most frequent first (at most `limit`;
 * `more` says there were others). Numbers keep DuckDB's text form ('1', '0.5'); booleans read 'true'/'false'.
 * Grouped on the values themselves; only the few results are cast to text.
 */
export async function distinctValues(engine: Engine, src: Source, c: ColumnInfo, limit: number, run: RunOptions): Promise<{ values: { value: string; count: number }[]; more: boolean }> {
  const v = valueOf(c);
  const rows = await engine.run(`SELECT v::VARCHAR AS v, n FROM (SELECT ${v} AS v, count(*)::BIGINT AS n FROM ${src.relation} WHERE ${v} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit + 1})`, run);
  return { values: rows.slice(0, limit).map((r) => ({ value: String(r['v']), count: Number(r['n']) })), more: rows.length > limit };
}

/** The column as a DOUBLE (booleans 0/1; NULL reads as missing, NaN stays NaN: the reader treats both as unusable). */
export function numberExpr(c: ColumnInfo): string {
  return `${quoteIdent(c.name)}::DOUBLE`;
}

/** Class code of each row: position of its text value in `classes`, −1 for any other value, NULL when missing. */
export function codeExpr(c: ColumnInfo, classes: readonly string[]): string {
  const v = valueOf(c);
  return `(CASE WHEN ${v} IS NULL THEN NULL ${classes.map((k, i) => `WHEN ${v}::VARCHAR = ${quoteLiteral(k)} THEN ${i}`).join(' ')} ELSE -1 END)`;
}

/**
 * 1 where the column equals `positive`, 0 for any other value, NULL when missing. A numeric column is compared
 * as a number (no text cast per row: a 10M-row label reads in a fraction of the time).
 */
export function positiveExpr(c: ColumnInfo, positive: string): string {
  const v = valueOf(c);
  const x = quoteIdent(c.name);
  if (BOOLEAN_TYPE.test(c.type) && /^(true|false)$/i.test(positive)) return `(CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} = ${positive.toLowerCase()} THEN 1 ELSE 0 END)`;
  if (NUMERIC_TYPE.test(c.type) && positive.trim() !== '' && Number.isFinite(Number(positive))) return `(CASE WHEN ${v} IS NULL THEN NULL WHEN ${x} = ${doubleLiteral(Number(positive))} THEN 1 ELSE 0 END)`;
  return `(CASE WHEN ${v} IS NULL THEN NULL WHEN ${v}::VARCHAR = ${quoteLiteral(positive)} THEN 1 ELSE 0 END)`;
}

/** A value of the column that is not one of `allowed` (for an error message), or undefined. */
export async function valueOutside(engine: Engine, src: Source, c: ColumnInfo, allowed: readonly string[], run: RunOptions): Promise<string | undefined> {
  const v = valueOf(c);
  const list = allowed.length ? allowed.map(quoteLiteral).join(', ') : 'NULL';
  const rows = await engine.run(`SELECT ${v}::VARCHAR AS v FROM ${src.relation} WHERE ${v} IS NOT NULL AND ${v}::VARCHAR NOT IN (${list}) LIMIT 1`, run);
  return rows.length ? String(rows[0]!['v']) : undefined;
}

/** A label value that is not a whole number in [0, k) (multiclass model labels are class indices), or undefined. */
export async function nonIndexValue(engine: Engine, src: Source, c: ColumnInfo, k: number, run: RunOptions): Promise<string | undefined> {
  const v = `(${valueOf(c)})::DOUBLE`;
  const rows = await engine.run(`SELECT ${v}::VARCHAR AS v FROM ${src.relation} WHERE ${v} IS NOT NULL AND (${v} <> floor(${v}) OR ${v} < 0 OR ${v} >= ${k}) LIMIT 1`, run);
  return rows.length ? String(rows[0]!['v']) : undefined;
}

/** Rows of a relation. */
export async function countRows(engine: Engine, relation: string, run: RunOptions): Promise<number> {
  return Number((await engine.run(`SELECT count(*)::BIGINT AS n FROM ${relation}`, run))[0]?.['n'] ?? 0);
}

/** A copy of `relation` in file order with `columns` appended row by row from `values` (a POSITIONAL JOIN). */
export function positionalJoinSql(target: string, relation: string, values: string, columns: readonly string[]): string {
  return `CREATE TABLE ${quoteIdent(target)} AS SELECT b.*, ${columns.map((c, j) => `p.${quoteIdent(`v${j}`)} AS ${quoteIdent(c)}`).join(', ')} FROM ${relation} b POSITIONAL JOIN ${quoteIdent(values)} p`;
}

export function createValuesTableSql(name: string, width: number): string {
  return `CREATE TABLE ${quoteIdent(name)} (${Array.from({ length: width }, (_, j) => `${quoteIdent(`v${j}`)} DOUBLE`).join(', ')})`;
}

export function dropTableSql(name: string): string {
  return `DROP TABLE IF EXISTS ${quoteIdent(name)}`;
}
