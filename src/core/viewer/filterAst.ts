import { own } from '../dict';
/**
 * The allow-list a data viewer filter's syntax tree must pass (filterSql.ts gets the tree from DuckDB's own parser,
 * `json_serialize_sql`). Only expression nodes that compute over the current row's columns pass: column names of
 * this dataset, constants, comparisons, AND/OR/NOT, IN lists, BETWEEN, CASE, casts to plain types and a fixed list
 * of scalar functions. Subqueries, table functions (read_csv, glob…), `*`, parameters, lambdas, window functions,
 * qualified names and anything not listed are refused with a reason — statements (COPY, ATTACH, INSTALL, PRAGMA,
 * SET) and `;` chains never get here, because only one plain SELECT of one expression is accepted around it.
 * Pure: no engine, no I/O.
 */

/** A node of DuckDB's serialized syntax tree (json_serialize_sql), as far as this file reads it. */
type Node = Record<string, unknown>;

export interface AstProblem {
  message: string;
  /** 0-based offset in the filter text, when DuckDB reports one. */
  at?: number;
}

/** Scalar functions a filter may call: deterministic, no I/O, no settings; by DuckDB's names (operators included). */
export const FILTER_FUNCTIONS: ReadonlySet<string> = new Set([
  // arithmetic and text operators as DuckDB names them (LIKE is ~~, ILIKE ~~*, GLOB ~~~, || concatenation)
  '+', '-', '*', '/', '//', '%', '**', '^', '||', '&', '|', '<<', '>>', '~', '~~', '!~~', '~~*', '!~~*', '~~~', '!~~~',
  'like_escape', 'not_like_escape', 'ilike_escape', 'not_ilike_escape',
  // numbers
  'abs', 'ceil', 'ceiling', 'floor', 'round', 'trunc', 'sqrt', 'cbrt', 'exp', 'ln', 'log', 'log10', 'log2', 'pow', 'power', 'sign',
  'greatest', 'least', 'isnan', 'isinf', 'isfinite', 'mod', 'even',
  // text
  'lower', 'upper', 'lcase', 'ucase', 'length', 'len', 'strlen', 'char_length', 'character_length', 'trim', 'ltrim', 'rtrim',
  'substring', 'substr', 'left', 'right', 'contains', 'starts_with', 'ends_with', 'prefix', 'suffix', 'instr', 'strpos', 'position',
  'replace', 'concat', 'concat_ws', 'reverse', 'repeat', 'lpad', 'rpad', 'regexp_matches', 'regexp_full_match', 'regexp_extract',
  'regexp_replace', 'levenshtein', 'ascii', 'split_part', 'string_split', 'nfc_normalize', 'strip_accents',
  // dates and times
  'year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond', 'dayofweek', 'dayofyear', 'dayofmonth', 'week', 'weekofyear',
  'quarter', 'isodow', 'yearweek', 'date_part', 'datepart', 'date_trunc', 'datetrunc', 'date_diff', 'datediff', 'date_sub',
  'datesub', 'epoch', 'epoch_ms', 'strftime', 'strptime', 'try_strptime', 'make_date', 'make_timestamp', 'to_days', 'to_hours',
  'to_minutes', 'to_seconds', 'age', 'last_day', 'monthname', 'dayname',
  // nulls, lists, structs
  'ifnull', 'nullif', 'coalesce', 'list_contains', 'list_has', 'array_contains', 'array_has', 'list_extract', 'array_extract',
  'array_length', 'struct_extract', 'list_has_any', 'list_has_all', 'hash', 'md5',
]);

/** Casts to these types only (DuckDB's logical type ids). */
const CAST_TYPES: ReadonlySet<string> = new Set([
  'BOOLEAN', 'TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT',
  'FLOAT', 'DOUBLE', 'DECIMAL', 'VARCHAR', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_S', 'TIMESTAMP_MS',
  'TIMESTAMP_NS', 'INTERVAL',
]);

const OPERATORS: ReadonlySet<string> = new Set([
  'OPERATOR_NOT', 'OPERATOR_IS_NULL', 'OPERATOR_IS_NOT_NULL', 'COMPARE_IN', 'COMPARE_NOT_IN', 'OPERATOR_COALESCE', 'OPERATOR_NULLIF',
  'ARRAY_EXTRACT', 'ARRAY_SLICE', 'STRUCT_EXTRACT', 'OPERATOR_TRY',
]);

