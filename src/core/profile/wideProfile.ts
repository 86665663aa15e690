import type { ColumnInfo, Dataset } from '../data/dataset';
import type { RunOptions } from '../data/engine';
import { engineMemoryBytes } from '../data/engineMemory';
import { quoteIdent } from '../data/sql';
import type { EmbeddedEngine, PlanExecutor } from '../plan/executor';
import { col } from '../plan/expr';
import { toSource } from '../plan/target';
import { duplicateSamplePlanOfHash, estimateDuplicates } from './duplicateEstimate';
import { RowHashes } from './rowHashes';
import { singleThread } from './singleThread';
import { batchesInOrder } from './batchesInOrder';
import { TempParquet } from './tempParquet';
import { chunk } from '../data/columnGroups';
import type { ColumnProfile, DatasetProfile } from './types';

/**
 * Wide files in the embedded engine (issue 18): a table of every column of a 1,000 × 100k CSV does not fit in
 * the engine's 1 GB default (DuckDB keeps in-memory tables uncompressed and cannot spill them), and profiling a
 * Parquet file in place re-reads its 1,000-column footer for every per-column histogram and top-values query. So
 * the columns are profiled in batches: each batch is copied once into an engine table sized to a share of the
 * memory limit, profiled there with the ordinary profile (every number identical to a profile of those
 * columns; its numeric quantiles, histograms and most distinct counts from sorted values, sortedValues.ts), and
 * dropped; duplicate rows take one pass over all columns of the file. Results arrive per batch. Each statement runs
 * on one engine thread (singleThread.ts), BATCHES_IN_FLIGHT batches at once (batchesInOrder.ts).
 */

/** The share of the engine's memory limit one batch's table may take (the rest: the passes over it, the reader's buffers). */
export const BATCH_MEMORY_SHARE = 0.25;
/**
 * Bytes per value assumed for an engine table: 8-byte numbers and 16-byte strings (inlined up to 12 bytes, the
 * text beyond that in a heap), plus validity; measured 1,000 × 100k CSV: 250 columns in ~500 MB.
 */
export const BYTES_PER_VALUE = 20;
/** Each column of a table holds at least its 256 KiB blocks for values and validity while being filled. */
export const BLOCK_BYTES_PER_COLUMN = 2 ** 20;
const MIN_BATCH = 16;
const MAX_BATCH = 4096;
/**
 * Batches profiled at once, each statement on one engine thread: a batch's statements run one after another, with
 * JS between them (sorting the numeric columns' values), so one batch at a time left the second core of a 2-core
 * machine idle most of the run (1,000 × 100k Parquet: CPU time ≈ wall time). Each batch gets half the one batch's
 * memory share: the engine holds what one batch at a time did, in twice the batches (1,000 × 100k: 25 of 40
 * columns instead of 13 of 81).
 */
export const BATCHES_IN_FLIGHT = 2;

export interface ColumnBatchOptions extends RunOptions {
  /** Columns per batch (tests); default from the memory limit and the row count. */
  batchColumns?: number | undefined;
  /** Up to this many rows duplicates are counted exactly (the profile's exact-size limit). */
  exact: boolean;
  /** false: no duplicate-row pass (the viewer's per-column stream). */
  duplicates?: boolean | undefined;
  /** Streaming: finished columns with the index of the first, in column order (a later batch's held until the earlier ones are done). */
  onColumns?: ((columns: readonly ColumnProfile[], start: number) => void) | undefined;
}

/** What profileBatch runs a batch with: its signal (aborted when another batch fails), progress and where to stream its columns. */
export interface BatchRun {
  signal: AbortSignal;
  onProgress: ((f: number) => void) | undefined;
  /** Streaming: `start` is the index of the first column in the whole file. */
  onColumns: ((columns: readonly ColumnProfile[], start: number) => void) | undefined;
}

/** An executor with the embedded engine (the capability column batches need: engine tables, temporary Parquet). */
export type EmbeddedExecutor = PlanExecutor & { readonly capabilities: { readonly embedded: EmbeddedEngine } };

/** Whether a dataset is profiled in column batches: the embedded engine, a wide file (or folder, glob:) read in place, not a table already. */
export function profilesInBatches(exec: PlanExecutor, ds: Dataset, wideColumns: number): exec is EmbeddedExecutor {
  return exec.capabilities?.embedded !== undefined && !ds.source && ds.columns.length > wideColumns && (ds.fileView === true || (scanOf(ds) !== undefined && !ds.engineTable));
}

/** The engine's scan of Parquet read in place: one file's (ds.fileScan) or a folder's or glob:'s (ds.multiFile). */
function scanOf(ds: Dataset): string | undefined {
  return ds.fileScan ?? ds.multiFile?.scan;
}

/** Columns per batch: the memory share over the estimated bytes per column, within [MIN_BATCH, MAX_BATCH]. */
export function batchColumns(limitBytes: number, rows: number): number {
  const perColumn = Math.max(1, rows) * BYTES_PER_VALUE + BLOCK_BYTES_PER_COLUMN;
  return Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.floor((BATCH_MEMORY_SHARE * limitBytes) / perColumn)));
}

/**
 * The profile of `ds` from `profileBatch` run on an engine table per column batch, BATCHES_IN_FLIGHT batches at
 * once. `profileBatch` gets the batch and how to run it (BatchRun); with `options.onColumns` the streamed columns
 * arrive in column order.
 */
