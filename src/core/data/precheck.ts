import { openSync, readSync, closeSync } from 'node:fs';
import { statInputFile } from '../io/inputFile';
import { InputError } from '../errors';
import type { DatasetFormat } from './formats';

const HEAD_BYTES = 64 * 1024;

/**
 * Cheap checks on a file's first bytes, before the engine sees it, so that common mistakes get a
 * specific message instead of a parser error: missing or empty file, binary data under a text name,
 * non-UTF-8 text (with the line of the first bad byte), wrong magic for binary formats.
 * Reads at most 64 KiB; never writes.
 */
export function precheckFile(path: string, format: DatasetFormat): { size: number } {
  // Missing, a folder, a named pipe or a device (which would block or never end) are named as such.
  const size = statInputFile(path, 'dataset').size;
  if (size === 0) throw new InputError('FILE_EMPTY', `${path} is empty (0 bytes). Expected a ${format.toUpperCase()} file with a header and data rows.`, { path });

  const head = readHead(path, Math.min(size, HEAD_BYTES));
  if (format === 'parquet') {
    if (head.subarray(0, 4).toString('latin1') !== 'PAR1') {
      throw new InputError('PARSE_ERROR', `${path} is not a Parquet file (it does not start with the 'PAR1' magic bytes). Check the file or rename it to its real type.`, { path });
    }
    // A Parquet file ends with its footer and 'PAR1' again: without them it was cut off (an interrupted copy or write).
    if (size < 12 || readAt(path, size - 4, 4).toString('latin1') !== 'PAR1') {
      throw new InputError('TRUNCATED', `${path} is an incomplete Parquet file: it starts like Parquet but does not end with Parquet's footer ('PAR1'), so it was probably cut off by an interrupted copy, download or write. Copy or export it again.`, { path, size });
    }
    return { size };
  }
  if (format === 'arrow') {
    const magic = head.subarray(0, 6).toString('latin1');
    if (magic.startsWith('FEA1')) {
      throw new InputError('UNSUPPORTED_FORMAT', `${path} is a Feather v1 file, which is not supported. Re-save it as Feather v2 / Arrow IPC (pyarrow.feather.write_feather(df, path) writes v2 by default).`, { path });
    }
    const isStream = head.length >= 4 && head.readUInt32LE(0) === 0xffffffff;
    if (magic !== 'ARROW1' && !isStream) {
      throw new InputError('PARSE_ERROR', `${path} is not an Arrow IPC/Feather v2 file (no 'ARROW1' magic bytes).`, { path });
    }
    // The Arrow file format ends with its footer and 'ARROW1' again: without them it was cut off.
    if (magic === 'ARROW1' && (size < 12 || readAt(path, size - 6, 6).toString('latin1') !== 'ARROW1')) {
      throw new InputError('TRUNCATED', `${path} is an incomplete Arrow/Feather file: it starts like Arrow but does not end with its footer ('ARROW1'), so it was probably cut off by an interrupted copy, download or write. Copy or export it again.`, { path, size });
    }
    return { size };
  }
  if (format === 'xlsx') return { size }; // a zip archive: loadXlsx checks its directory
  checkText(path, head, size > head.length);
  return { size };
}

function readHead(path: string, n: number): Buffer {
  return readAt(path, 0, n);
}

function readAt(path: string, offset: number, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, offset);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Text checks on a file's first bytes (also the decompressed head of a compressed file): UTF-16, NUL and control bytes, UTF-8. */
export function checkText(path: string, head: Buffer, truncated: boolean): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new InputError('NOT_UTF8', `${path} is UTF-16 encoded. Re-save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8 in.csv > out.csv).`, { path, encoding: 'utf-16' });
  }
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0) {
      throw new InputError('BINARY_FILE', `${path} contains binary data (a NUL byte at offset ${i}), not delimited text. Is it a different file type with the wrong extension?`, { path, offset: i });
    }
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  if (control > head.length * 0.05) {
    throw new InputError('BINARY_FILE', `${path} looks like binary data, not delimited text (${control} control bytes in the first ${head.length}). Is it a different file type with the wrong extension?`, { path });
  }
  const bad = firstInvalidUtf8(head, truncated);
  if (bad >= 0) {
    const line = 1 + countNewlines(head, bad);
    const byte = head[bad]!.toString(16).toUpperCase().padStart(2, '0');
    throw new InputError(
      'NOT_UTF8',
      `${path}, line ${line}: byte 0x${byte} is not valid UTF-8. The file is probably Latin-1 or Windows-1252; re-save it as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv).`,
      { path, line, offset: bad },
    );
  }
}

/** Offset of the first byte that breaks UTF-8, or -1. A sequence cut off by the end of a truncated buffer is fine. */
function firstInvalidUtf8(b: Buffer, truncated: boolean): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    if (i + len > b.length) return truncated ? -1 : i;
    for (let k = 1; k < len; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}

function countNewlines(b: Buffer, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (b[i] === 10) n++;
  return n;
}
