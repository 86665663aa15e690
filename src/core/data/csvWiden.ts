import type { Engine, RunOptions } from './engine';
import { quoteIdent } from './sql';

/**
 * Values after the sniffed sample that the sniffed type would silently change. DuckDB's sniffer types a column from its first ~20k rows, and its
 * reader casts a later '7.25' into a sniffed BIGINT by rounding (7), with no reject: a silent wrong number (no
 * column type makes the reader reject a fraction: BIGINT, HUGEINT, DECIMAL(p,0) all round). So a load reads each
 * BIGINT-sniffed column as DOUBLE and converts it to BIGINT in the same pass (checkedValue), raising WIDEN_MARKER
 * at the first value that is not whole or not below 2^53 in magnitude (where DOUBLE stops being exact). On a
 * clean file that is one comparison per value, no second read (measured: 1M × 20 BIGINT columns, the load's
 * CTAS +9% CPU; as text with byte searches it was +42%). On the marker the load reads the file once more
 * (diagnose, those columns as text) and reads the columns with fractions or values beyond 64 bits as DOUBLE —
 * the type a sniff of the whole file gives — and says so; the others (whole, some beyond 2^53: IDs) go back to
 * the reader's BIGINT, exact. A reject of a checked column (text, or a spelling only BIGINT reads, '0x10') also
 * sends it back to BIGINT, where the reader's reject is located as before.
 * A TIME-sniffed column is checked the same way for a UTC offset ('10:00:00+02'), which TIME drops: such a column
 * is read as text, as a sniff of the whole file reads it. (A DATE column is read with its sniffed dateformat, so a
 * later timestamp is rejected and located by the reader: no check needed.)
 */
export const WIDEN_MARKER = 'model-lens: a sniffed column holds a value its type would change';

interface Check {
  /** The type the load's read gives the column, for `value`. */
  readAs: string;
  /** SQL: the column's value in the sniffed type, or the marker's error where the type would change it. */
  value(c: string): string;
  /** SQL: the value (a VARCHAR column `c`) is changed by the sniffed type; a diagnose read, only after the marker. */
  changed(c: string): string;
  /** The same rule as `changed` on a field's text, for locating the first such line (csvLines.ts). */
  test(text: string): boolean;
  /** The type a sniff of the whole file gives such a column. */
  widenTo: string;
  /** The issue's words: what the values are and what the column became. */
  what: string;
  became: string;
}

const anyOf = (c: string, chars: readonly string[]) => chars.map((ch) => `contains(${c}, '${ch}')`).join(' OR ');
const orMarker = (bad: string, value: string) => `CASE WHEN ${bad} THEN error('${WIDEN_MARKER}') ELSE ${value} END`;

/** The checks, by sniffed type. */
export const CHECKS: ReadonlyMap<string, Check> = new Map<string, Check>([
  ['BIGINT', {
    readAs: 'DOUBLE',
    // inf and nan are not below 2^53 either.
    value: (c) => orMarker(`${c} <> trunc(${c}) OR NOT (abs(${c}) < 9007199254740992)`, `CAST(${c} AS BIGINT)`),
    // A value DOUBLE reads that BIGINT does not (beyond 64 bits, inf, nan) or reads differently (a fraction, rounded); '5.0' and '1e3' are whole.
    changed: (c) => `(TRY_CAST(${c} AS DOUBLE) IS NOT NULL AND (TRY_CAST(${c} AS BIGINT) IS NULL OR TRY_CAST(${c} AS DOUBLE) <> TRY_CAST(${c} AS BIGINT)))`,
    test: isNotWhole,
    widenTo: 'DOUBLE',
    what: 'not a whole number (or beyond a 64-bit integer) in a column of whole numbers',
    became: 'the column was read as decimal numbers (DOUBLE), not rounded',
  }],
  ['TIME', {
    readAs: 'VARCHAR',
    value: (c) => orMarker(anyOf(c, ['+', '-', 'Z', 'z']), `CAST(${c} AS TIME)`),
    changed: (c) => `(TRY_CAST(${c} AS TIME) IS NOT NULL AND regexp_matches(trim(${c}), '([+-][0-9:]+|[zZ])$'))`,
    test: (t) => /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([+-][\d:]+|[zZ])$/.test(t.trim()),
    widenTo: 'VARCHAR',
    what: 'a time with a UTC offset in a column of times without one (TIME would drop the offset)',
    became: 'the column was read as text',
  }],
]);

/** The SQL of a checked column of sniffed type `type` (read as its check's `readAs`): its typed value, or an error. */
export function checkedValue(column: string, type: string): string {
  return CHECKS.get(type)!.value(quoteIdent(column));
}

/** An error of a read with checked columns that calls for diagnose: the marker, or the cast's conversion error. */
export function isWidenError(e: unknown): boolean {
  const m = String(e instanceof Error ? e.message : e);
  return m.includes(WIDEN_MARKER) || /Conversion Error/i.test(m);
}

export interface Changed {
  column: string;
  /** The sniffed type. */
  type: string;
  /** How many values the sniffed type would change. */
  count: number;
  /** One of them, as written. */
  example: string;
}

/** The checked columns holding values their sniffed type would change, from one read of `scan` (those columns pinned VARCHAR). */
export async function diagnose(engine: Engine, scan: string, columns: readonly { name: string; type: string }[], options: RunOptions): Promise<Changed[]> {
  if (columns.length === 0) return [];
  const bad = (c: { name: string; type: string }) => CHECKS.get(c.type)!.changed(quoteIdent(c.name));
  const row = (await engine.run(`SELECT ${columns.map((c, i) => `count(*) FILTER (WHERE ${bad(c)}) AS n${i}, min(${quoteIdent(c.name)}) FILTER (WHERE ${bad(c)}) AS e${i}`).join(', ')} FROM ${scan}`, options))[0]!;
  const out: Changed[] = [];
  columns.forEach((c, i) => {
    const count = Number(row[`n${i}`] ?? 0);
    if (count > 0) out.push({ column: c.name, type: c.type, count, example: String(row[`e${i}`]) });
  });
  return out;
}

/** The issue of a widened column; `line` of the first changed value when found. */
export function widenedMessage(w: Changed, line: number | undefined): string {
  const check = CHECKS.get(w.type)!;
  return `column '${w.column}': ${w.count} value${w.count === 1 ? ' is' : 's are'} ${check.what} (first at ${line === undefined ? `a value such as ${w.example}` : `line ${line}`}); ${check.became}.`;
}

/** The BIGINT rule on one field's text. */
export function isNotWhole(text: string): boolean {
  const v = text.trim();
  if (v === '') return false;
  if (/^[+-]?(inf|infinity|nan)$/i.test(v)) return true;
  if (/^[+-]?\d+$/.test(v)) {
    const n = BigInt(v);
    return n < -(2n ** 63n) || n >= 2n ** 63n;
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return false;
  const n = Number(v);
  // A number too large for a double (1e400) is read as infinite: beyond a 64-bit integer too.
  return !Number.isFinite(n) || !Number.isInteger(n) || Math.abs(n) >= 2 ** 63;
}
