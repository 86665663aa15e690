import { InputError } from '../errors';
import { columnsOf } from './ast';
import type { Row } from './evaluate';
import { compileExpression } from './evaluate';
import type { Rule, Severity } from './rule';
import { duckdbColumnType, quoteIdent, toSql } from './toSql';
import type { ColumnType } from './typeCheck';
import type { Value } from './values';
import { fromField } from './values';

export interface RuleExample {
  /**
   * 1-based data row number, header excluded. Absent on a warehouse table, which has no row numbers: there the
   * example is a violating combination of values and `count` says how many violating rows hold it.
   */
  row?: number;
  /** Violating rows with exactly these values (table examples: the most frequent first). */
  count?: number;
  /** Values of the columns the rule reads. */
  values: Record<string, Value>;
}

export interface RuleResult {
  id: string;
  expr: string;
  when?: string;
  severity: Severity;
  /** The rule's free-text description, when it has one. */
  description?: string;
  /** Applicable rows (`when` true, or every row) where `expr` is false. */
  violations: number;
  /** Applicable rows: rows where `when` is true (null or false `when` skips the row), or all rows. */
  rows: number;
  /** Applicable rows where `expr` is null (e.g. a null input): neither a pass nor a violation. */
  nullResults: number;
  /** violations / rows (0 when no row applies). */
  rate: number;
  maxRate: number;
  /** 'fail' when rate > maxRate. */
  status: 'pass' | 'fail';
  examples: RuleExample[];
}

/** Where an example comes from, in words: "data row 12" on a file, "3 violating rows" on a table. */
export function exampleWhere(ex: RuleExample): string {
  if (ex.row !== undefined) return `data row ${ex.row}`;
  return `${ex.count ?? 1} violating row${ex.count === 1 ? '' : 's'}`;
}

/** Examples from a table (no row numbers: value combinations with their counts) rather than from a file. */
export function tableExamples(r: RuleResult): boolean {
  return r.examples.length > 0 && r.examples.every((ex) => ex.row === undefined);
}

export interface RulesReport {
  dataset: string;
  rules: RuleResult[];
  summary: { rules: number; passed: number; failed: number };
}

/** Data already in DuckDB: `execute` runs one SQL query and resolves to its rows as plain objects. */
export interface SqlSource {
  kind: 'sql';
  dataset: string;
  table: string;
  execute(sql: string): Promise<Array<Record<string, unknown>>>;
  /**
   * Trusted, engine-built SQL for the relation to read instead of `quoteIdent(table)`, e.g. an already quoted
   * table name or `read_parquet('…')`. Never user text.
   */
  relationSql?: string;
  /** SQL giving the 1-based data row number; default `row_number() OVER ()` (insertion order in DuckDB). */
  rowNumberSql?: string;
  /**
   * A plain per-row expression (no window function) giving the 1-based data row number, e.g. `rowid + 1`. When set,
   * the examples are collected in the same single scan as the counts, with `arg_min(…, row, n) FILTER (…)`.
   */
  rowIdSql?: string;
}

/** Rows in memory (tests, small data, the runtime guard's batch mode). */
export interface RecordsSource {
  kind: 'records';
  dataset: string;
  records: readonly Row[];
}

/**
 * Checks rules against a dataset and returns the JSON report. The SQL path types the rules against the table's
 * columns (DESCRIBE), then counts every rule in ONE aggregate query —
 * `count(*) FILTER (WHERE (when) IS TRUE AND (expr) IS FALSE)` per rule. Up to `maxExamples` violating rows per
 * rule, ordered by row number, come from the same query (`arg_min` over `rowIdSql`) when the source has a plain
 * row-number column, else from one top-N query per rule with violations. The records path evaluates the same rules with the
 * interpreter; both give the same report (tested).
 */
export async function validateRules(rules: readonly Rule[], source: SqlSource | RecordsSource, options: { maxExamples?: number } = {}): Promise<RulesReport> {
  const maxExamples = options.maxExamples ?? 5;
  const results = source.kind === 'records' ? validateRecords(rules, source.records, maxExamples) : await validateSql(rules, source, maxExamples);
  const failed = results.filter((r) => r.status === 'fail').length;
  return { dataset: source.dataset, rules: results, summary: { rules: results.length, passed: results.length - failed, failed } };
}

function result(rule: Rule, rows: number, violations: number, nullResults: number, examples: RuleExample[]): RuleResult {
  const rate = rows > 0 ? violations / rows : 0;
  return {
    id: rule.id,
    expr: rule.expr,
    ...(rule.when === undefined ? {} : { when: rule.when }),
    severity: rule.severity,
    ...(rule.description === undefined ? {} : { description: rule.description }),
    violations,
    rows,
    nullResults,
    rate,
    maxRate: rule.maxViolationRate,
    status: rate > rule.maxViolationRate ? 'fail' : 'pass',
    examples,
  };
}

function ruleColumns(rule: Rule): string[] {
  return [...new Set([...columnsOf(rule.exprAst), ...(rule.whenAst ? columnsOf(rule.whenAst) : [])])];
}

