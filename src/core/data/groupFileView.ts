import type { Dataset } from './dataset';
import type { Engine, RunOptions } from './engine';
import { describeColumns } from './describeColumns';
import { quoteIdent } from './sql';
import { groupScans, removeFiles, takeGroupFiles } from './wideCsvParquet';

/**
 * A wide CSV view (Dataset.fileView) read from the temporary Parquet files its load's validation read wrote
 * (LoadOptions.wideParquet, wideCsvParquet.ts) instead of the CSV. Work that runs many statements over every
 * column (drift: side scans, grid passes, category counts, bucket reads, ~60 statements) re-read and re-tokenized
 * the whole CSV in each (1,000 × 100k, 523 MB: not done after 12 min); over the Parquet copy it reads the file once.
 * The view keeps its name, columns and rows: one group file is the view's whole table; several are joined by
 * position (POSITIONAL JOIN: each file holds its group's columns in file order, the load writes them with
 * insertion order kept), so a query still sees every row in file order. The dataset now owns the files: its
 * release drops the view and removes them (after success, error and cancel alike). A dataset whose load wrote no
 * files (not a view, or loaded without wideParquet) is returned as it is.
 */
export async function readFromGroupFiles(engine: Engine, ds: Dataset, options: RunOptions = {}): Promise<Dataset> {
  const loaded = ds.fileView ? takeGroupFiles(engine, ds.relation) : undefined;
  if (!loaded) return ds;
  const probe = engine.uniqueName('ds_parquet');
  let moved = false;
  let scans: string[] = [];
  try {
    scans = await groupScans(engine, loaded.files, options);
    const from = scans.join(' POSITIONAL JOIN ');
    // Parquet keeps every type the CSV reader gives (as for the profile's batches); checked on a view of its own
    // first, so that a copy that did not would leave the CSV view as it is.
    await engine.exec(`CREATE VIEW ${quoteIdent(probe)} AS SELECT * FROM ${from}`, options);
    const now = await describeColumns(engine, probe, { ...options, view: true });
    if (now.length === ds.columns.length && now.every((c, i) => c.name === ds.columns[i]!.name && c.type === ds.columns[i]!.type)) {
      await engine.exec(`CREATE OR REPLACE VIEW ${ds.relation} AS SELECT * FROM ${from}`, options);
      moved = true;
    }
  } finally {
    await engine.exec(`DROP VIEW IF EXISTS ${quoteIdent(probe)}`).catch(() => undefined);
    if (!moved) removeFiles(loaded.files);
  }
  if (!moved) return ds;
  const byColumn = new Map(loaded.groups.flatMap((cols, g) => cols.map((c): [string, string] => [c, scans[g]!])));
  const views = columnScans.get(engine) ?? new Map<string, ReadonlyMap<string, string>>();
  columnScans.set(engine, views);
  views.set(ds.relation, byColumn);
  const release = async () => {
    views.delete(ds.relation);
    try {
      await ds.release();
    } finally {
      removeFiles(loaded.files);
    }
  };
  return { ...ds, release };
}

/** Per engine, per group-file view (its relation): the scan of the file holding each column. */
const columnScans = new WeakMap<Engine, Map<string, ReadonlyMap<string, string>>>();

/**
 * The scan of the one group file holding `column` of a group-file view (`relation`, while its dataset lives), or
 * undefined. A statement of many branches, each over one column (drift's category counts), reads that file: each
 * reference to the view binds all of its files and columns (10,000 × 10k CSV: 11 files, ~1 s and tens of MB of
 * plan per branch, ~126 branches a statement).
 */
export function groupFileScan(engine: Engine, relation: string, column: string): string | undefined {
  return columnScans.get(engine)?.get(relation)?.get(column);
}
