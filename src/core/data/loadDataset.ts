import { resolve } from 'node:path';
import { InputError } from '../errors';
import type { DataIssue, Dataset } from './dataset';
import type { Engine, RunOptions } from './engine';
import { detectFormat, type DatasetFormat } from './formats';
import { loadDelimited } from './loadDelimited';
import { detectDelimiter, readRawHeader } from './headerRecord';
import { precheckFile } from './precheck';
import { describeReadError } from './readErrors';
import { scanSql } from './fileScan';
import { quoteIdent } from './sql';
import { loadExtended } from './loadExtended';
import { extendedSource } from './sources';
import { describeColumns } from './describeColumns';
import { dropGroupFiles } from './wideCsvParquet';

/**
 * Required when a file needs them: loading apache-arrow and the xlsx reader (graceful-fs, which patches fs, fflate…)
 * cost every CLI command ~40 ms CPU at start-up.
 */
const readers = {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  arrow: (): typeof import('./loadArrow') => require('./loadArrow') as typeof import('./loadArrow'),
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  xlsx: (): typeof import('./loadXlsx') => require('./loadXlsx') as typeof import('./loadXlsx'),
};

/**
 * Open a dataset file in the engine. Parquet is queried in place (a view: DuckDB reads only the columns
 * and row groups a query needs); CSV/TSV/JSON Lines are parsed once into an engine table; Arrow is
 * appended through apache-arrow. The file is only ever read.
 */
export interface LoadOptions extends RunOptions {
  format?: DatasetFormat;
  /**
   * A wide CSV too large for an engine table may stay a view over the file (Dataset.fileView). Only for work
   * that aggregates (profile, baseline, health, bias): a view has no rowid for row numbers or viewer pages.
   */
  allowFileView?: boolean;
  /**
   * With allowFileView, for work that reads every column (profile, drift): a wide view's load also writes the Parquet
   * copy that the profile reads and drift's view is re-pointed at (wideCsvParquet.ts, groupFileView.ts).
   */
  wideParquet?: boolean;
}

export async function loadDataset(engine: Engine, file: string, options: LoadOptions = {}): Promise<Dataset> {
  const extended = options.format ? undefined : extendedSource(file); // compressed text, Parquet folders, glob: (loadExtended.ts)
  const path = extended?.path ?? resolve(file);
  const format = options.format ?? extended?.format ?? detectFormat(path);
  if (!extended) precheckFile(path, format);
  let head: string | undefined;
  const extra: Partial<Dataset> = {};
  const name = engine.uniqueName('ds');
  const relation = quoteIdent(name);
  const issues: DataIssue[] = [];
  let knownRows: number | undefined; // counted while loading (a view over a wide file: no second read to count)
  // Two statements: DuckDB's DROP VIEW IF EXISTS fails on a table of that name, which left a CSV's table loaded.
  const release = async () => {
    dropGroupFiles(engine, relation);
    await engine.exec(`DROP VIEW IF EXISTS ${relation}`).catch(() => undefined);
    await engine.exec(`DROP TABLE IF EXISTS ${relation}`).catch(() => undefined);
  };
  try {
    if (extended) ({ head } = await loadExtended(engine, extended, name, options, issues, extra));
    else switch (format) {
      case 'csv':
      case 'tsv':
      {
        const loaded = await loadDelimited(engine, path, name, options, options.allowFileView === true, options.wideParquet === true);
        issues.push(...loaded.issues);
        if (loaded.view) extra.fileView = true;
        knownRows = loaded.rows;
        break;
      }
      case 'parquet':
        extra.fileScan = await scanSql(engine, 'read_parquet', path, [], options);
        await engine.exec(`CREATE OR REPLACE VIEW ${relation} AS SELECT * FROM ${extra.fileScan}`, options);
        break;
      case 'jsonl':
        await engine.exec(`CREATE OR REPLACE TABLE ${relation} AS SELECT * FROM ${await scanSql(engine, 'read_json', path, ["format = 'newline_delimited'"], options)}`, options);
        break;
      case 'arrow':
        issues.push(...(await readers.arrow().loadArrow(engine, path, name, options)).issues);
        break;
      case 'xlsx':
        issues.push(...(await readers.xlsx().loadXlsx(engine, path, name, options)).issues);
        break;
    }
    // Parquet (one file, a folder, glob:) and a wide CSV stay views: described from the catalog (describeColumns.ts),
    // Parquet's rows counted from its scan, not its view: DuckDB binds a view's every column in each statement that
    // names it (10,000 columns: ~0.6 CPU-s against 0.04–0.07; 1,000 columns: ~12 CPU-ms).
    const scan = extra.fileScan ?? extra.multiFile?.scan;
    const columns = await describeColumns(engine, name, { ...options, view: scan !== undefined || extra.fileView === true });
    const rows = knownRows ?? Number((await engine.run(`SELECT count(*)::BIGINT AS n FROM ${scan ?? relation}`, options))[0]?.['n'] ?? 0);
    const dataset: Dataset = { path, format, relation, columns, rows, issues, release, ...extra };
    if ((format === 'csv' || format === 'tsv') && (!extended || head !== undefined)) inspectHeader(dataset, format === 'tsv', head);
    if (rows === 0) {
      throw new InputError('NO_DATA_ROWS', `${path} has a header (${columns.length} column${columns.length === 1 ? '' : 's'}) but no data rows.`, { path, columns: columns.map((c) => c.name) });
    }
    return dataset;
  } catch (e) {
    await release();
    throw describeReadError(path, format, e);
  }
}

/** Duplicate header names and a delimiter the sniffer could not find, from the raw first line. */
function inspectHeader(ds: Dataset, tsv: boolean, head?: string): void {
  const delimiter = detectDelimiter(ds.path, ds.columns.length, head);
  ds.delimiter = delimiter;
  const raw = readRawHeader(ds.path, delimiter, head);
  if (ds.columns.length === 1) {
    const header = raw[0] ?? '';
    const other = [',', ';', '\t', '|'].find((d) => header.includes(d));
    if (other) {
      throw new InputError(
        'WRONG_DELIMITER',
        `${ds.path}: found a single column named '${header.slice(0, 60)}'. The file seems to use ${JSON.stringify(other)} as its delimiter but its rows do not split consistently; check the delimiter and quoting of the first lines.`,
        { path: ds.path },
      );
    }
  }
  const expected = tsv ? '\t' : ',';
  if (ds.columns.length > 1 && delimiter !== expected) {
    ds.issues.push({ code: 'DELIMITER', severity: 'info', message: `The file is delimited by ${JSON.stringify(delimiter)}, not ${tsv ? 'a tab' : 'a comma'} as its name suggests; this was detected automatically.` });
  }
  // The engine matches column names without regard to case, so 'a' and 'A' collide like 'a' and 'a'.
  const seen = new Map<string, number>();
  raw.forEach((n, i) => {
    const key = n.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) { seen.set(key, i); return; }
    const shownAs = ds.columns[i]?.name ?? n;
    const firstName = raw[first]!;
    ds.issues.push({
      code: 'DUPLICATE_COLUMNS',
      severity: 'warning',
      column: shownAs,
      message: firstName === n
        ? `Columns ${first + 1} and ${i + 1} are both named '${n}'; column ${i + 1} is shown as '${shownAs}'. Rename one in the file to avoid mixing them up.`
        : `Columns ${first + 1} and ${i + 1} are named '${firstName}' and '${n}', which differ only in case; Model Lens (like SQL) does not tell them apart, so column ${i + 1} is shown as '${shownAs}' and rules and options must name it '${shownAs}'. Rename one in the file to keep both names.`,
    });
  });
}
