import { closeSync, openSync, readSync } from 'node:fs';
import { CancelledError, InputError } from '../errors';
import { describeEngineError } from './engine';
import type { DatasetFormat } from './formats';

const CHUNK = 1 << 20;

/**
 * The engine's error while reading a dataset, as a message that says what and where: a line over the CSV
 * reader's size limit (with DuckDB's own reason and the real line number), malformed JSON Lines (the first line
 * that is not JSON, found by reading the file line by line, since the engine's count can be off by one), and
 * otherwise describeEngineError. Runs only after a failure.
 */
export function describeReadError(path: string, format: DatasetFormat, e: unknown): Error {
  if (e instanceof CancelledError || e instanceof InputError || !(e instanceof Error)) return describeEngineError(path, e);
  const size = /Maximum line size of (\d+) bytes exceeded\. ?Actual Size: ?(\d+) bytes/i.exec(e.message);
  if (size) {
    const line = firstLongLine(path, Number(size[1]));
    return lineTooLong(path, line?.line, line?.bytes ?? Number(size[2]), size[0]);
  }
  if (format === 'jsonl' && /JSON|json/.test(e.message)) {
    const bad = firstBadJsonLine(path);
    if (bad) return new InputError('PARSE_ERROR', `${path}, line ${bad.line}: not valid JSON (${bad.reason}). Each line of a JSON Lines file must be one complete JSON object.`, { path, line: bad.line });
  }
  return describeEngineError(path, e);
}

/** LINE_TOO_LONG with DuckDB's reason intact. */
export function lineTooLong(path: string, line: number | undefined, bytes: number, reason: string): InputError {
  return new InputError(
    'LINE_TOO_LONG',
    `${path}${line ? `, line ${line}` : ''}: a line of ${bytes.toLocaleString('en-US')} bytes is longer than the CSV reader allows (DuckDB: "${reason.replace(/\.$/, '')}"). Check the quoting (an unclosed quote joins the rest of the file into one field), split the long field, or save the data as Parquet or JSON Lines.`,
    { path, line, bytes },
  );
}

/** The file in 1 MiB chunks (the same buffer each time: use it before asking for the next). */
function* chunks(path: string): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    for (let position = 0; ; ) {
      const got = readSync(fd, buf, 0, CHUNK, position);
      if (got === 0) return;
      position += got;
      yield buf.subarray(0, got);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Calls `onLine(bytes, number)` for each line, stopping when it returns true. `bytes` holds at most `keep` bytes of
 * a line (enough to parse or judge it); `length` is the line's full length.
 */
function scanLines(path: string, onLine: (bytes: Buffer, number: number, length: number) => boolean, keep = 64 << 20): void {
  let carry: Buffer[] = [];
  let kept = 0;
  let length = 0;
  let number = 1;
  for (const chunk of chunks(path)) {
    let start = 0;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
      const piece = chunk.subarray(start, i);
      const line = carry.length ? Buffer.concat([...carry, piece]) : piece;
      if (onLine(line, number++, length + piece.length)) return;
      carry = [];
      kept = 0;
      length = 0;
      start = i + 1;
    }
    if (start < chunk.length) {
      if (kept < keep) {
        carry.push(Buffer.from(chunk.subarray(start, Math.min(chunk.length, start + keep - kept))));
        kept += Math.min(chunk.length - start, keep - kept);
      }
      length += chunk.length - start;
    }
  }
  if (length > 0) onLine(Buffer.concat(carry), number, length);
}

/** The first line longer than `limit` bytes, measured without keeping it. */
function firstLongLine(path: string, limit: number): { line: number; bytes: number } | undefined {
  let found: { line: number; bytes: number } | undefined;
  scanLines(path, (_bytes, line, length) => {
    if (length > limit) found = { line, bytes: length };
    return found !== undefined;
  }, 0);
  return found;
}

function firstBadJsonLine(path: string): { line: number; reason: string } | undefined {
  let bad: { line: number; reason: string } | undefined;
  scanLines(path, (bytes, number) => {
    const text = bytes.toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return false;
    try {
      const v: unknown = JSON.parse(text);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        bad = { line: number, reason: `a JSON ${Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v}, not an object` };
        return true;
      }
      return false;
    } catch (err) {
      bad = { line: number, reason: (err as Error).message.replace(/,? ?(in JSON )?at position \d+.*$/, '') };
      return true;
    }
  });
  return bad;
}