/** Keys of a SELECT node that must be empty for `SELECT <expr>` (anything else in the statement is refused). */
const EMPTY_SELECT_KEYS: readonly string[] = ['modifiers', 'group_expressions', 'group_sets'];
const NULL_SELECT_KEYS: readonly string[] = ['where_clause', 'having', 'sample', 'qualify'];

const MAX_NODES = 2000;
const MAX_DEPTH = 100;

const REFUSED: Readonly<Record<string, string>> = {
  SUBQUERY: 'subqueries are not allowed: a filter reads only the columns of this dataset',
  STAR: "'*' and COLUMNS(…) are not allowed; name the columns",
  PARAMETER: 'parameters (?, $1) are not allowed',
  LAMBDA: 'lambda functions are not allowed',
  WINDOW: 'window functions (… OVER …) are not allowed; a filter looks at one row at a time',
  FUNCTION_AGGREGATE: 'aggregate functions are not allowed; a filter looks at one row at a time',
};

/**
 * Checks the serialized tree of `SELECT <filter>` (the whole json_serialize_sql result) and returns the problems;
 * an empty list means the filter is allowed. `columns` are the dataset's column names; a column reference must be one
 * of them (compared case-insensitively, as DuckDB binds names). `offset` is subtracted from reported positions (the
 * length of the `SELECT ` prefix).
 */
