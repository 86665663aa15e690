import type { Engine, RunOptions } from './engine';
import { quoteIdent } from './sql';

/**
 * Whole numbers after the sniffed sample. DuckDB's sniffer types a column from its first ~20k rows, and its
 * reader casts a later '7.25' into a sniffed BIGINT by rounding (7), with no reject: a silent wrong number (no
 * column type makes the reader reject a fraction: BIGINT, HUGEINT, DECIMAL(p,0) all round). So a load reads each
 * BIGINT-sniffed column as text and converts it to BIGINT in the same pass (wholeValue), raising WIDEN_MARKER at
 * the first value with a '.' or an exponent, and the cast's own error at text or a value beyond 64 bits. On a
 * clean file that costs a byte search per value (measured within the noise of the typed read: 1M × 20 CSV,
 * three BIGINT columns), no second read. On either error the load reads the file once more (diagnose) and
 * reads the columns with fractions or values beyond 64 bits as DOUBLE — the type a sniff of the whole file
 * gives — and says so; the others go back to the reader's BIGINT (a reject there is located as before).
 */
export const WHOLE_CHECK_TYPE = 'VARCHAR';
export const WIDEN_MARKER = 'model-lens: a sniffed integer column holds a value that is not a whole number';
export const WIDENED_TYPE = 'DOUBLE';

/** The SQL of a checked column (read as WHOLE_CHECK_TYPE): its BIGINT value, or an error. */
export function wholeValue(column: string): string {
  const c = quoteIdent(column);
  return `CASE WHEN contains(${c}, '.') OR contains(${c}, 'e') OR contains(${c}, 'E') THEN error('${WIDEN_MARKER}') ELSE CAST(${c} AS BIGINT) END`;
}

/** An error of a read with checked columns that calls for diagnose: the marker, or the cast's conversion error. */
export function isWidenError(e: unknown): boolean {
  const m = String(e instanceof Error ? e.message : e);
  return m.includes(WIDEN_MARKER) || /Conversion Error/i.test(m);
}

export interface NotWhole {
  column: string;
  /** How many values are not whole numbers (or do not fit a BIGINT). */
  count: number;
  /** One of them, as written. */
  example: string;
}

/**
 * The checked columns that hold numbers a BIGINT would change (a fraction, rounded; beyond 64 bits; inf, nan),
 * from one read of `scan` (the file with those columns pinned VARCHAR): a value DOUBLE reads that BIGINT does
 * not, or reads differently. '5.0' and '1e3' are whole: not listed.
 */
export async function notWhole(engine: Engine, scan: string, columns: readonly string[], options: RunOptions): Promise<NotWhole[]> {
  if (columns.length === 0) return [];
  const bad = (c: string) => `(TRY_CAST(${quoteIdent(c)} AS DOUBLE) IS NOT NULL AND (TRY_CAST(${quoteIdent(c)} AS BIGINT) IS NULL OR TRY_CAST(${quoteIdent(c)} AS DOUBLE) <> TRY_CAST(${quoteIdent(c)} AS BIGINT)))`;
  const row = (await engine.run(`SELECT ${columns.map((c, i) => `count(*) FILTER (WHERE ${bad(c)}) AS n${i}, min(${quoteIdent(c)}) FILTER (WHERE ${bad(c)}) AS e${i}`).join(', ')} FROM ${scan}`, options))[0]!;
  const out: NotWhole[] = [];
  columns.forEach((column, i) => {
    const count = Number(row[`n${i}`] ?? 0);
    if (count > 0) out.push({ column, count, example: String(row[`e${i}`]) });
  });
  return out;
}

/** The same rule on one field's text, for locating the first such line (csvLines.ts). */
export function isNotWhole(text: string): boolean {
  const v = text.trim();
  if (v === '') return false;
  if (/^[+-]?(inf|infinity|nan)$/i.test(v)) return true;
  if (/^[+-]?\d+$/.test(v)) {
    const n = BigInt(v);
    return n < -(2n ** 63n) || n >= 2n ** 63n;
  }
  const n = Number(v);
  if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return false;
  return !Number.isInteger(n) || Math.abs(n) >= 2 ** 63;
}
