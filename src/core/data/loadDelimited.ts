import { statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../errors';
import { traced, type Engine, type RunOptions } from './engine';
import type { DataIssue } from './dataset';
import { engineMemoryBytes } from './engineMemory';
import { csvScan, literalPattern } from './fileScan';
import { chunk, conversionGroupColumns, convertGroupColumns } from './columnGroups';
import { copyToParquetSql, groupFileNames, keepGroupFiles, oneWriterAtATime, removeFiles } from './wideCsvParquet';
import { pinnedOptions, sniffCsv, type CsvDialect } from './csvDialect';
import { findStrayText } from './mixedTypes';
import { withPhysicalLines } from './physicalLines';
import { firstLines } from './csvLines';
import { CHECKS, checkedValue, diagnose, isWidenError, widenedMessage, type Changed } from './csvWiden';
import { lineTooLong } from './readErrors';
import { firstRecordEndsWithCrlf } from './headerRecord';
import { quoteIdent, quoteLiteral } from './sql';

const STRUCTURAL = new Set(['MISSING COLUMNS', 'TOO MANY COLUMNS', 'UNQUOTED VALUE', 'LINE SIZE OVER MAXIMUM']);
const MAX_LISTED_LINES = 10;

interface Reject {
  /** The physical line of the row (physicalLines.ts; the reader's own number counts records). */
  line: number;
  /** Where the row starts in the (decompressed) text, as the reader reports it. */
  at: number | null;
  column_name: string | null;
  error_type: string;
  error_message: string;
  csv_line: string | null;
}

/**
 * Load CSV/TSV into an engine table with DuckDB's reader and its sniffer. Rows the reader rejects are
 * never dropped silently: structural errors (ragged rows) throw RAGGED_ROWS with their line numbers,
 * bad encoding throws NOT_UTF8, and a value that does not fit the sniffed type (text in a numeric column
 * after the sniffed sample) re-reads that column as text and reports it as an issue.
 * `groupParquet`: a wide view's validation read also writes each column group's temporary Parquet file, kept for
 * the profile (data/wideCsvParquet.ts), so the file is tokenized once per group instead of twice.
 */
export async function loadDelimited(engine: Engine, path: string, table: string, options: RunOptions, allowView = false, groupParquet = false): Promise<{ issues: DataIssue[]; view?: boolean; rows?: number }> {
  // Group files of every attempt: those of the read that succeeds are kept for the profile, the others removed.
  const written: string[] = [];
  let kept: string[] = [];
  try {
    return await loadDelimitedReads(engine, path, table, options, allowView, groupParquet, written, (files) => { kept = files; });
  } finally {
    removeFiles(written.filter((f) => !kept.includes(f)));
  }
}

async function loadDelimitedReads(engine: Engine, path: string, table: string, options: RunOptions, allowView: boolean, groupParquet: boolean, written: string[], keep: (files: string[]) => void): Promise<{ issues: DataIssue[]; view?: boolean; rows?: number }> {
  const issues: DataIssue[] = [];
  let view = false;
  let rows: number | undefined;
  const castExamples = new Map<string, string>();
  let forceText: string[] = [];
  // Columns whose sniffed type would silently change a later value (csvWiden.ts: a fraction in a BIGINT column): read as the type a whole-file sniff gives.
  const widened = new Map<string, Changed>();
  // Checked columns a diagnose read found clean throughout: read with their sniffed type by the reader, not checked again.
  const unchecked = new Set<string>();
  const toCheck = (d: CsvDialect) => d.columns.filter((c) => CHECKS.has(c.type) && !overrides().has(c.name) && !unchecked.has(c.name));
  const overrides = () => new Map<string, string>([...[...widened.values()].map((w): [string, string] => [w.column, CHECKS.get(w.type)!.widenTo]), ...forceText.map((c): [string, string] => [c, 'VARCHAR'])]);
  const file = quoteLiteral(await literalPattern(engine, path, options));
  let newLine: string[] = [];
  // The sniffer runs once per file (csvDialect.ts); every read below pins its dialect and column types.
  let dialect: CsvDialect | undefined;
  let base: string[] = [];
  let checked = new Map<string, string>();
  let groups: string[][] = [];
  let files: string[] | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const rejectsTable = engine.uniqueName('rejects');
    const rejectsScan = engine.uniqueName('rejects_scan');
    const rejectArgs = (names: { table: string; scan: string }) => ['store_rejects = true', `rejects_table = ${quoteLiteral(names.table)}`, `rejects_scan = ${quoteLiteral(names.scan)}`];
    // Rejects tables are temporary, so the load and the look at its rejects share one connection.
    let rejects: Reject[];
    try {
      // Sniffed as the load reads it: storing rejects makes the sniffer prefer a dialect whose only errors are a few
      // rows (ragged rows are then reported by line, not taken as a header after skipped lines).
      dialect ??= await sniffCsv(engine, file, ['header = true', 'store_rejects = true', ...newLine], options);
      base = pinnedOptions(dialect, overrides());
      // The load's own read checks the BIGINT- and TIME-sniffed columns for values their type would change (csvWiden.ts).
      checked = new Map(toCheck(dialect).map((c) => [c.name, c.type]));
      const checkedRead = pinnedOptions(dialect, new Map([...overrides(), ...[...checked].map(([c, t]): [string, string] => [c, CHECKS.get(t)!.readAs])]));
      const args = [...rejectArgs({ table: rejectsTable, scan: rejectsScan }), ...checkedRead];
      const projection = checked.size ? dialect.columns.map((c) => (checked.has(c.name) ? `${checkedValue(c.name, c.type)} AS ${quoteIdent(c.name)}` : quoteIdent(c.name))).join(', ') : '*';
      // A wide file too large for an engine table stays a view over the file (tooLargeForTable); this read converts every column (count(x)), so its rejects are those of a load.
      if (allowView && attempt === 0) view = await tooLargeForTable(engine, path, dialect.columns.length, options);
      // The view's conversion read goes a group of columns at a time: converting all 10,000 columns of a chunk at
      // once holds them all in memory (measured: 10,000 × 10k CSV, out of memory at 1 GB; 3,000 columns fit).
      // With groupParquet the groups are the profile's conversion groups, and each read writes its group's Parquet file
      // (rows in file order: the profile's row hashes join the files by position).
      groups = view ? chunk(dialect.columns.map((c) => c.name), await (groupParquet ? conversionGroupColumns : convertGroupColumns)(engine, options, VIEW_ABOVE_COLUMNS)) : [];
      if (files) removeFiles(files);
      files = view && groupParquet ? await groupFileNames(engine, groups.length, options) : undefined;
      written.push(...(files ?? []));
      const memory = files ? await engineMemoryBytes(engine, options) : 0;
      const reads = view
        ? groups.map((cols, g) => {
          const names = g === 0 ? { table: rejectsTable, scan: rejectsScan } : { table: engine.uniqueName('rejects'), scan: engine.uniqueName('rejects_scan') };
          const scan = csvScan(file, [...rejectArgs(names), ...checkedRead]);
          const value = (c: string) => (checked.has(c) ? checkedValue(c, checked.get(c)!) : quoteIdent(c));
          const sql = files
            ? copyToParquetSql(`SELECT ${cols.map((c) => (checked.has(c) ? `${value(c)} AS ${quoteIdent(c)}` : quoteIdent(c))).join(', ')} FROM ${scan}`, files[g]!, cols.length, memory)
            : `SELECT count(*)${cols.map((c) => `, count(${value(c)})`).join('')} FROM ${scan}`;
          return { sql, rejects: names.table };
        })
        : [{ sql: `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT ${projection} FROM ${csvScan(file, args)}`, rejects: rejectsTable }];
      // Reads that write group files take the writer's share of the whole memory limit (copyToParquetSql): one at
      // a time per engine (two CSVs of drift loading at once ran out of memory, 140 columns each at 128 MB).
      const readAll = () => engine.withConnection(options, async (conn) => {
        const found = new Map<string, Reject>();
        const order = files ? await preserveOrder(conn) : undefined;
        try {
          for (const read of reads) {
            // A COPY's one row is its row count, like count(*).
            if (view) rows = Number((await traced(read.sql, () => conn.runAndReadAll(read.sql))).getRows()[0]?.[0] ?? 0);
            else await traced(read.sql, () => conn.run(read.sql));
            const reader = await conn.runAndReadAll(`SELECT line::BIGINT AS line, line_byte_position::BIGINT AS at, column_name, error_type::VARCHAR AS error_type, error_message, csv_line FROM ${quoteIdent(read.rejects)} ORDER BY line LIMIT 1000`);
            // A ragged row is rejected by every group's read: keep one of each (line, column, error).
            for (const r of reader.getRowObjectsJS().map((o) => ({ ...o, line: Number(o['line']), at: o['at'] === null ? null : Number(o['at']) })) as unknown as Reject[]) found.set(`${r.line}\u0000${r.column_name ?? ''}\u0000${r.error_type}`, r);
          }
        } finally {
          await order?.restore();
        }
        return [...found.values()].sort((a, b) => a.line - b.line).slice(0, 1000);
      });
      rejects = files ? await oneWriterAtATime(engine, readAll) : await readAll();
    } catch (e) {
      const candidates = dialect ? toCheck(dialect) : [];
      if (candidates.length && isWidenError(e)) {
        // Diagnose (csvWiden.ts): one read of the checked columns as text; each column is then widened or unchecked.
        await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
        const scan = csvScan(file, pinnedOptions(dialect!, new Map([...overrides(), ...candidates.map((c): [string, string] => [c.name, 'VARCHAR'])])));
        for (const f of await diagnose(engine, scan, candidates, options)) widened.set(f.column, f);
        for (const c of candidates) if (!widened.has(c.name)) unchecked.add(c.name);
        attempt--;
        continue;
      }
      // DuckDB's sniffer fails on CRLF files whose quoted header holds a bare newline: name the terminator and retry.
      if (newLine.length === 0 && /sniff|dialect/i.test(String(e)) && firstRecordEndsWithCrlf(path)) {
        newLine = [`new_line = '\\r\\n'`];
        dialect = undefined;
        attempt--;
        continue;
      }
      throw e;
    }
    // The reader numbers rows by records; a quoted newline before a rejected row would put its line too early.
    if (rejects.length) rejects = await withPhysicalLines(path, rejects, options.signal);
    if (rejects.length === 0) {
      if (view) await engine.exec(`CREATE OR REPLACE VIEW ${quoteIdent(table)} AS SELECT * FROM ${csvScan(file, base)}`, options);
      if (files) {
        keepGroupFiles(engine, quoteIdent(table), { groups, files });
        keep(files);
      }
      const lines = widened.size ? await firstLines(path, dialect!, new Map([...widened.values()].map((w) => [w.column, CHECKS.get(w.type)!.test])), options.signal) : undefined;
      for (const [c, w] of widened) {
        if (!forceText.includes(c)) issues.push({ code: 'MIXED_TYPES', severity: 'warning', column: c, message: widenedMessage(w, lines?.get(c)) });
      }
      // Text in a numeric column: found by a rejected cast (forceText) or in the sniffer's sample (findStrayText, which
      // also finds the forced columns: they are text now). One issue a column: the stray-text count where it has one.
      const pinned = dialect!;
      const typedScan = (types: ReadonlyMap<string, string>, extra: readonly string[]) => csvScan(file, [...extra, ...pinnedOptions(pinned, new Map([...overrides(), ...types]))]);
      const stray = await withPhysicalLines(path, await findStrayText(engine, table, typedScan, options), options.signal);
      for (const c of forceText) {
        if (stray.some((s) => s.column === c)) continue;
        issues.push({ code: 'MIXED_TYPES', severity: 'warning', column: c, message: `column '${c}': some values do not match the type of the rest (first at ${castExamples.get(c) ?? 'a text value'}); the column was read as text.` });
      }
      for (const s of stray) {
        issues.push({ code: 'MIXED_TYPES', severity: 'warning', column: s.column, message: `column '${s.column}': ${s.count} value${s.count === 1 ? ' is' : 's are'} not a number in a column of numbers (first at ${s.line === undefined ? (castExamples.get(s.column) ?? 'a text value') : `line ${s.line}`}); the column was read as text.` });
      }
      return { issues, ...(view ? { view, ...(rows !== undefined ? { rows } : {}) } : {}) };
    }
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
    const encoding = rejects.find((r) => r.error_type === 'INVALID ENCODING');
    if (encoding) {
      throw new InputError('NOT_UTF8', `${path}, line ${encoding.line}: the text is not valid UTF-8. Re-save the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv).`, { path, line: encoding.line });
    }
    const long = rejects.find((r) => r.error_type === 'LINE SIZE OVER MAXIMUM');
    if (long) throw lineTooLong(path, long.line, Number(/Actual Size: ?(\d+)/.exec(long.error_message)?.[1] ?? 0), long.error_message);
    // One entry a row: a wide file's group reads each reject the same ragged row (under different column names).
    const structural = [...new Map(rejects.filter((r) => STRUCTURAL.has(r.error_type)).map((r): [number, Reject] => [r.line, r])).values()];
    if (structural.length) {
      const lines = structural.slice(0, MAX_LISTED_LINES).map((r) => r.line);
      const more = structural.length > lines.length ? ` and ${structural.length - lines.length} more` : '';
      const what = structural[0]!.error_message;
      throw new InputError(
        'RAGGED_ROWS',
        `${path}: ${structural.length} row(s) do not have the same number of fields as the header, on line(s) ${lines.join(', ')}${more} (${what}). Fix or remove those lines, or quote fields that contain the delimiter.`,
        { path, lines: structural.map((r) => r.line) },
      );
    }
    const castColumns = [...new Set(rejects.filter((r) => r.error_type === 'CAST' && r.column_name).map((r) => r.column_name!))];
    if (castColumns.length === 0) {
      const r = rejects[0]!;
      throw new InputError('PARSE_ERROR', `${path}, line ${r.line}: ${r.error_message}`, { path, line: r.line });
    }
    // A checked column read as another type (csvWiden.ts) goes back to its sniffed type: its rejects are then the reader's own.
    const recheck = castColumns.filter((c) => checked.has(c));
    if (recheck.length) {
      for (const c of recheck) unchecked.add(c);
      attempt--;
      continue;
    }
    for (const r of rejects) if (r.column_name && !castExamples.has(r.column_name)) castExamples.set(r.column_name, `line ${r.line}`);
    forceText = [...new Set([...forceText, ...castColumns])];
  }
  throw new InputError('PARSE_ERROR', `${path}: the file could not be read consistently; some columns mix types. Check the lines reported by other tools or convert it to Parquet.`, { path });
}

