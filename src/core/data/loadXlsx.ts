import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { DuckDBTimestampValue } from '@duckdb/node-api';
import { readSheet } from 'read-excel-file/node';
import { InputError } from '../errors';
import type { DataIssue } from './dataset';
import type { Engine, RunOptions } from './engine';
import { quoteIdent } from './sql';

/** Largest uncompressed workbook read (sum of the zip's declared entry sizes): beyond, convert it to CSV or Parquet. */
export const MAX_XLSX_UNCOMPRESSED = 512 * 2 ** 20;

type Cell = string | number | boolean | Date | null | undefined;
type Kind = 'int' | 'float' | 'bool' | 'time' | 'text';
const SQL_TYPE: Readonly<Record<Kind, string>> = { int: 'BIGINT', float: 'DOUBLE', bool: 'BOOLEAN', time: 'TIMESTAMP', text: 'VARCHAR' };

/**
 * Load the first sheet of an Excel workbook (.xlsx) into an engine table with read-excel-file (no native code, no
 * download). The first row names the columns; a column whose cells are all numbers, booleans or dates gets that
 * type, any mix becomes text (reported). The zip directory is checked first: a legacy .xls or password-protected
 * file, a workbook without a sheet and one whose declared size is too large each get a specific message.
 */
export async function loadXlsx(engine: Engine, path: string, table: string, options: RunOptions): Promise<{ issues: DataIssue[] }> {
  checkWorkbookZip(path);
  let rows: Cell[][];
  try {
    rows = (await readSheet(readFileSync(path))) as Cell[][];
  } catch (e) {
    throw new InputError('PARSE_ERROR', `${path}: the workbook could not be read (${e instanceof Error ? e.message : String(e)}). Open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV.`, { path });
  }
  const header = rows[0] ?? [];
  if (header.length === 0) throw new InputError('FILE_EMPTY', `${path}: the first sheet is empty. Put a header row and data in the first sheet.`, { path });
  const issues: DataIssue[] = [];
  const names = columnNames(header, issues);
  const data = rows.slice(1);
  const kinds = names.map((_n, c) => kindOf(data, c, names[c]!, issues));
  await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(table)} (${names.map((n, i) => `${quoteIdent(n)} ${SQL_TYPE[kinds[i]!]}`).join(', ')})`, options);
  await engine.withConnection(options, async (conn) => {
    const a = await conn.createAppender(table);
    try {
      for (const row of data) {
        if (options.signal?.aborted) break;
        for (let c = 0; c < names.length; c++) {
          const v = row[c];
          if (v === null || v === undefined || v === '') { a.appendNull(); continue; }
          switch (kinds[c]) {
            case 'int': a.appendBigInt(BigInt(v as number)); break;
            case 'float': a.appendDouble(v as number); break;
            case 'bool': a.appendBoolean(v as boolean); break;
            case 'time': a.appendTimestamp(new DuckDBTimestampValue(BigInt((v as Date).getTime()) * 1000n)); break;
            default: a.appendVarchar(v instanceof Date ? v.toISOString() : String(v));
          }
        }
        a.endRow();
      }
      a.flushSync();
    } finally {
      a.closeSync();
    }
  });
  return { issues };
}

/** Header cells as column names: blanks become column_N, repeats get a suffix (reported). */
function columnNames(header: Cell[], issues: DataIssue[]): string[] {
  const seen = new Set<string>();
  return header.map((h, i) => {
    let name = h === null || h === undefined || String(h).trim() === '' ? `column_${i + 1}` : (h instanceof Date ? h.toISOString() : String(h)).trim();
    if (seen.has(name)) {
      const base = name;
      let k = 2;
      while (seen.has(`${base}_${k}`)) k++;
      name = `${base}_${k}`;
      issues.push({ code: 'DUPLICATE_COLUMNS', severity: 'warning', column: name, message: `Column ${i + 1} repeats the name '${base}'; it is shown as '${name}'. Rename one in the sheet to avoid mixing them up.` });
    }
    seen.add(name);
    return name;
  });
}

function kindOf(rows: Cell[][], c: number, name: string, issues: DataIssue[]): Kind {
  let kind: Kind | undefined;
  let firstOdd = -1;
  for (let r = 0; r < rows.length; r++) {
    const v = rows[r]![c];
    if (v === null || v === undefined || v === '') continue;
    const k: Kind = typeof v === 'number' ? (Number.isSafeInteger(v) ? 'int' : 'float') : typeof v === 'boolean' ? 'bool' : v instanceof Date ? 'time' : 'text';
    if (kind === undefined) kind = k;
    else if (kind !== k) {
      if ((kind === 'int' && k === 'float') || (kind === 'float' && k === 'int')) kind = 'float';
      else if (kind !== 'text') { kind = 'text'; firstOdd = r; }
    }
  }
  if (firstOdd >= 0) issues.push({ code: 'MIXED_TYPES', severity: 'warning', column: name, message: `column '${name}': cells of different types (first odd one in sheet row ${firstOdd + 2}); the column was read as text.` });
  return kind ?? 'text';
}

/** Reads the zip's central directory (never the entries) to reject what read-excel-file would choke on. */
export function checkWorkbookZip(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(8);
    readSync(fd, head, 0, 8, 0);
    if (head.readUInt32BE(0) === 0xd0cf11e0) {
      throw new InputError('UNSUPPORTED_FORMAT', `${path} is a legacy Excel (.xls) or password-protected workbook, which Model Lens cannot read. Save it as an unprotected .xlsx, or export the sheet as CSV.`, { path });
    }
    if (head.readUInt32LE(0) !== 0x04034b50) throw new InputError('PARSE_ERROR', `${path} is not an .xlsx workbook (it is not a zip archive). Check the file or rename it to its real type.`, { path });
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new InputError('PARSE_ERROR', `${path}: the workbook's zip directory is missing (the file is truncated or damaged). Save it again from Excel.`, { path });
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || cdOffset + cdSize > size) throw new InputError('PARSE_ERROR', `${path}: the workbook's zip directory points outside the file (truncated or damaged). Save it again from Excel.`, { path });
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    let total = 0;
    let workbook = false;
    for (let i = 0, p = 0; i < entries && p + 46 <= cd.length; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) break;
      const flags = cd.readUInt16LE(p + 8);
      const usize = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      if (flags & 1) throw new InputError('UNSUPPORTED_FORMAT', `${path} is encrypted; Model Lens cannot read password-protected workbooks. Save an unprotected copy.`, { path });
      total += usize === 0xffffffff ? Number.POSITIVE_INFINITY : usize;
      if (name === 'xl/workbook.xml') workbook = true;
      p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    if (!workbook) throw new InputError('PARSE_ERROR', `${path} is a zip archive but not an Excel workbook (no xl/workbook.xml). Check the file.`, { path });
    if (total > MAX_XLSX_UNCOMPRESSED) {
      throw new InputError('FILE_TOO_LARGE', `${path} declares ${Number.isFinite(total) ? `${Math.round(total / 2 ** 20)} MiB` : 'more than 4 GiB'} of uncompressed content, more than the ${MAX_XLSX_UNCOMPRESSED / 2 ** 20} MiB Model Lens reads from a workbook. Export the sheet as CSV or Parquet.`, { path, declared: total });
    }
  } finally {
    closeSync(fd);
  }
}
