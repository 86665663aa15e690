import { AnsiDialect } from '../../plan/ansiDialect';
import type { DialectCapabilities } from '../../plan/dialect';
import type { ScalarFn, ScalarType, TimeUnit } from '../../plan/expr';
import { checkRate } from './postgresDialect';

/**
 * Databricks SQL (Spark SQL, ANSI mode). Checked against the Databricks SQL language reference (docs/warehouse.md):
 * - identifiers in backticks; string literals take backslash escapes, so both `\` and `'` are escaped;
 * - isFinite: NOT isnan(x) AND abs(x) <> double('Infinity');
 * - hash: xxhash64 over each value and its null flag (xxhash64 skips NULL arguments, which would make
 *   (1, NULL) and (NULL, 1) collide);
 * - count of distinct tuples: count(DISTINCT struct(…)) (count(DISTINCT a, b) drops tuples with a NULL);
 * - exact quantiles: percentile(x, array(…)) (exact, linear interpolation); approximate: percentile_approx;
 *   approximate distinct: approx_count_distinct (HyperLogLog++, relative error 5% by default);
 * - no numeric trunc(): the integer part is floor for x ≥ 0 and ceil below;
 * - try_cast exists; FILTER (WHERE …) exists (Spark ≥ 3.0);
 * - inline tables: `SELECT * FROM VALUES (…), (…) AS t(a, b)` (the VALUES clause page), inside a subquery;
 * - windows in UTC: the Statement Execution API takes no session configuration, so nothing pins the warehouse's
 *   TIMEZONE; a TIMESTAMP column (an instant) becomes its UTC wall clock by arithmetic (utcTimestamp), and the
 *   truncation goes through DATE (dateTrunc), never through date_trunc, which works in the session time zone.
 */
export class DatabricksDialect extends AnsiDialect {
  readonly name = 'databricks';
  readonly capabilities: DialectCapabilities = { filterClause: true, approxDistinct: true, exactQuantiles: true, approxQuantiles: true, unionAll: true };

  override quoteIdent(name: string): string {
    if (name.includes('\u0000')) throw new Error('plan: identifier contains a NUL byte');
    return `\`${name.replace(/`/g, '``')}\``;
  }

  override stringLiteral(value: string): string {
    if (value.includes('\u0000')) throw new Error('plan: string literal contains a NUL byte');
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }

  override typeName(type: ScalarType): string {
    return { double: 'DOUBLE', bigint: 'BIGINT', integer: 'INT', varchar: 'STRING', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' }[type];
  }

  override cast(x: string, to: ScalarType, tryCast: boolean): string {
    return `${tryCast ? 'try_cast' : 'CAST'}(${x} AS ${this.typeName(to)})`;
  }

  override nonFiniteLiteral(value: 'inf' | '-inf' | 'nan'): string {
    return `double('${{ inf: 'Infinity', '-inf': '-Infinity', nan: 'NaN' }[value]}')`;
  }

  isFinite(x: string): string {
    return `(NOT isnan(${x}) AND abs(${x}) <> double('Infinity'))`;
  }

  override scalar(fn: ScalarFn, args: string[]): string {
    if (fn === 'trunc') return `(CASE WHEN ${args[0]} >= 0 THEN floor(${args[0]}) ELSE ceil(${args[0]}) END)`;
    if (fn === 'power') return `pow(${args.join(', ')})`;
    return super.scalar(fn, args);
  }

  hash(args: string[]): string {
    return `xxhash64(${args.map((a) => `${a}, isnull(${a})`).join(', ')})`;
  }

  hashSample(x: string, rate: number): string {
    checkRate(rate);
    return `((${this.hash([x])} & ${rate - 1}) = 0)`;
  }

  /**
   * date_trunc returns a TIMESTAMP (local time zone: the session's) whatever it is given, so a TIMESTAMP_NTZ would be
   * truncated in the warehouse's TIMEZONE. Through DATE instead: CAST(TIMESTAMP_NTZ AS DATE) takes its date, and
   * trunc(date, 'WEEK' | 'MM') gives the Monday of the week or the first day of the month, as a DATE, then
   * midnight as a TIMESTAMP_NTZ: no time zone anywhere. (A DATE or TIMESTAMP argument goes to DATE in the session
   * time zone, as date_trunc did.)
   * https://docs.databricks.com/en/sql/language-manual/functions/date_trunc.html ("Returns: A TIMESTAMP")
   * https://docs.databricks.com/en/sql/language-manual/functions/trunc.html ('WEEK': the Monday of the week)
   */
  override dateTrunc(unit: 'day' | 'week' | 'month', x: string): string {
    const day = `CAST(${x} AS DATE)`;
    return `CAST(${unit === 'day' ? day : `trunc(${day}, ${this.stringLiteral(unit === 'week' ? 'WEEK' : 'MM')})`} AS TIMESTAMP_NTZ)`;
  }

  /**
   * A TIMESTAMP (local-time-zone semantics: an instant) as its UTC wall clock, a TIMESTAMP_NTZ: its microseconds
   * since the epoch added to the epoch without time zone. unix_micros counts from 1970-01-01 00:00:00 UTC
   * (https://docs.databricks.com/en/sql/language-manual/functions/unix_micros.html); timestampadd adds units to a
   * timestamp and keeps its type (https://docs.databricks.com/en/sql/language-manual/functions/timestampadd.html).
   * Not convert_timezone('UTC', x): it reads x's session wall clock first, ambiguous in the hour a DST change repeats
   * (https://docs.databricks.com/en/sql/language-manual/functions/convert_timezone.html).
   */
  override utcTimestamp(x: string): string {
    return `timestampadd(MICROSECOND, unix_micros(${x}), TIMESTAMP_NTZ'1970-01-01 00:00:00')`;
  }

  override addInterval(x: string, amount: number, unit: TimeUnit): string {
    const [n, u] = unit === 'week' ? [amount * 7, 'DAY'] : [amount, unit.toUpperCase()];
    return `(${x} + INTERVAL '${this.integerLiteral(n)}' ${u})`;
  }

  override countDistinct(args: string[]): string {
    return args.length === 1 ? `count(DISTINCT ${args[0]})` : `count(DISTINCT struct(${args.join(', ')}))`;
  }

  override approxDistinct(x: string): string {
    return `approx_count_distinct(${x})`;
  }

  /** Databricks' documented inline table is `FROM VALUES (…), (…) AS alias(c1, c2)` (no parentheses around VALUES): a subquery holds it. */
  override inlineTable(alias: string, columns: readonly string[], rows: readonly (readonly string[])[]): string {
    if (!rows.length) throw new Error('plan: an inline table needs at least one row');
    const a = this.quoteIdent(alias);
    return `(SELECT * FROM VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')} AS ${a}(${columns.map((c) => this.quoteIdent(c)).join(', ')})) AS ${a}`;
  }

  override quantiles(x: string, levels: readonly number[], exact: boolean): string {
    const ls = `array(${levels.map((l) => this.doubleLiteral(l)).join(', ')})`;
    return exact ? `percentile(${x}, ${ls})` : `percentile_approx(${x}, ${ls}, 10000)`;
  }
}

export const databricksDialect = new DatabricksDialect();
