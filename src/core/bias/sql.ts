/**
 * SQL quoting for generated queries. Never interpolate a raw name or value: identifiers go through
 * `quoteIdent` (double quotes, embedded `"` doubled) and values through `quoteLiteral`
 * (single quotes, embedded `'` doubled; finite numbers and booleans as typed literals).
 * Reference: SQL:2016 §5.2 <delimited identifier> / <character string literal>; DuckDB follows it.
 */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new RangeError('identifier contains a NUL character');
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string | number | boolean | bigint): string {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write non-finite number ${value} as a SQL literal`);
    return `CAST(${JSON.stringify(value)} AS DOUBLE)`;
  }
  if (value.includes('\u0000')) throw new RangeError('string literal contains a NUL character');
  return `'${value.replace(/'/g, "''")}'`;
}