export function checkFilterAst(serialized: unknown, columns: readonly string[], offset = 0): AstProblem[] {
  const problems: AstProblem[] = [];
  const refuse = (message: string, node?: Node): void => {
    const loc = node ? node['query_location'] : undefined;
    problems.push(typeof loc === 'number' && loc >= offset && loc < 1e12 ? { message, at: loc - offset } : { message });
  };
  if (!isNode(serialized)) return [{ message: 'the filter could not be read' }];
  if (serialized['error'] !== false) {
    const msg = typeof serialized['error_message'] === 'string' ? serialized['error_message'] : 'syntax error';
    return [{ message: /Only SELECT/i.test(msg) ? 'only an expression is allowed, not a statement (COPY, ATTACH, INSTALL, PRAGMA, SET …)' : msg }];
  }
  const statements = serialized['statements'];
  if (!Array.isArray(statements) || statements.length !== 1) return [{ message: 'one expression only: \';\' and several statements are not allowed' }];
  const stmt = statements[0] as unknown;
  const node = isNode(stmt) ? stmt['node'] : undefined;
  if (!isNode(node) || node['type'] !== 'SELECT_NODE') return [{ message: 'only an expression is allowed, not a query (UNION, VALUES, WITH …)' }];
  if (isNode(stmt) && Array.isArray(stmt['named_param_map']) && stmt['named_param_map'].length) refuse(REFUSED['PARAMETER']!);
  const from = node['from_table'];
  if (!isNode(from) || from['type'] !== 'EMPTY') refuse('FROM, JOIN and table functions are not allowed: a filter reads only this dataset');
  for (const k of EMPTY_SELECT_KEYS) if (Array.isArray(own(node, k)) && (own(node, k) as unknown[]).length) refuse(`${k.replace(/_/g, ' ')} are not allowed in a filter`);
  for (const k of NULL_SELECT_KEYS) if (own(node, k) !== null && own(node, k) !== undefined) refuse(`${k.replace(/_clause$/, '').toUpperCase()} is not allowed in a filter`);
  const cte = node['cte_map'];
  if (isNode(cte) && Array.isArray(cte['map']) && cte['map'].length) refuse('WITH is not allowed in a filter');
  if (node['aggregate_handling'] !== undefined && node['aggregate_handling'] !== 'STANDARD_HANDLING') refuse('GROUP BY ALL is not allowed in a filter');
  const list = node['select_list'];
  if (!Array.isArray(list) || list.length !== 1) return [...problems, { message: 'write one condition (combine several with AND / OR), not a list' }];
  if (problems.length) return problems;
  const known = new Map(columns.map((c) => [c.toLowerCase(), c]));
  let count = 0;
  const walk = (n: unknown, depth: number): void => {
    if (problems.length >= 5) return;
    if (!isNode(n)) { refuse('unexpected part in the expression'); return; }
    if (++count > MAX_NODES || depth > MAX_DEPTH) { refuse(`the filter is too large (more than ${MAX_NODES} parts or ${MAX_DEPTH} levels)`); return; }
    const cls = String(n['class']);
    const type = String(n['type']);
    if (depth === 0 && typeof n['alias'] === 'string' && n['alias'] !== '') refuse('AS aliases are not allowed', n);
    switch (cls) {
      case 'CONSTANT':
        return;
      case 'COLUMN_REF': {
        const names = n['column_names'];
        if (!Array.isArray(names) || names.length !== 1 || typeof names[0] !== 'string') {
          refuse(`'${Array.isArray(names) ? names.join('.') : '?'}': qualified names are not allowed; use the column name alone (quote it with "…" if it contains a dot)`, n);
          return;
        }
        if (!known.has(names[0].toLowerCase())) refuse(`no column named '${names[0]}'${suggest(names[0], columns)}`, n);
        return;
      }
      case 'COMPARISON':
        return each(n, ['left', 'right'], depth);
      case 'CONJUNCTION':
        return list2(n['children'], depth);
      case 'BETWEEN':
        return each(n, ['input', 'lower', 'upper'], depth);
      case 'CAST': {
        const t = n['cast_type'];
        const id = isNode(t) ? String(t['id']) : '';
        if (!CAST_TYPES.has(id)) refuse(`casts to ${id || 'this type'} are not allowed`, n);
        return walk(n['child'], depth + 1);
      }
      case 'CASE': {
        const checks = n['case_checks'];
        if (!Array.isArray(checks)) { refuse('unexpected CASE form', n); return; }
        for (const c of checks) each(c as Node, ['when_expr', 'then_expr'], depth);
        return walk(n['else_expr'], depth + 1);
      }
      case 'OPERATOR':
        if (!OPERATORS.has(type)) { refuse(`the operator ${type.replace(/^OPERATOR_/, '')} is not allowed`, n); return; }
        return list2(n['children'], depth);
      case 'FUNCTION': {
        const name = String(n['function_name']).toLowerCase();
        if (n['schema'] !== '' || (n['catalog'] !== '' && n['catalog'] !== undefined)) { refuse(`'${String(n['schema'])}.${name}': qualified function names are not allowed`, n); return; }
        if (!FILTER_FUNCTIONS.has(name)) { refuse(`the function ${name}() is not allowed in a filter`, n); return; }
        if (n['distinct'] === true || n['filter'] !== null || hasOrder(n['order_bys']) || n['export_state'] === true) { refuse(`${name}(): DISTINCT, FILTER and ORDER BY inside a call are not allowed`, n); return; }
        return list2(n['children'], depth);
      }
      default:
        refuse(own(REFUSED, cls) ?? own(REFUSED, type) ?? `${cls.toLowerCase().replace(/_/g, ' ')} expressions are not allowed in a filter`, n);
    }
  };
  const each = (n: Node, keys: readonly string[], depth: number): void => {
    for (const k of keys) walk(own(n, k), depth + 1);
  };
  const list2 = (children: unknown, depth: number): void => {
    if (!Array.isArray(children)) { refuse('unexpected expression form'); return; }
    for (const c of children) walk(c, depth + 1);
  };
  walk(list[0], 0);
  return problems;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasOrder(v: unknown): boolean {
  return isNode(v) && Array.isArray(v['orders']) && v['orders'].length > 0;
}

/** "; did you mean 'Amount'?" for a near miss (case or one edit away), else the first columns. */
function suggest(name: string, columns: readonly string[]): string {
  const lower = name.toLowerCase();
  const near = columns.find((c) => c.toLowerCase().replace(/[\s_]/g, '') === lower.replace(/[\s_]/g, ''));
  if (near) return `; did you mean "${near}"?`;
  const shown = columns.slice(0, 8).map((c) => `"${c}"`).join(', ');
  return `; columns are: ${shown}${columns.length > 8 ? ', …' : ''}`;
}