function withRule<T>(rule: Rule, f: () => T, row?: number): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const where = row === undefined ? '' : ` on data row ${row}`;
    throw new InputError(e.code, `rule '${rule.id}'${where}: ${e.message}`, { ...e.details, ruleId: rule.id, ...(row === undefined ? {} : { row }) });
  }
}

function validateRecords(rules: readonly Rule[], records: readonly Row[], maxExamples: number): RuleResult[] {
  return rules.map((rule) => {
    const expr = compileExpression(rule.exprAst, rule.expr);
    const when = rule.whenAst && compileExpression(rule.whenAst, rule.when);
    const cols = ruleColumns(rule);
    let rows = 0;
    let violations = 0;
    let nulls = 0;
    const examples: RuleExample[] = [];
    records.forEach((rec, i) => {
      withRule(rule, () => {
        if (when !== undefined && when(rec) !== true) return;
        rows++;
        const v = expr(rec);
        if (v === null) nulls++;
        else if (v === false) {
          violations++;
          if (examples.length < maxExamples) examples.push({ row: i + 1, values: pickValues(cols, (c) => (Object.prototype.hasOwnProperty.call(rec, c) ? rec[c] : null)) });
        }
      }, i + 1);
    });
    return result(rule, rows, violations, nulls, examples);
  });
}

function pickValues(cols: string[], get: (c: string) => unknown): Record<string, Value> {
  const out = Object.create(null) as Record<string, Value>;
  for (const c of cols) {
    const raw = get(c);
    const v = fromField(raw);
    // A null stays null (regression: `?? String(raw)` turned a null value into the string "null").
    out[c] = v === undefined ? String(raw) : v;
  }
  return out;
}

async function validateSql(rules: readonly Rule[], src: SqlSource, maxExamples: number): Promise<RuleResult[]> {
  const table = src.relationSql ?? quoteIdent(src.table);
  const described = await src.execute(`DESCRIBE SELECT * FROM ${table}`);
  const columns = new Map<string, ColumnType>(described.map((d) => [String(d['column_name']), duckdbColumnType(String(d['column_type']))]));
  const conds = rules.map((rule) => {
    const expr = withRule(rule, () => toSql(rule.exprAst, rule.expr, columns));
    const when = rule.whenAst ? withRule(rule, () => toSql(rule.whenAst!, rule.when!, columns)) : undefined;
    const applies = when === undefined ? 'TRUE' : `(${when}) IS TRUE`;
    return { applies, violated: `${applies} AND (${expr}) IS FALSE`, isNull: `${applies} AND (${expr}) IS NULL` };
  });
  if (rules.length === 0) return [];
  const limit = Math.floor(maxExamples);
  const oneScan = src.rowIdSql !== undefined && limit > 0;
  const aggregates = conds.map((c, i) => {
    const counts = `count(*) FILTER (WHERE ${c.applies}) AS r${i}_rows, count(*) FILTER (WHERE ${c.violated}) AS r${i}_viol, count(*) FILTER (WHERE ${c.isNull}) AS r${i}_null`;
    if (!oneScan) return counts;
    const fields = ruleColumns(rules[i]!).map((col, k) => `'c${k}': ${quoteIdent(col)}`);
    return `${counts}, arg_min({'r': ${src.rowIdSql}${fields.map((f) => `, ${f}`).join('')}}, ${src.rowIdSql}, ${limit}) FILTER (WHERE ${c.violated}) AS r${i}_ex`;
  });
  const [counts] = await src.execute(`SELECT ${aggregates.join(', ')} FROM ${table}`);
  const n = (k: string): number => Number(counts?.[k] ?? 0);
  const rowNumber = src.rowNumberSql ?? 'row_number() OVER ()';
  const out: RuleResult[] = [];
  for (const [i, rule] of rules.entries()) {
    const violations = n(`r${i}_viol`);
    const examples: RuleExample[] = [];
    if (oneScan) {
      const cols = ruleColumns(rule);
      const found = (counts?.[`r${i}_ex`] ?? []) as Array<Record<string, unknown>>;
      for (const r of [...found].sort((a, b) => Number(a['r']) - Number(b['r']))) examples.push({ row: Number(r['r']), values: pickValues(cols, (c) => r[`c${cols.indexOf(c)}`]) });
    } else if (violations > 0 && maxExamples > 0) {
      const cols = ruleColumns(rule);
      const select = cols.map((c, k) => `${quoteIdent(c)} AS c${k}`).join(', ');
      const rows = await src.execute(`SELECT __ml_row${select ? `, ${select}` : ''} FROM (SELECT ${rowNumber} AS __ml_row, * FROM ${table}) WHERE ${conds[i]!.violated} ORDER BY __ml_row LIMIT ${limit}`);
      for (const r of rows) examples.push({ row: Number(r['__ml_row']), values: pickValues(cols, (c) => r[`c${cols.indexOf(c)}`]) });
    }
    out.push(result(rule, n(`r${i}_rows`), violations, n(`r${i}_null`), examples));
  }
  return out;
}
