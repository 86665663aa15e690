import type { Dataset } from '../data/dataset';
import type { Engine } from '../data/engine';
import { readFromGroupFiles } from '../data/groupFileView';
import { loadDataset, type LoadOptions } from '../data/loadDataset';

/**
 * Opens the files of a drift run (reference and current, or one file for drift over time) the same way for the
 * CLI and the editor. Drift only aggregates and streams values, so a wide CSV too large for an engine table may
 * stay a view over the file (Dataset.fileView, read with its sniffed dialect pinned: data/csvDialect.ts) instead
 * of failing at the memory limit. Its load's validation read also writes the view's columns to temporary Parquet
 * files, which the view then reads (data/groupFileView.ts): drift's ~60 statements each re-read and re-tokenized
 * the whole CSV; now it is tokenized once, and the files go with the dataset's release. The files load
 * concurrently; on an error the ones that opened are released and the first file's (in argument order) error is
 * thrown.
 */
export async function openDriftDatasets(engine: Engine, files: readonly string[], options: Omit<LoadOptions, 'allowFileView' | 'wideParquet'> = {}): Promise<Dataset[]> {
  // The files load at once: a CSV's sniff and load each keep about one core busy for part of the time (1M-row CSVs:
  // the second sniff ran while the first file's load used one core), so the two sides overlap on a 2-core machine.
  const settled = await Promise.allSettled(files.map((file) => loadDataset(engine, file, { ...options, allowFileView: true, wideParquet: true }).then((ds) => readFromGroupFiles(engine, ds, options).catch(async (e: unknown) => {
    await ds.release();
    throw e;
  }))));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (!failed) return settled.map((s) => (s as PromiseFulfilledResult<Dataset>).value);
  for (const s of settled) if (s.status === 'fulfilled') await s.value.release();
  throw failed.reason;
}
