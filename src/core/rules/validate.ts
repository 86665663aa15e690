import { InputError } from '../errors';
import type { Row } from './evaluate';
import { compileExpression } from './evaluate';
import type { RecordsSource, RuleExample, RuleResult, RulesReport, SqlSource } from './reportTypes';
import type { Rule } from './rule';
import { quoteIdent } from './toSql';
import { pickValues, ruleColumns, validateSqlCounts } from './validateSql';
import { hasOwn, own } from '../dict';

export type { RuleExample, RuleResult, RulesReport, SqlSource, RecordsSource } from './reportTypes';

/** Where an example comes from, in words: "data row 12" on a file, "3 violating rows" on a table. */
export function exampleWhere(ex: RuleExample): string {
  if (ex.row !== undefined) return `data row ${ex.row}`;
  return `${ex.count ?? 1} violating row${ex.count === 1 ? '' : 's'}`;
}

/** Examples from a table (no row numbers: value combinations with their counts) rather than from a file. */
export function tableExamples(r: RuleResult): boolean {
  return r.examples.length > 0 && r.examples.every((ex) => ex.row === undefined);
}

/**
 * Checks rules against a dataset and returns the JSON report. The SQL path (validateSql.ts) types the rules against
 * the table's columns (DESCRIBE), counts them in chunks of aggregate queries and then looks up up to `maxExamples`
 * first violating rows per rule: time linear in rules × rows, memory bounded. The records path evaluates the same
 * rules with the interpreter; both give the same report (tested).
 */
export async function validateRules(rules: readonly Rule[], source: SqlSource | RecordsSource, options: { maxExamples?: number; onProgress?: (fraction: number) => void } = {}): Promise<RulesReport> {
  const maxExamples = options.maxExamples ?? 5;
  const results = source.kind === 'records' ? validateRecords(rules, source.records, maxExamples) : await validateSql(rules, source, maxExamples, options.onProgress);
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
          if (examples.length < maxExamples) examples.push({ row: i + 1, values: pickValues(cols, (c) => (hasOwn(rec, c) ? own(rec, c) : null)) });
        }
      }, i + 1);
    });
    return result(rule, rows, violations, nulls, examples);
  });
}

async function validateSql(rules: readonly Rule[], src: SqlSource, maxExamples: number, onProgress?: (fraction: number) => void): Promise<RuleResult[]> {
  const table = src.relationSql ?? quoteIdent(src.table);
  const counts = await validateSqlCounts(rules, src, table, { maxExamples, onProgress }, withRule);
  return rules.map((rule, i) => result(rule, counts[i]!.rows, counts[i]!.violations, counts[i]!.nullResults, counts[i]!.examples));
}
