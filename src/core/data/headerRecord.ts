import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A delimited file's first record read outside the engine: its raw header names (duplicates, diagnostics), its
 * width before the sniffer runs (data/sniffMemory.ts) and its line terminator.
 */

const DELIMITERS = [',', '\t', ';', '|'];

/** The delimiter that splits the header into as many fields as the engine found columns. */
export function detectDelimiter(path: string, columnCount: number, text?: string): string {
  for (const d of DELIMITERS) if (readRawHeader(path, d, text).length === columnCount) return d;
  return ',';
}

/** The most fields any delimiter splits the header into: a file's width before the sniffer runs (data/sniffMemory.ts). */
export function headerFields(path: string): number {
  const head = readHead(path);
  return Math.max(...DELIMITERS.map((d) => readRawHeader(path, d, head).length));
}

/**
 * The raw header names of a delimited file (its first record, quotes respected), to spot duplicate names. `text`:
 * the file's first bytes when they are not the file's raw bytes (a compressed file's decompressed head).
 */
export function readRawHeader(path: string, delimiter: string, text?: string): string[] {
  const line = firstRecord(path, text).text.replace(/^\uFEFF/, '');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') { cur += '"'; i++; } else quoted = !quoted;
    } else if (ch === delimiter && !quoted) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function readHead(path: string): string {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  let got: number;
  try { got = readSync(fd, buf, 0, buf.length, 0); } finally { closeSync(fd); }
  return buf.subarray(0, got).toString('utf8');
}

/** True when the first record (the header, quotes respected) ends with CR LF. */
export function firstRecordEndsWithCrlf(path: string): boolean {
  return firstRecord(path).terminator === '\r\n';
}

/** The first record of the file's first MiB: up to the first line break outside double quotes. */
function firstRecord(path: string, head?: string): { text: string; terminator: '\n' | '\r\n' | '' } {
  const text = head ?? readHead(path);
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) {
      const crlf = i > 0 && text[i - 1] === '\r';
      return { text: text.slice(0, crlf ? i - 1 : i), terminator: crlf ? '\r\n' : '\n' };
    }
  }
  // An unbalanced quote in the header: take its first line, as a reader without quotes would.
  const nl = text.indexOf('\n');
  return nl < 0 ? { text, terminator: '' } : { text: text.slice(0, nl).replace(/\r$/, ''), terminator: text[nl - 1] === '\r' ? '\r\n' : '\n' };
}
