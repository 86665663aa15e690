import type { ColumnInfo } from '../data/dataset';
import type { Engine } from '../data/engine';
import { quoteLiteral } from '../data/sql';
import { InputError } from '../errors';
import { checkFilterAst } from './filterAst';

const PREFIX = 'SELECT ';
export const MAX_FILTER_LENGTH = 10_000;

/**
 * Turns a person's SQL filter (`amount > 100 AND city = 'Oslo'`) into SQL that is safe to put in the viewer's WHERE.
 * DuckDB parses `SELECT <filter>` (json_serialize_sql: parsing only, nothing is bound or run), the tree must pass
 * filterAst.ts's allow-list, and the SQL that runs is DuckDB's own rendering of that checked tree
 * (json_deserialize_sql), never the typed text, so no parser difference can smuggle anything past the check.
 * The rendering is parsed and checked once more, then bound against the dataset with LIMIT 0 to report type errors
 * and a non-boolean result before any row is read. Errors: InputError FILTER_REFUSED (with the reasons),
 * FILTER_SYNTAX, FILTER_TYPE.
 */
export async function compileFilter(engine: Engine, text: string, relation: string, columns: readonly ColumnInfo[]): Promise<string> {
  const trimmed = text.trim();
  if (trimmed.length > MAX_FILTER_LENGTH) throw new InputError('FILTER_REFUSED', `the filter is longer than ${MAX_FILTER_LENGTH.toLocaleString('en')} characters.`);
  if (trimmed.includes('\u0000')) throw new InputError('FILTER_REFUSED', 'the filter contains a NUL character.');
  const names = columns.map((c) => c.name);
  const tree = await parse(engine, trimmed);
  refuseProblems(trimmed, checkFilterAst(tree.parsed, names, PREFIX.length));
  const rendered = await render(engine, tree.json);
  // Defence in depth: what will run is checked again as it will be parsed.
  refuseProblems(rendered, checkFilterAst((await parse(engine, rendered)).parsed, names, PREFIX.length));
  await bind(engine, rendered, relation);
  return rendered;
}

/** DuckDB's tree of `SELECT <expr>`: its JSON text (rendered back as is: JSON.parse would round 64-bit offsets) and its parse. */
async function parse(engine: Engine, expr: string): Promise<{ json: string; parsed: unknown }> {
  const rows = await engine.run(`SELECT json_serialize_sql(${quoteLiteral(PREFIX + expr)}) AS j`);
  const j = rows[0]?.['j'];
  try {
    if (typeof j !== 'string') throw new Error('not text');
    return { json: j, parsed: JSON.parse(j) };
  } catch {
    throw new InputError('FILTER_SYNTAX', 'the filter could not be parsed.');
  }
}

async function render(engine: Engine, json: string): Promise<string> {
  const rows = await engine.run(`SELECT json_deserialize_sql(${quoteLiteral(json)}::JSON) AS s`);
  const sql = String(rows[0]?.['s'] ?? '');
  if (!sql.startsWith(PREFIX)) throw new InputError('FILTER_SYNTAX', 'the filter could not be rendered back to SQL.');
  return sql.slice(PREFIX.length).trim();
}

function refuseProblems(text: string, problems: ReturnType<typeof checkFilterAst>): void {
  if (problems.length === 0) return;
  const first = problems[0]!;
  const syntax = problems.length === 1 && first.at === undefined && /syntax|parser/i.test(first.message);
  const where = first.at !== undefined ? ` (at character ${first.at + 1}: “${text.slice(first.at, first.at + 24)}”)` : '';
  throw new InputError(
    syntax ? 'FILTER_SYNTAX' : 'FILTER_REFUSED',
    syntax ? `the filter is not valid SQL: ${first.message.replace(/^Parser Error: /, '')}` : `${first.message}${where}.${problems.length > 1 ? ` Also: ${problems.slice(1).map((p) => p.message).join('; ')}.` : ''}`,
    { problems },
  );
}

/** Binds the filter against the dataset without reading rows: unknown functions' overloads and types fail here. */
async function bind(engine: Engine, expr: string, relation: string): Promise<void> {
  let type: string;
  try {
    const rows = await engine.run(`SELECT column_type AS t FROM (DESCRIBE SELECT (${expr}) AS f FROM ${relation} LIMIT 0)`);
    type = String(rows[0]?.['t'] ?? '');
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/^(Binder|Conversion|Catalog) Error: /, '');
    throw new InputError('FILTER_TYPE', `the filter does not fit this dataset: ${msg}`);
  }
  if (type !== 'BOOLEAN' && type !== '"NULL"' && type !== 'NULL') {
    throw new InputError('FILTER_TYPE', `the filter must be a condition (true or false for each row), but it gives ${type} values; compare it with something, e.g. "… > 0".`);
  }
}
