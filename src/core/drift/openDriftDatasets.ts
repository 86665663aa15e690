import type { Dataset } from '../data/dataset';
import type { Engine } from '../data/engine';
import { readFromGroupFiles } from '../data/groupFileView';
import { loadDataset, type LoadOptions } from '../data/loadDataset';
import { loadOneAtATime } from '../data/sniffMemory';

/**
 * Opens the files of a drift run (reference and current, or one file for drift over time) the same way for the
 * CLI and the editor. Drift only aggregates and streams values, so a wide CSV too large for an engine table may
 * stay a view over the file (Dataset.fileView, read with its sniffed dialect pinned: data/csvDialect.ts) instead
 * of failing at the memory limit. Its load's validation read also writes the view's columns to temporary Parquet
 * files, which the view then reads (data/groupFileView.ts): drift's ~60 statements each re-read and re-tokenized
 * the whole CSV; now it is tokenized once, and the files go with the dataset's release. The files load
 * concurrently, unless their CSV sniffs at once would not fit the memory limit (data/sniffMemory.ts: two
 * 10,000-column CSVs ran out of memory at 1 GB); then one after the other. On an error the ones that opened are
 * released and the first file's (in argument order) error is thrown.
 */
export async function openDriftDatasets(engine: Engine, files: readonly string[], options: Omit<LoadOptions, 'allowFileView' | 'wideParquet'> = {}): Promise<Dataset[]> {
  const open = (file: string) => loadDataset(engine, file, { ...options, allowFileView: true, wideParquet: true }).then((ds) => readFromGroupFiles(engine, ds, options).catch(async (e: unknown) => {
    await ds.release();
    throw e;
  }));
  const settled: PromiseSettledResult<Dataset>[] = [];
  if (await loadOneAtATime(engine, files, options)) {
    for (const file of files) {
      settled.push(...(await Promise.allSettled([open(file)])));
      if (settled.at(-1)!.status === 'rejected') break;
    }
  } else {
    // The files load at once: a CSV's sniff and load each keep about one core busy for part of the time (1M-row CSVs:
    // the second sniff ran while the first file's load used one core), so the two sides overlap on a 2-core machine.
    settled.push(...(await Promise.allSettled(files.map(open))));
  }
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (!failed) return settled.map((s) => (s as PromiseFulfilledResult<Dataset>).value);
  for (const s of settled) if (s.status === 'fulfilled') await s.value.release();
  throw failed.reason;
}
