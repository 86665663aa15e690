import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Engine, RunOptions } from './engine';
import { engineMemoryBytes } from './engineMemory';
import { detectFormat } from './formats';
import { headerFields } from './headerRecord';
import { extendedSource } from './sources';

/**
 * Engine memory DuckDB's CSV sniffer takes per column of a file (issue 18): it holds a vector per column for each
 * candidate dialect and type, whatever the rows (measured alone at one thread: 2,000 columns × 200 or 1,000 rows
 * out of memory at 160 MB and done at 192 MB; 10,000 × 10k, ~900 MiB of a 1 GB limit).
 */
const SNIFF_BYTES_PER_COLUMN = 96 * 1024;

/** Share of the memory limit the sniffs of files loaded at once may take (the other file's load reads and writes meanwhile). */
const SNIFFS_MEMORY_SHARE = 0.5;

/**
 * The engine memory the sniff of a plain CSV/TSV file is estimated to take, from its header's fields (the most any
 * delimiter splits the first record into); 0 for other files (Parquet, compressed or missing files, folders, `glob:`).
 */
export function sniffBytes(file: string): number {
  try {
    if (extendedSource(file)) return 0;
    const path = resolve(file);
    const format = detectFormat(path);
    if ((format !== 'csv' && format !== 'tsv') || !statSync(path).isFile()) return 0;
    return headerFields(path) * SNIFF_BYTES_PER_COLUMN;
  } catch {
    return 0; // loadDataset names what is wrong with the file
  }
}

/**
 * Whether `files` must be loaded one after the other: their sniffs at once would take more than SNIFFS_MEMORY_SHARE
 * of the memory limit (two 10,000-column CSVs at 1 GB: the second file's sniff ran out of memory while the first
 * file's sniff and load ran).
 */
export async function loadOneAtATime(engine: Engine, files: readonly string[], options: RunOptions = {}): Promise<boolean> {
  if (files.length < 2) return false;
  const total = files.reduce((sum, f) => sum + sniffBytes(f), 0);
  return total > 0 && total > SNIFFS_MEMORY_SHARE * (await engineMemoryBytes(engine, options));
}
