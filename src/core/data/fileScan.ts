import { InputError } from '../errors';
import type { Engine, RunOptions } from './engine';
import { quoteLiteral } from './sql';

/** DuckDB's table functions that read files. */
export type FileReader = 'read_csv' | 'read_parquet' | 'read_json' | 'parquet_schema';

/** Characters DuckDB's file readers expand as glob patterns (`{` `}` too, in case a version expands braces). */
const GLOB_CHARS = /[*?[{}]/;

/**
 * The one place that hands file paths to the data engine (an ESLint rule forbids `read_csv(`, `read_parquet(`,
 * `read_json(`, `glob(` … anywhere else in src/). DuckDB reads a path with `*`, `?` or `[` as a glob pattern, so
 * `glob[1].csv` would read `glob1.csv` and `star*.csv` every matching file. Here each path is made literal: every
 * glob character becomes a one-character class (`[` → `[[]`, `*` → `[*]`), and DuckDB's own glob() must then
 * resolve the pattern to exactly that one path, or the file is refused; a path without glob characters is
 * passed as it is. Reading several files is explicit: pass them as a list, each read literally.
 *
 * @returns SQL text such as `read_csv('/data/glob[[]1].csv', header = true)`.
 */
export async function scanSql(engine: Engine, reader: FileReader, paths: string | readonly string[], args: readonly string[] = [], options: RunOptions = {}): Promise<string> {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (list.length === 0) throw new Error('scanSql: no file');
  const literals: string[] = [];
  for (const path of list) literals.push(quoteLiteral(await literalPattern(engine, path, options)));
  const files = typeof paths === 'string' ? literals[0]! : `[${literals.join(', ')}]`;
  return `${reader}(${[files, ...args].join(', ')})`;
}

/** `read_csv(file, args…)` for a file already made literal by literalPattern and quoted (loadDelimited reads it several times). */
export function csvScan(quotedLiteralFile: string, args: readonly string[]): string {
  return `read_csv(${[quotedLiteralFile, ...args].join(', ')})`;
}

/** `sniff_csv(file, args…)`: DuckDB's CSV sniffer alone (data/csvDialect.ts), for a file made literal as for csvScan. */
export function csvSniff(quotedLiteralFile: string, args: readonly string[]): string {
  return `sniff_csv(${[quotedLiteralFile, ...args].join(', ')})`;
}

/** `path` as a glob pattern that matches only itself (verified with DuckDB's glob()). */
export async function literalPattern(engine: Engine, path: string, options: RunOptions = {}): Promise<string> {
  if (!GLOB_CHARS.test(path)) return path;
  const pattern = escapeGlob(path);
  const rows = await engine.run(`SELECT file FROM glob(${quoteLiteral(pattern)})`, options);
  if (rows.length !== 1 || rows[0]!['file'] !== path) {
    throw new InputError(
      'UNREADABLE_NAME',
      `${path}: the data engine cannot read this file name literally (it contains characters it expands as a pattern: * ? [ { }), so it is not read, to be sure no other file is. Rename the file without them.`,
      { path, matches: rows.map((r) => r['file']) },
    );
  }
  return pattern;
}

/** Every glob character as a class of itself: `a[1]*.csv` → `a[[]1][*].csv` (`]` alone is literal). */
export function escapeGlob(path: string): string {
  return path.replace(/[*?[{}]/g, (c) => `[${c}]`);
}