export async function profileInColumnBatches(
  exec: EmbeddedExecutor,
  ds: Dataset,
  options: ColumnBatchOptions,
  profileBatch: (batch: Dataset, run: BatchRun) => Promise<DatasetProfile>,
): Promise<DatasetProfile> {
  const engine = exec.capabilities.embedded.db;
  // Each batch in flight gets its part of the one batch's memory share: the engine holds what one batch at a time
  // did. Batches of a given width (tests; MIN_BATCH of very long files) run as many at once as fit in that share.
  const limit = await engineMemoryBytes(engine, options);
  const size = options.batchColumns ?? batchColumns(limit / BATCHES_IN_FLIGHT, ds.rows);
  const inFlight = Math.max(1, Math.min(BATCHES_IN_FLIGHT, Math.floor(batchColumns(limit, ds.rows) / size)));
  const progress = options.onProgress;
  const columns: ColumnProfile[] = [];
  const issues = [...ds.issues];
  let rows = ds.rows;
  const hashes = options.duplicates === false ? undefined : await RowHashes.start(engine);
  let duplicates: Awaited<ReturnType<typeof duplicateRows>> | undefined;
  let temp: TempParquet | undefined;
  let restoreThreads: (() => Promise<void>) | undefined;
  try {
    // A wide CSV view: converted once to temporary Parquet (in file order: after RowHashes.start) instead of a read per batch.
    if (ds.fileView) temp = await TempParquet.convert(engine, ds.relation, ds.columns, { signal: options.signal });
    const list = temp ? temp.batches(ds.columns, size) : chunk(ds.columns, size);
    // Parquet read in place (a file, a folder, glob:): each batch is copied from the files' scan, not from the view
    // over it (ds.relation, `SELECT * FROM` the same scan). DuckDB binds a view's every column in each statement naming
    // it: a batch of 196 columns of a 10,000-column file took 0.56 CPU-s through the view, 0.10–0.12 from the scan.
    const fileScan = temp ? undefined : scanOf(ds);
    const batches = list.length;
    // One engine thread per statement (singleThread.ts): the same numbers for about two thirds of the CPU time.
    restoreThreads = await singleThread(engine);
    const fractions = new Array<number>(batches).fill(0);
    const report = progress && (() => progress((0.9 * fractions.reduce((a, f) => a + f, 0)) / batches));
    const starts = list.map((_c, b) => list.slice(0, b).reduce((n, c) => n + c.length, 0));
    const stream = options.onColumns;
    const parts = await batchesInOrder<DatasetProfile, [readonly ColumnProfile[], number]>(batches, inFlight, options.signal, stream && (([cols, start]) => stream(cols, start)), async (b, { signal, inTurn, emit }) => {
      const cols = list[b]!;
      const table = quoteIdent(engine.uniqueName('batch'));
      await engine.exec(`CREATE TABLE ${table} AS SELECT ${cols.map((c) => quoteIdent(c.name)).join(', ')} FROM ${temp ? temp.relationOf(cols) : fileScan ?? ds.relation}`, { signal });
      try {
        const part = await profileBatch(batchDataset(ds, table, cols), {
          signal,
          onProgress: report && ((f) => { fractions[b] = f; report(); }),
          onColumns: stream && ((c, start) => emit([c, starts[b]! + start])),
        });
        // The running row hash folds the batches in column order.
        await inTurn(async () => { await hashes?.add(table, cols, { signal }); });
        return part;
      } finally {
        await engine.exec(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      }
    });
    for (const part of parts) {
      rows = part.rows;
      columns.push(...part.columns);
      issues.push(...part.issues);
    }
    if (hashes) duplicates = await duplicateRows(exec, hashes.relation(), rows, options);
  } finally {
    await restoreThreads?.();
    temp?.close();
    await hashes?.close();
  }
  progress?.(1);
  return {
    path: ds.path,
    format: ds.format,
    rows,
    columnCount: ds.columns.length,
    duplicateRows: duplicates?.value ?? 0,
    ...(duplicates?.estimate ? { duplicateRowsEstimate: duplicates.estimate } : {}),
    ...(ds.delimiter ? { delimiter: ds.delimiter } : {}),
    approximate: !options.exact,
    columns,
    issues,
  };
}

function batchDataset(ds: Dataset, relation: string, columns: ColumnInfo[]): Dataset {
  const { fileScan: _scan, fileView: _view, multiFile: _files, ...rest } = ds;
  return { ...rest, relation, columns, issues: [], engineTable: true };
}

/**
 * Duplicate rows from the table of row hashes (RowHashes): exact (distinct 64-bit row hashes) below the
 * exact-size limit, else the hash-sample estimate.
 */
async function duplicateRows(exec: PlanExecutor, hashTable: string, rows: number, options: ColumnBatchOptions): Promise<{ value: number; estimate?: DatasetProfile['duplicateRowsEstimate'] }> {
  const source = toSource(hashTable);
  if (options.exact) {
    const r = await exec.run({ source, aggregates: [{ name: 'd', agg: { fn: 'distinct', args: [col('h')], mode: 'exact' }, type: 'bigint' }] }, { signal: options.signal });
    return { value: rows - Number(r[0]?.['d'] ?? rows) };
  }
  const e = estimateDuplicates(await exec.run(duplicateSamplePlanOfHash(source, col('h')), { signal: options.signal }));
  return { value: Math.min(e.value, Math.max(0, rows - 1)), estimate: { standardError: e.standardError, relativeError: e.relativeError, sampleRate: e.sampleRate } };
}
