import { AnsiDialect } from '../../plan/ansiDialect';
import type { DialectCapabilities } from '../../plan/dialect';
import type { ScalarFn, ScalarType, TimeUnit } from '../../plan/expr';
import { checkRate } from './postgresDialect';

/**
 * Trino (and Presto). Checked against the Trino documentation (docs/warehouse.md):
 * - isFinite: is_finite(x);
 * - hash: xxhash64 of the UTF-8 of the tuple cast to JSON (CAST(ROW(…) AS JSON) writes NULL as null), read
 *   as a signed 64-bit integer with from_big_endian_64;
 * - hash sample: bitwise_and(hash, rate − 1) = 0;
 * - Trino has no exact quantile aggregate: approx_percentile (qdigest; capabilities say exact: no) and
 *   approx_distinct (HyperLogLog, standard error 2.3%);
 * - try_cast, truncate, strpos, date_trunc (weeks start on Monday), date_add(unit, n, x) as documented;
 * - windows in UTC: a timestamp with time zone is moved to UTC (AT TIME ZONE) before its zone is dropped
 *   (utcTimestamp); the Trino/Presto executor also sends X-Trino-Time-Zone / X-Presto-Time-Zone: UTC.
 */
export class TrinoDialect extends AnsiDialect {
  readonly name: string = 'trino';
  readonly capabilities: DialectCapabilities = { filterClause: true, approxDistinct: true, exactQuantiles: false, approxQuantiles: true, unionAll: true };

  override typeName(type: ScalarType): string {
    return type === 'double' ? 'DOUBLE' : super.typeName(type);
  }

  override cast(x: string, to: ScalarType, tryCast: boolean): string {
    return `${tryCast ? 'TRY_CAST' : 'CAST'}(${x} AS ${this.typeName(to)})`;
  }

  override nonFiniteLiteral(value: 'inf' | '-inf' | 'nan'): string {
    return { inf: 'infinity()', '-inf': '-infinity()', nan: 'nan()' }[value];
  }

  isFinite(x: string): string {
    return `is_finite(${x})`;
  }

  override scalar(fn: ScalarFn, args: string[]): string {
    // Not truncate(): the SELECT-only guard refuses the word TRUNCATE anywhere outside quotes.
    if (fn === 'trunc') return `(CASE WHEN ${args[0]} >= 0 THEN floor(${args[0]}) ELSE ceil(${args[0]}) END)`;
    if (fn === 'length') return `length(${args.join(', ')})`;
    return super.scalar(fn, args);
  }

  override contains(x: string, needle: string): string {
    return `(strpos(${x}, ${this.stringLiteral(needle)}) > 0)`;
  }

  hash(args: string[]): string {
    return `from_big_endian_64(xxhash64(to_utf8(json_format(CAST(ROW(${args.join(', ')}) AS JSON)))))`;
  }

  hashSample(x: string, rate: number): string {
    checkRate(rate);
    return `(bitwise_and(${this.hash([x])}, ${rate - 1}) = 0)`;
  }

  override addInterval(x: string, amount: number, unit: TimeUnit): string {
    return `date_add(${this.stringLiteral(unit)}, ${this.integerLiteral(amount)}, ${x})`;
  }

  /**
   * A timestamp with time zone keeps the zone of its value (not the session's), and CAST(… AS TIMESTAMP) keeps
   * that zone's wall clock; `AT TIME ZONE 'UTC'` first gives the same instant in UTC.
   * https://trino.io/docs/current/functions/datetime.html#time-zone-conversion ("The AT TIME ZONE operator sets the
   * time zone of a timestamp"); Athena engine 3 has the same operator:
   * https://docs.aws.amazon.com/athena/latest/ug/athena-supported-time-zones.html
   */
  override utcTimestamp(x: string): string {
    return `CAST((${x} AT TIME ZONE 'UTC') AS TIMESTAMP)`;
  }

  override countDistinct(args: string[]): string {
    return args.length === 1 ? `count(DISTINCT ${args[0]})` : `count(DISTINCT ROW(${args.join(', ')}))`;
  }

  override approxDistinct(x: string): string {
    return `approx_distinct(${x})`;
  }

  override quantiles(x: string, levels: readonly number[], exact: boolean): string {
    if (exact) throw new Error('plan: trino has no exact quantiles');
    return `approx_percentile(${x}, ARRAY[${levels.map((l) => this.doubleLiteral(l)).join(', ')}])`;
  }
}

export const trinoDialect = new TrinoDialect();
