import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { InputError } from '../errors';
import type { DataIssue } from './dataset';
import type { Engine, RunOptions } from './engine';
import { expandGlob, naturalCompare } from './fileGlob';
import { FORMAT_EXTENSIONS } from './formats';
import type { ExtendedSource } from './sources';
import { scanSql } from './fileScan';
import { quoteIdent } from './sql';

type MultiFile = Extract<ExtendedSource, { kind: 'folder' | 'glob' }>;

const PARQUET_EXTS = new Set(FORMAT_EXTENSIONS.parquet);
const MAX_FILES = 100_000;
/** Characters DuckDB would expand as a glob inside a path; such names cannot be passed to it literally yet. */
const GLOB_CHARS = /[*?[]/;

/** What loadPartitioned found: the files in read order and the Hive partition keys (empty: no partitions). */
export interface MultiFileLayout {
  files: string[];
  partitionKeys: string[];
  /** SQL of the scan (a read_parquet call over the literal file list); views and the data viewer use it. */
  scan: string;
}

/** Hidden and bookkeeping names (Spark/Hive `_SUCCESS`, `_metadata`, `.crc`) are not data. */
const skipped = (name: string): boolean => name.startsWith('.') || name.startsWith('_');

/**
 * Lists a folder's Parquet files (recursively; Hive `key=value` folders become columns), checks it and opens it as
 * one engine view. Bad layouts get specific messages: no Parquet file, a `key=value` folder with no file (an empty
 * partition), files at different partition depths or keys, files whose schemas differ (with the first difference),
 * a file that is not Parquet. Links to folders are not followed. Files are read in path order (numbers by value).
 */
export async function loadPartitioned(engine: Engine, src: MultiFile, table: string, options: RunOptions): Promise<{ issues: DataIssue[]; layout: MultiFileLayout }> {
  const issues: DataIssue[] = [];
  const { base, files } = src.kind === 'glob' ? globFiles(src.pattern) : folderFiles(src.path, issues);
  const where = src.kind === 'glob' ? `glob:${src.pattern}` : src.path;
  if (files.length === 0) {
    throw new InputError('NO_DATA_FILES', src.kind === 'glob' ? `${where} matches no Parquet file.` : `${where} is a folder with no Parquet files (.parquet, .pq, .parq), so there is no dataset to read. Point Model Lens at a folder of Parquet files or at one file.`, { path: src.path });
  }
  const odd = files.find((f) => GLOB_CHARS.test(f));
  if (odd) throw new InputError('UNSUPPORTED_FILE_NAME', `${odd}: a file of a multi-file dataset has '*', '?' or '[' in its path, which the engine would read as a pattern. Rename it, or open the file on its own.`, { path: odd });
  for (const f of files) checkParquetMagic(f);
  const partitionKeys = checkPartitions(base, files);
  await checkSchemas(engine, files, options);
  const scan = await scanSql(engine, 'read_parquet', files, [`hive_partitioning = ${partitionKeys.length > 0}`, 'union_by_name = false'], options);
  await engine.exec(`CREATE OR REPLACE VIEW ${quoteIdent(table)} AS SELECT * FROM ${scan}`, options);
  return { issues, layout: { files, partitionKeys, scan } };
}

function globFiles(pattern: string): { base: string; files: string[] } {
  const { base, files } = expandGlob(pattern);
  const other = files.find((f) => !PARQUET_EXTS.has(extname(f).toLowerCase()));
  if (other) throw new InputError('UNSUPPORTED_FORMAT', `glob:${pattern} matches ${other}, which is not a Parquet file; a multi-file dataset is made of Parquet files. Narrow the pattern (e.g. end it in *.parquet).`, { path: other });
  return { base, files };
}

function folderFiles(root: string, issues: DataIssue[]): { base: string; files: string[] } {
  const files: string[] = [];
  const others: string[] = [];
  const empty: string[] = [];
  const walk = (dir: string): number => {
    let found = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (skipped(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        const n = walk(p);
        if (n === 0 && e.name.includes('=')) empty.push(p);
        found += n;
      } else if (e.isFile() && PARQUET_EXTS.has(extname(e.name).toLowerCase())) {
        files.push(p);
        found++;
        if (files.length > MAX_FILES) throw new InputError('TOO_MANY_FILES', `${root} holds more than ${MAX_FILES.toLocaleString('en')} Parquet files; open a sub-folder.`, { path: root });
      } else if (e.isSymbolicLink()) others.push(`${p} (a link, not followed)`);
      else others.push(p);
    }
    return found;
  };
  walk(root);
  if (empty.length && files.length) {
    throw new InputError('EMPTY_PARTITION', `${empty[0]} is an empty partition: it holds no Parquet file${empty.length > 1 ? ` (and ${empty.length - 1} more such folder${empty.length > 2 ? 's' : ''})` : ''}. Remove it, or write its data, so that the partitions agree with the files.`, { path: empty[0], folders: empty });
  }
  if (others.length) {
    issues.push({ code: 'IGNORED_FILES', severity: 'info', message: `${others.length} file(s) in the folder are not Parquet and were not read, e.g. ${relative(root, others[0]!)}.` });
  }
  return { base: root, files: files.sort(naturalCompare) };
}

function checkParquetMagic(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const got = readSync(fd, head, 0, 4, 0);
    if (got === 0) throw new InputError('FILE_EMPTY', `${path} is empty (0 bytes); every file of a Parquet folder must be a Parquet file. Remove it or write it again.`, { path });
    if (head.toString('latin1', 0, got) !== 'PAR1') throw new InputError('PARSE_ERROR', `${path} is not a Parquet file (it does not start with the 'PAR1' magic bytes), but it sits in a Parquet dataset folder. Remove it or rename it.`, { path });
  } finally {
    closeSync(fd);
  }
}

