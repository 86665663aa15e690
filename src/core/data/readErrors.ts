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

/** Calls `onLine(start, end, number)` for each line's byte range, reading the file in 1 MiB chunks; stops when it returns true. */
function scanLines(path: string, onLine: (bytes: Buffer, number: number) => boolean, maxLineBytes = 64 << 20): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    let carry: Buffer[] = [];
    let carryLength = 0;
    let number = 1;
    let position = 0;
    for (;;) {
      const got = readSync(fd, buf, 0, CHUNK, position);
      if (got === 0) break;
      position += got;
      let start = 0;
      for (let i = buf.indexOf(10, 0); i >= 0 && i < got; i = buf.indexOf(10, i + 1)) {
        const piece = buf.subarray(start, i);
        const line = carryLength ? Buffer.concat([...carry, piece]) : piece;
        carry = [];
        carryLength = 0;
        if (onLine(line, number++)) return;
        start = i + 1;
      }
      if (start < got) {
        // Keep at most maxLineBytes of an unfinished line (enough to measure and to parse).
        if (carryLength < maxLineBytes) carry.push(Buffer.from(buf.subarray(start, got)));
        carryLength += got - start;
      }
    }
    if (carryLength) onLine(Buffer.concat(carry), number);
  } finally {
    closeSync(fd);
  }
}

function firstLongLine(path: string, limit: number): { line: number; bytes: number } | undefined {
  let found: { line: number; bytes: number } | undefined;
  let lengthSoFar = 0;
  // Measure lengths without keeping long lines: count bytes between newlines directly.
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    let line = 1;
    let position = 0;
    for (;;) {
      const got = readSync(fd, buf, 0, CHUNK, position);
      if (got === 0) break;
      position += got;
      let start = 0;
      for (let i = buf.indexOf(10, 0); i >= 0 && i < got; i = buf.indexOf(10, i + 1)) {
        lengthSoFar += i - start;
        if (lengthSoFar > limit) return { line, bytes: lengthSoFar };
        lengthSoFar = 0;
        line++;
        start = i + 1;
      }
      lengthSoFar += got - start;
      if (lengthSoFar > limit && found === undefined) found = { line, bytes: lengthSoFar };
    }
    return found ?? (lengthSoFar > limit ? { line, bytes: lengthSoFar } : undefined);
  } finally {
    closeSync(fd);
  }
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