/**
 * Turns `preserve_insertion_order` on for `conn`'s COPYs (the CLI's engine has it off for speed, and a file written
 * with it off may hold its rows in another order) and gives back how to restore it.
 */
async function preserveOrder(conn: DuckDBConnection): Promise<{ restore: () => Promise<void> }> {
  const v = (await conn.runAndReadAll(`SELECT current_setting('preserve_insertion_order') AS v`)).getRows()[0]?.[0];
  if (v === true || v === 'true') return { restore: async () => undefined };
  await conn.run('SET preserve_insertion_order = true');
  return { restore: async () => { await conn.run('SET preserve_insertion_order = false').catch(() => undefined); } };
}

/** Above this many columns a delimited file may stay a view over the file instead of an engine table. */
export const VIEW_ABOVE_COLUMNS = 64;
/**
 * An engine table of a delimited file is estimated at twice the file's size plus 1 MiB per column (each column
 * of a row group being filled holds 256 KiB blocks for its values and validity, per thread); above half the
 * memory limit it does not fit (measured: 1,000 × 100k, 523 MB of CSV, and 200 × 20k, 21 MB at a 96 MB limit,
 * ran out of memory while loading).
 */
const TABLE_MEMORY_SHARE = 0.5;
const TABLE_BYTES_PER_COLUMN = 2 ** 20;

/**
 * Whether a delimited file is too large to load into an engine table: wide (a table keeps every column of a row
 * group in memory, uncompressed) and its table estimated above TABLE_MEMORY_SHARE of the memory limit. Such a file stays a view
 * that reads the file for each query; the profile copies it into tables a column batch at a time (profile/wideProfile.ts).
 */
async function tooLargeForTable(engine: Engine, path: string, columns: number, options: RunOptions): Promise<boolean> {
  if (columns <= VIEW_ABOVE_COLUMNS) return false;
  return 2 * statSync(path).size + columns * TABLE_BYTES_PER_COLUMN > TABLE_MEMORY_SHARE * (await engineMemoryBytes(engine, options));
}
