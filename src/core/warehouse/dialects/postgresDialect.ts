import { AnsiDialect } from '../../plan/ansiDialect';
import type { DialectCapabilities } from '../../plan/dialect';
import type { ScalarType, TimeUnit } from '../../plan/expr';

/** Text PostgreSQL's float8 input accepts as a number (what TRY_CAST to double keeps), incl. NaN and ±Infinity. */
const NUMBER_TEXT = "'^\\s*[-+]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?|nan|inf|infinity)\\s*$'";

/**
 * PostgreSQL (≥ 12). Each function below is checked against the PostgreSQL 15 manual (docs/warehouse.md):
 * - doubles as `'text'::float8` (float8in reads the shortest round-trip text back exactly);
 * - isFinite: NaN = NaN is true in PostgreSQL, so `x NOT IN (NaN, ±Infinity)` works (NULL stays NULL);
 * - hash: hashtextextended(ROW(…)::text, 0), a 64-bit hash of the tuple's text, NULL-safe (NULL ≠ '');
 * - hash sample: the hash's low bits are zero, 1 in `rate` distinct values;
 * - exact quantiles: percentile_cont(ARRAY[…]) WITHIN GROUP (ORDER BY x) (linear interpolation, as numpy);
 *   PostgreSQL has no quantile sketch, so approximate quantiles are computed exactly too (an exact value is
 *   within any stated error, and reports label them exact: approxQuantilesExact); no approximate distinct count;
 * - TRY_CAST to double of text: a regular expression of float8's input syntax, else NULL;
 * - intervals as n * INTERVAL '1 unit' (the SQL-standard `INTERVAL 'n' WEEK` has no WEEK field);
 * - windows in UTC: timestamptz AT TIME ZONE 'UTC' (utcTimestamp), besides the executor's SET LOCAL TIME ZONE 'UTC'.
 */
export class PostgresDialect extends AnsiDialect {
  readonly name = 'postgres';
  readonly capabilities: DialectCapabilities = { filterClause: true, approxDistinct: false, exactQuantiles: true, approxQuantiles: true, approxQuantilesExact: true, unionAll: true, distinctBySort: true };
  /** PostgreSQL pulls simple subqueries up into the outer query (inlining derived columns); OFFSET 0 stops it. */
  readonly derivedFence = ' OFFSET 0';

  override doubleLiteral(value: number): string {
    if (!Number.isFinite(value)) throw new Error(`plan: not a finite double: ${value}`);
    return `'${String(value)}'::float8`;
  }

  override cast(x: string, to: ScalarType, tryCast: boolean): string {
    if (!tryCast) return `CAST(${x} AS ${this.typeName(to)})`;
    if (to === 'double') return `(CASE WHEN CAST(${x} AS TEXT) ~* ${NUMBER_TEXT} THEN CAST(CAST(${x} AS TEXT) AS float8) END)`;
    if (to === 'bigint' || to === 'integer') return `(CASE WHEN CAST(${x} AS TEXT) ~ '^\\s*[-+]?[0-9]{1,18}\\s*$' THEN CAST(CAST(${x} AS TEXT) AS ${this.typeName(to)}) END)`;
    if (to === 'varchar') return `CAST(${x} AS VARCHAR)`;
    throw new Error(`plan: postgres has no TRY_CAST to ${to}`);
  }

  override nonFiniteLiteral(value: 'inf' | '-inf' | 'nan'): string {
    return `'${{ inf: 'Infinity', '-inf': '-Infinity', nan: 'NaN' }[value]}'::float8`;
  }

  isFinite(x: string): string {
    return `(${x} NOT IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8))`;
  }

  hash(args: string[]): string {
    return `hashtextextended(CAST(ROW(${args.join(', ')}) AS TEXT), 0)`;
  }

  hashSample(x: string, rate: number): string {
    checkRate(rate);
    return `((${this.hash([x])} & ${rate - 1}) = 0)`;
  }

  override addInterval(x: string, amount: number, unit: TimeUnit): string {
    return `(${x} + ${this.integerLiteral(amount)} * INTERVAL '1 ${unit}')`;
  }

  /**
   * `timestamptz AT TIME ZONE 'UTC'` is the UTC wall clock as a timestamp without time zone, whatever the session's
   * TimeZone (https://www.postgresql.org/docs/15/functions-datetime.html#FUNCTIONS-DATETIME-ZONECONVERT).
   */
  override utcTimestamp(x: string): string {
    return `(${x} AT TIME ZONE 'UTC')`;
  }

  override countDistinct(args: string[]): string {
    return args.length === 1 ? `count(DISTINCT ${args[0]})` : `count(DISTINCT ROW(${args.join(', ')}))`;
  }

  override quantiles(x: string, levels: readonly number[], _exact: boolean): string {
    return `percentile_cont(ARRAY[${levels.map((l) => this.doubleLiteral(l)).join(', ')}]) WITHIN GROUP (ORDER BY ${x})`;
  }
}

export function checkRate(rate: number): void {
  if (!(Number.isInteger(rate) && rate >= 1 && (rate & (rate - 1)) === 0)) throw new Error(`plan: hash sample rate must be a power of two: ${rate}`);
}

export const postgresDialect = new PostgresDialect();
