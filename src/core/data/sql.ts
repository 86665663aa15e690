/**
 * SQL quoting. Every file name, column name and user value that reaches DuckDB goes through one of these;
 * nothing is ever interpolated raw.
 */

/** Quote an identifier: `a"b` → `"a""b"`. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quote a string literal: `x'y` → `'x''y'`. NUL bytes cannot appear in a DuckDB string literal. */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error('string literal contains a NUL byte');
  return `'${value.replace(/'/g, "''")}'`;
}

/** A finite number as a SQL literal; throws on NaN/Infinity so they never become SQL text. */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  return String(value);
}

/**
 * A finite number as a DOUBLE literal that DuckDB reads back bit for bit: `'0.30000000000000004'::DOUBLE`.
 * (A bare `0.30000000000000004` is parsed as a DECIMAL first, whose conversion to DOUBLE can round.)
 */
export function doubleLiteral(value: number): string {
  return `'${numberLiteral(value)}'::DOUBLE`;
}
