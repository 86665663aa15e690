import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/**
 * The physical line (1-based, as an editor, `sed -n` and the Problems panel count) of each byte offset in a text file.
 * DuckDB's CSV reader numbers a rejected row by records: a newline inside a quoted field does not count, so after such
 * a field its `line` is too small. It also reports where the row starts (`line_byte_position`, counted in the
 * decompressed text); the newlines before that offset give the line. The reader counts that offset from 0 or from 1
 * depending on the file's line ending; either way the bytes before it hold the same newlines (the row's first byte is
 * not one). One read of the file up to the last offset; plain or gzip text; `undefined` for zstd (not readable here)
 * or when cancelled.
 */
export async function physicalLines(path: string, offsets: readonly number[], signal?: AbortSignal): Promise<Map<number, number> | undefined> {
  if (/\.zst$/i.test(path)) return undefined;
  const wanted = [...new Set(offsets.filter((o) => Number.isFinite(o) && o >= 0))].sort((a, b) => a - b);
  const out = new Map<number, number>();
  if (wanted.length === 0) return out;
  const raw = createReadStream(path);
  const stream = /\.gz$/i.test(path) ? raw.pipe(createGunzip()) : raw;
  let start = 0;
  let newlines = 0;
  let next = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) return undefined;
      const end = start + chunk.length;
      let from = 0;
      while (next < wanted.length && wanted[next]! <= end) {
        const stop = wanted[next]! - start;
        for (let i = chunk.indexOf(10, from); i !== -1 && i < stop; i = chunk.indexOf(10, i + 1)) {
          newlines++;
          from = i + 1;
        }
        from = Math.max(from, stop);
        out.set(wanted[next]!, newlines + 1);
        next++;
      }
      if (next === wanted.length) break;
      for (let i = chunk.indexOf(10, from); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
      start = end;
    }
  } finally {
    raw.destroy();
  }
  return out;
}

/** `items` with each `line` (the reader's record count) replaced by the physical line of its `at` offset, where known. */
export async function withPhysicalLines<T extends { line?: number | undefined; at?: number | null | undefined }>(path: string, items: readonly T[], signal?: AbortSignal): Promise<T[]> {
  const offsets = items.flatMap((r) => (r.at === null || r.at === undefined ? [] : [r.at]));
  const lines = offsets.length ? await physicalLines(path, offsets, signal) : undefined;
  if (!lines) return [...items];
  return items.map((r) => {
    const physical = r.at === null || r.at === undefined ? undefined : lines.get(r.at);
    // A record starts on or after its record number's line: never report an earlier one.
    return physical === undefined || r.line === undefined ? r : { ...r, line: Math.max(r.line, physical) };
  });
}