/** The Hive keys (`year`, `month`) every file's folders name, in order; throws when files disagree. */
export function checkPartitions(base: string, files: readonly string[]): string[] {
  let keys: string[] | undefined;
  let example = '';
  for (const f of files) {
    const dirs = relative(base, f).split(sep).slice(0, -1);
    const k = dirs.filter((d) => d.includes('=')).map((d) => d.slice(0, d.indexOf('=')));
    if (keys === undefined) {
      keys = k;
      example = f;
    } else if (k.join('/') !== keys.join('/')) {
      const show = (x: string[]) => (x.length ? x.join('/') : 'no partition folders');
      throw new InputError('MIXED_PARTITIONS', `Files of one dataset must sit in the same partition folders: ${relative(base, example)} is under ${show(keys)}, but ${relative(base, f)} is under ${show(k)}. Move the files so every file has the same key=value folders.`, { files: [example, f] });
    }
  }
  return keys ?? [];
}

/** Every file must have the same columns with the same types (read from the footers only). */
async function checkSchemas(engine: Engine, files: readonly string[], options: RunOptions): Promise<void> {
  if (files.length < 2) return;
  const rows = await engine.run(`SELECT file_name, name, coalesce(duckdb_type, type) AS type FROM ${await scanSql(engine, 'parquet_schema', files, [], options)} WHERE num_children IS NULL OR num_children = 0`, options);
  const byFile = new Map<string, string[]>();
  for (const r of rows) {
    const f = String(r['file_name']);
    const list = byFile.get(f) ?? [];
    list.push(`${String(r['name'])} ${String(r['type'])}`);
    byFile.set(f, list);
  }
  const first = files[0]!;
  const ref = byFile.get(first) ?? [];
  for (const f of files.slice(1)) {
    const cols = byFile.get(f) ?? [];
    if (cols.join('\n') === ref.join('\n')) continue;
    const missing = ref.find((c) => !cols.includes(c));
    const extra = cols.find((c) => !ref.includes(c));
    const diff = missing && extra && missing.split(' ')[0] === extra.split(' ')[0]
      ? `column '${missing.split(' ')[0]}' is ${missing.split(' ').slice(1).join(' ')} in the first and ${extra.split(' ').slice(1).join(' ')} in the second`
      : missing ? `the second has no column '${missing.split(' ')[0]}'` : extra ? `the second has an extra column '${extra.split(' ')[0]}'` : 'their columns are in a different order';
    throw new InputError('MIXED_SCHEMA', `The files of this dataset have different schemas: ${first} and ${f} differ (${diff}). Rewrite the odd files with the common schema, or open them separately.`, { files: [first, f] });
  }
}
