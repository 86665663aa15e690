import { AnsiDialect } from '../../plan/ansiDialect';
import type { DialectCapabilities } from '../../plan/dialect';
import type { ScalarFn, ScalarType, TimeUnit } from '../../plan/expr';
import { checkRate } from './postgresDialect';

/**
 * Snowflake. Checked against the Snowflake SQL reference (docs/warehouse.md):
 * - string literals process backslash escapes, so `\` is doubled and `'` doubled;
 * - isFinite: Snowflake compares NaN equal to itself, so x NOT IN (NaN, inf, -inf) works;
 * - hash: HASH(…) (signed 64-bit, NULL-safe, any number of arguments); distinct tuples: COUNT(DISTINCT HASH(…))
 *   (COUNT(DISTINCT a, b) drops tuples with a NULL; collision chance ≈ n²/2^65);
 * - no FILTER clause; exact quantiles as ARRAY_CONSTRUCT of PERCENTILE_CONT(l) WITHIN GROUP (ORDER BY x)
 *   (linear interpolation); approximate: APPROX_PERCENTILE (t-digest) and APPROX_COUNT_DISTINCT (HyperLogLog);
 * - DATE_TRUNC('WEEK') starts weeks on Monday because the executor sets WEEK_START = 1; DATEADD for intervals;
 * - windows in UTC: a TIMESTAMP_LTZ/TZ column is converted to UTC before its cast to TIMESTAMP_NTZ (utcTimestamp),
 *   and the executor also sends TIMEZONE = 'UTC' with every statement.
 */
export class SnowflakeDialect extends AnsiDialect {
  readonly name = 'snowflake';
  readonly capabilities: DialectCapabilities = { filterClause: false, approxDistinct: true, exactQuantiles: true, approxQuantiles: true, unionAll: true };

  override stringLiteral(value: string): string {
    if (value.includes('\u0000')) throw new Error('plan: string literal contains a NUL byte');
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  }

  override typeName(type: ScalarType): string {
    return type === 'double' ? 'DOUBLE' : super.typeName(type);
  }

  override cast(x: string, to: ScalarType, tryCast: boolean): string {
    if (tryCast && to === 'double') return `TRY_TO_DOUBLE(CAST(${x} AS VARCHAR))`;
    return `${tryCast ? 'TRY_CAST' : 'CAST'}(${x} AS ${this.typeName(to)})`;
  }

  override nonFiniteLiteral(value: 'inf' | '-inf' | 'nan'): string {
    return `'${value === 'nan' ? 'NaN' : value}'::DOUBLE`;
  }

  isFinite(x: string): string {
    return `(${x} NOT IN ('NaN'::DOUBLE, 'inf'::DOUBLE, '-inf'::DOUBLE))`;
  }

  override scalar(fn: ScalarFn, args: string[]): string {
    if (fn === 'length') return `LENGTH(${args.join(', ')})`;
    return super.scalar(fn, args);
  }

  hash(args: string[]): string {
    return `HASH(${args.join(', ')})`;
  }

  hashSample(x: string, rate: number): string {
    checkRate(rate);
    return `(BITAND(${this.hash([x])}, ${rate - 1}) = 0)`;
  }

  override dateTrunc(unit: 'day' | 'week' | 'month', x: string): string {
    return `DATE_TRUNC(${this.stringLiteral(unit.toUpperCase())}, ${x})`;
  }

  override addInterval(x: string, amount: number, unit: TimeUnit): string {
    return `DATEADD(${unit.toUpperCase()}, ${this.integerLiteral(amount)}, ${x})`;
  }

  /**
   * CONVERT_TIMEZONE(target, ts), the 2-argument form, takes an LTZ or TZ value at its own instant and returns a
   * TIMESTAMP_TZ in UTC, whose cast to TIMESTAMP_NTZ keeps that wall clock. A plain cast of a TIMESTAMP_TZ would
   * keep the wall clock of its stored offset, not UTC's.
   * https://docs.snowflake.com/en/sql-reference/functions/convert_timezone (2-argument version: "If the value is of
   * type TIMESTAMP_TZ, the time zone is taken from its value. Otherwise, the current session time zone is used")
   */
  override utcTimestamp(x: string): string {
    return `CAST(CONVERT_TIMEZONE('UTC', ${x}) AS TIMESTAMP_NTZ)`;
  }

  override countDistinct(args: string[]): string {
    return args.length === 1 ? `COUNT(DISTINCT ${args[0]})` : `COUNT(DISTINCT HASH(${args.join(', ')}))`;
  }

  override approxDistinct(x: string): string {
    return `APPROX_COUNT_DISTINCT(${x})`;
  }

  override quantiles(x: string, levels: readonly number[], exact: boolean): string {
    const one = (l: number) => (exact ? `PERCENTILE_CONT(${this.doubleLiteral(l)}) WITHIN GROUP (ORDER BY ${x})` : `APPROX_PERCENTILE(${x}, ${this.doubleLiteral(l)})`);
    return `ARRAY_CONSTRUCT(${levels.map(one).join(', ')})`;
  }
}

export const snowflakeDialect = new SnowflakeDialect();
