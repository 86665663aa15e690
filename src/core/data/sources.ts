import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { own } from '../dict';

/** Compression of a text dataset, from its name: `.gz` (gzip) or `.zst` (zstd), both read by the engine itself. */
export type Compression = 'gzip' | 'zstd';

/**
 * A dataset that is not one plain file: compressed text, a folder of Parquet files (Hive partitions included) or an
 * explicit `glob:` pattern. Plain files (and .xlsx) return undefined and keep the ordinary path of loadDataset.
 */
export type ExtendedSource =
  | { kind: 'compressed'; path: string; format: 'csv' | 'tsv' | 'jsonl'; compression: Compression }
  | { kind: 'folder'; path: string; format: 'parquet' }
  | { kind: 'glob'; path: string; pattern: string; format: 'parquet' };

/** Compressed text datasets by name: the inner extension gives the format, the outer one the compression. */
export const COMPRESSED_EXTENSIONS: readonly string[] = ['.csv.gz', '.tsv.gz', '.tab.gz', '.jsonl.gz', '.ndjson.gz', '.csv.zst', '.tsv.zst', '.tab.zst', '.jsonl.zst', '.ndjson.zst'];

/**
 * The one, explicit way to name several files: an argument that starts with `glob:` (e.g. `glob:data/2026-*.parquet`).
 * Any other path is one literal file or folder, whatever characters (`*`, `?`, `[`) its name holds.
 */
export const GLOB_PREFIX = 'glob:';

const INNER: Readonly<Record<string, 'csv' | 'tsv' | 'jsonl'>> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', jsonl: 'jsonl', ndjson: 'jsonl' };

/** The format and compression a file name announces (`loans.csv.gz` → csv, gzip), or undefined. */
export function compressedFormat(path: string): { format: 'csv' | 'tsv' | 'jsonl'; compression: Compression } | undefined {
  const m = /\.(csv|tsv|tab|jsonl|ndjson)\.(gz|zst)$/i.exec(basename(path));
  if (!m) return undefined;
  const format = own(INNER, m[1]!.toLowerCase())!;
  return { format, compression: m[2]!.toLowerCase() === 'gz' ? 'gzip' : 'zstd' };
}

/** True for a path whose name or kind makes it an extended source (cheap: one stat for folders). */
export function extendedSource(file: string): ExtendedSource | undefined {
  if (file.startsWith(GLOB_PREFIX)) {
    const pattern = file.slice(GLOB_PREFIX.length);
    return { kind: 'glob', path: resolve(pattern), pattern, format: 'parquet' };
  }
  const path = resolve(file);
  const compressed = compressedFormat(path);
  if (compressed) return { kind: 'compressed', path, ...compressed };
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return undefined; // a missing file keeps the ordinary FILE_NOT_FOUND message
  }
  return isDir ? { kind: 'folder', path, format: 'parquet' } : undefined;
}
