import { AnsiDialect } from './ansiDialect';
import type { DialectCapabilities } from './dialect';
import type { ScalarFn, ScalarType, TimeUnit } from './expr';

/**
 * DuckDB (the embedded engine). Renders the same SQL the analyses wrote by hand before plans, so results are
 * identical bit for bit: doubles as `'text'::DOUBLE`, `hash()` (64-bit, unsigned), FILTER clauses,
 * quantile_cont / approx_quantile (t-digest) and approx_count_distinct (HyperLogLog).
 */
export class DuckDbDialect extends AnsiDialect {
  readonly name = 'duckdb';
  readonly capabilities: DialectCapabilities = { filterClause: true, approxDistinct: true, exactQuantiles: true, approxQuantiles: true, unionAll: true };

  override doubleLiteral(value: number): string {
    if (!Number.isFinite(value)) throw new Error(`plan: not a finite double: ${value}`);
    return `'${String(value)}'::DOUBLE`;
  }

  override typeName(type: ScalarType): string {
    return type === 'double' ? 'DOUBLE' : super.typeName(type);
  }

  override cast(x: string, to: ScalarType, tryCast: boolean): string {
    return tryCast ? `TRY_CAST(${x} AS ${this.typeName(to)})` : `CAST(${x} AS ${this.typeName(to)})`;
  }

  isFinite(x: string): string {
    return `isfinite(${x})`;
  }

  override nonFiniteLiteral(value: 'inf' | '-inf' | 'nan'): string {
    return `'${value}'::DOUBLE`;
  }

  override scalar(fn: ScalarFn, args: string[]): string {
    if (fn === 'power') return `pow(${args.join(', ')})`;
    return fn === 'length' ? `length(${args.join(', ')})` : super.scalar(fn, args);
  }

  override contains(x: string, needle: string): string {
    return `contains(${x}, ${this.stringLiteral(needle)})`;
  }

  hash(args: string[]): string {
    return `hash(${args.join(', ')})`;
  }

  hashSample(x: string, rate: number): string {
    if (!(Number.isInteger(rate) && rate >= 1 && (rate & (rate - 1)) === 0)) throw new Error(`plan: hash sample rate must be a power of two: ${rate}`);
    return `hash(${x}) < ${(2n ** 64n / BigInt(rate)).toString()}::UBIGINT`;
  }

  override addInterval(x: string, amount: number, unit: TimeUnit): string {
    return `(${x} + INTERVAL (${this.integerLiteral(amount)}) ${unit.toUpperCase()})`;
  }

  /** DuckDB's UNPIVOT (one operator, NULLs dropped): far cheaper than a UNION ALL branch per column. */
  override unpivot(from: string, values: string[]): string {
    return `SELECT CAST(k AS INTEGER) AS k, v FROM (UNPIVOT (SELECT ${values.map((v, j) => `${v} AS "${j}"`).join(', ')} FROM ${from}) ON COLUMNS(*) INTO NAME k VALUE v)`;
  }

  override countDistinct(args: string[]): string {
    return args.length === 1 ? `count(DISTINCT ${args[0]})` : `count(DISTINCT (${args.join(', ')}))`;
  }

  override approxDistinct(x: string): string {
    return `approx_count_distinct(${x})`;
  }

  override quantiles(x: string, levels: readonly number[], exact: boolean): string {
    // Levels as DuckDB has always been given them (plain decimals), so results stay bit-identical.
    return `${exact ? 'quantile_cont' : 'approx_quantile'}(${x}, [${levels.map((l) => String(l)).join(', ')}])`;
  }
}

export const duckdbDialect = new DuckDbDialect();
