import type { ColumnInfo, Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { scanSql } from '../data/fileScan';
import { quoteIdent } from '../data/sql';
import { InputError } from '../errors';
import type { Rule } from './rule';
import { locateRuleField } from './rulesFile';
import { duckdbColumnType, toSql } from './toSql';
import type { ColumnType } from './typeCheck';
import type { RulesReport } from './validate';
import { validateRules } from './validate';

export interface ValidateDatasetOptions {
  signal?: AbortSignal | undefined;
  /** Violating rows listed per rule (default 5). */
  maxExamples?: number;
  /** Name of the dataset in the report (default: the dataset's resolved path). */
  label?: string;
  /** Called with the fraction of the rules' work done (one step per query; thousands of rules take several). */
  onProgress?: ((fraction: number) => void) | undefined;
  /** The rules file the rules came from, so a rule that does not fit the data is reported at its file:line:column. */
  rulesSource?: { path: string; text: string };
}

/**
 * Checks every rule against a loaded dataset inside DuckDB in one scan (validate.ts: one aggregate query counts
 * every rule and keeps each rule's first violating rows with `arg_min(…, row, n)`). `row` in the examples is the exact 1-based data row of the
 * file, header excluded:
 * - CSV/TSV/JSON Lines/Arrow are engine tables filled in file order, so the row is `rowid + 1`;
 * - Parquet is read in place through `read_parquet`, whose virtual column `file_row_number` (0-based, DuckDB ≥ 1.3)
 *   gives `file_row_number + 1`. If the file has a real column of that name, which hides the virtual one, the data
 *   is first copied into an engine table in file order and `rowid + 1` is used.
 * Before any counting, every rule is typed against the dataset's columns; the first rule that names an unknown
 * column or mixes types is thrown as an InputError located in the rules file when `rulesSource` is given.
 */
export async function validateDataset(engine: Engine, ds: Dataset, rules: readonly Rule[], options: ValidateDatasetOptions = {}): Promise<RulesReport> {
  checkRulesAgainstColumns(rules, ds.columns, options.rulesSource);
  const run: RunOptions = { signal: options.signal };
  let relationSql = ds.relation;
  let rowNumberSql = 'rowid + 1';
  let copy: string | undefined;
  if (ds.format === 'parquet' && !ds.engineTable) {
    if (ds.columns.some((c) => c.name === 'file_row_number') || ds.multiFile) { // several files: no single file_row_number
      copy = quoteIdent(engine.uniqueName('rules_rows'));
      await engine.exec(`CREATE TABLE ${copy} AS SELECT * FROM ${ds.relation}`, run);
      relationSql = copy;
    } else {
      relationSql = await scanSql(engine, 'read_parquet', ds.path, [], run);
      rowNumberSql = 'file_row_number + 1';
    }
  }
  try {
    const execute = (sql: string) => engine.run(sql, run);
    const source = { kind: 'sql' as const, dataset: options.label ?? ds.path, table: '', relationSql, rowNumberSql, rowIdSql: rowNumberSql, execute };
    return await validateRules(rules, source, { ...(options.maxExamples === undefined ? {} : { maxExamples: options.maxExamples }), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  } finally {
    if (copy !== undefined) await engine.exec(`DROP TABLE IF EXISTS ${copy}`).catch(() => undefined);
  }
}

/**
 * Types each rule's `expr` and `when` against the dataset's columns (the same check the SQL translation does) and
 * throws the first problem: COLUMN_NOT_FOUND lists the dataset's columns, EXPR_TYPE names the operand.
 */
export function checkRulesAgainstColumns(rules: readonly Rule[], columns: readonly ColumnInfo[], rulesSource?: { path: string; text: string }): void {
  const types = new Map<string, ColumnType>(columns.map((c) => [c.name, duckdbColumnType(c.type)]));
  for (const rule of rules) {
    for (const field of ['expr', 'when'] as const) {
      const ast = field === 'expr' ? rule.exprAst : rule.whenAst;
      const text = field === 'expr' ? rule.expr : rule.when;
      if (ast === undefined || text === undefined) continue;
      try {
        toSql(ast, text, types);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        const start = typeof e.details['start'] === 'number' ? e.details['start'] : undefined;
        const at = rulesSource && locateRuleField(rulesSource.text, rule.id, field, start);
        const where = rulesSource ? `${rulesSource.path}${at ? `:${at.line}:${at.column}` : ''}: ` : '';
        const message = e.message.replace(/ \(line \d+, column \d+\)[\s\S]*$/, '');
        throw new InputError(e.code, `${where}rule '${rule.id}', ${field} '${text}': ${message}`, { ...e.details, ruleId: rule.id, field, ...(at ?? {}), ...(rulesSource ? { file: rulesSource.path } : {}) });
      }
    }
  }
}
