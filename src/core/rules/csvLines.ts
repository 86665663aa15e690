import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Physical 1-based line where each requested data row of a delimited file starts (data row r is record r after
 * the header). Without quoted line breaks this is r + 1; a line break inside a "quoted" field (RFC 4180 §2.6)
 * continues the record, so the file is scanned, tracking quotes ('""' toggles twice and so stays inside), up to
 * the last requested row only. Assumes '"' as the quote character and no blank lines before the row; rows past the
 * end of the file are left out of the result.
 */
export function csvLinesOfRows(path: string, rows: readonly number[]): Map<number, number> {
  const wanted = [...new Set(rows.filter((r) => Number.isInteger(r) && r >= 1))].sort((a, b) => a - b);
  const out = new Map<number, number>();
  if (wanted.length === 0) return out;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    let line = 1;
    let record = 0;
    let inQuotes = false;
    let next = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) return out;
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (b === 0x22) inQuotes = !inQuotes;
        else if (b === 0x0a) {
          line++;
          if (inQuotes) continue;
          record++;
          while (wanted[next] === record) {
            out.set(record, line);
            next++;
          }
          if (next >= wanted.length) return out;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}
