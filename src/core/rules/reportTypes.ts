/** The report of validateRules and the sources it reads (types only). */
import type { Severity } from './rule';
import type { Row } from './evaluate';
import type { Value } from './values';

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
