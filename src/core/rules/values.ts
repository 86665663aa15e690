/**
 * Runtime values of the rules language and the orderings both evaluators share.
 *
 * Numbers are IEEE-754 doubles, as DuckDB DOUBLE: 1/0 is Infinity, 0/0 and 7 % 0 are NaN. To match DuckDB
 * (and PostgreSQL) exactly, NaN equals NaN and sorts above every other number, +Infinity included.
 * Strings compare by Unicode code point (= DuckDB's byte-wise UTF-8 order), not by UTF-16 unit as JS `<` does.
 * Booleans order false < true.
 */
export type Value = number | string | boolean | null;
export type ValueType = 'number' | 'string' | 'boolean' | 'null';

export function typeOfValue(v: Value): ValueType {
  return v === null ? 'null' : (typeof v as ValueType);
}

/** Describes a value for an error message: `a string ("abc")`. */
export function describeValue(v: Value): string {
  if (v === null) return 'null';
  const shown = typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : String(v);
  return `${typeOfValue(v) === 'number' ? 'a number' : `a ${typeOfValue(v)}`} (${shown})`;
}

/** Total order on numbers with NaN largest and equal to itself (DuckDB/PostgreSQL semantics). */
export function compareNumbers(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an && bn ? 0 : an ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Code-point order, identical to byte-wise comparison of the UTF-8 encodings. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Only a surrogate (U+D800–U+DFFF) vs a unit at or above U+E000 orders differently in UTF-16.
    const pa = ca >= 0xd800 && ca <= 0xdfff ? a.codePointAt(i)! + 0x10000 : ca;
    const pb = cb >= 0xd800 && cb <= 0xdfff ? b.codePointAt(i)! + 0x10000 : cb;
    return pa < pb ? -1 : 1;
  }
  return a.length - b.length === 0 ? 0 : a.length < b.length ? -1 : 1;
}

/** Compares two non-null values of the same type. */
export function compareValues(a: number | string | boolean, b: number | string | boolean): number {
  if (typeof a === 'number') return compareNumbers(a, b as number);
  if (typeof a === 'string') return compareStrings(a, b as string);
  return a === b ? 0 : a ? 1 : -1;
}

/** Converts a record field to a rule value; `undefined` means the JS type is not supported. */
export function fromField(v: unknown): Value | undefined {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return Number(v);
    default:
      return undefined;
  }
}
