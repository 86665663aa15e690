import { AnsiDialect } from '../../plan/ansiDialect';
import type { DialectCapabilities } from '../../plan/dialect';
import type { ScalarFn, ScalarType, TimeUnit } from '../../plan/expr';
import { checkRate } from './postgresDialect';

/**
 * BigQuery (GoogleSQL). Checked against the GoogleSQL reference (docs/warehouse.md):
 * - identifiers in backticks, each part of a table name quoted on its own; string literals take backslash
 *   escapes; FLOAT64/INT64/STRING/BOOL types; SAFE_CAST for try-casts;
 * - isFinite: NOT IS_INF(x) AND NOT IS_NAN(x);
 * - hash: FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(…))) (INT64; JSON keeps NULL apart from '');
 * - distinct tuples: COUNT(DISTINCT TO_JSON_STRING(STRUCT(…))) (COUNT DISTINCT takes no STRUCT);
 * - no FILTER clause (aggregates use CASE), no exact quantile aggregate (PERCENTILE_CONT is analytic only):
 *   APPROX_QUANTILES(x, 1000)[OFFSET(k)] for levels on a 1/1000 grid; APPROX_COUNT_DISTINCT (HyperLogLog++);
 * - TIMESTAMP_TRUNC(…, WEEK(MONDAY)); weeks are added as 7 days and months through DATETIME_ADD
 *   (TIMESTAMP_ADD takes no WEEK or MONTH);
 * - inline tables: UNNEST of an array of STRUCT(value AS field, …) (GoogleSQL has no VALUES in FROM).
 */
export class BigQueryDialect extends AnsiDialect {
  readonly name = 'bigquery';
  readonly capabilities: DialectCapabilities = { filterClause: false, approxDistinct: true, exactQuantiles: false, approxQuantiles: true, unionAll: true };

  override quoteIdent(name: string): string {
    if (name.includes('\u0000')) throw new Error('plan: identifier contains a NUL byte');
    return `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
  }

  override stringLiteral(value: string): string {
    if (value.includes('\u0000')) throw new Error('plan: string literal contains a NUL byte');
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
  }

  override typeName(type: ScalarType): string {
    return { double: 'FLOAT64', bigint: 'INT64', integer: 'INT64', varchar: 'STRING', boolean: 'BOOL', date: 'DATE', timestamp: 'TIMESTAMP' }[type];
  }

  override cast(x: string, to: ScalarType, tryCast: boolean): string {
    return `${tryCast ? 'SAFE_CAST' : 'CAST'}(${x} AS ${this.typeName(to)})`;
  }

  override nonFiniteLiteral(value: 'inf' | '-inf' | 'nan'): string {
    return `CAST('${value}' AS FLOAT64)`;
  }

  isFinite(x: string): string {
    return `(NOT IS_INF(${x}) AND NOT IS_NAN(${x}))`;
  }

  override scalar(fn: ScalarFn, args: string[]): string {
    if (fn === 'length') return `CHAR_LENGTH(${args.join(', ')})`;
    if (fn === 'power') return `POW(${args.join(', ')})`;
    return super.scalar(fn, args);
  }

  override contains(x: string, needle: string): string {
    return `(STRPOS(${x}, ${this.stringLiteral(needle)}) > 0)`;
  }

  hash(args: string[]): string {
    return `FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(${args.join(', ')})))`;
  }

  hashSample(x: string, rate: number): string {
    checkRate(rate);
    return `((${this.hash([x])} & ${rate - 1}) = 0)`;
  }

  override dateTrunc(unit: 'day' | 'week' | 'month', x: string): string {
    return `TIMESTAMP_TRUNC(CAST(${x} AS TIMESTAMP), ${unit === 'week' ? 'WEEK(MONDAY)' : unit.toUpperCase()})`;
  }

  override addInterval(x: string, amount: number, unit: TimeUnit): string {
    const n = this.integerLiteral(unit === 'week' ? amount * 7 : amount);
    if (unit === 'month') return `TIMESTAMP(DATETIME_ADD(DATETIME(CAST(${x} AS TIMESTAMP)), INTERVAL ${n} MONTH))`;
    return `TIMESTAMP_ADD(CAST(${x} AS TIMESTAMP), INTERVAL ${n} ${unit === 'week' ? 'DAY' : unit.toUpperCase()})`;
  }

  override countDistinct(args: string[]): string {
    return args.length === 1 ? `COUNT(DISTINCT ${args[0]})` : `COUNT(DISTINCT TO_JSON_STRING(STRUCT(${args.join(', ')})))`;
  }

  override approxDistinct(x: string): string {
    return `APPROX_COUNT_DISTINCT(${x})`;
  }

  override quantiles(x: string, levels: readonly number[], exact: boolean): string {
    if (exact) throw new Error('plan: bigquery has no exact quantile aggregate');
    const offsets = levels.map((l) => {
      const k = Math.round(l * 1000);
      if (Math.abs(k - l * 1000) > 1e-9) throw new Error(`plan: bigquery quantile level ${l} is not on the 1/1000 grid`);
      return k;
    });
    return `[${offsets.map((k) => `APPROX_QUANTILES(${x}, 1000)[OFFSET(${k})]`).join(', ')}]`;
  }

  /**
   * GoogleSQL has no VALUES list in FROM: an array of STRUCTs, unnested (one row per STRUCT, one column per
   * field; the alias names the STRUCT, so alias.field reads a field).
   */
  override inlineTable(alias: string, columns: readonly string[], rows: readonly (readonly string[])[]): string {
    if (!rows.length) throw new Error('plan: an inline table needs at least one row');
    if (rows.some((r) => r.length !== columns.length)) throw new Error('plan: an inline table row has the wrong number of values');
    return `UNNEST([${rows.map((r) => `STRUCT(${r.map((v, k) => `${v} AS ${this.quoteIdent(columns[k]!)}`).join(', ')})`).join(', ')}]) AS ${this.quoteIdent(alias)}`;
  }

  override varSamp(x: string): string {
    return `VAR_SAMP(${x})`;
  }

  override stddevSamp(x: string): string {
    return `STDDEV_SAMP(${x})`;
  }
}

export const bigqueryDialect = new BigQueryDialect();
