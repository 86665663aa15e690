import type { Dataset } from '../data/dataset';
import type { Engine } from '../data/engine';
import { loadDataset, type LoadOptions } from '../data/loadDataset';

/**
 * Opens the files of a drift run (reference and current, or one file for drift over time) the same way for the
 * CLI and the editor. Drift only aggregates and streams values, so a wide CSV too large for an engine table may
 * stay a view over the file (Dataset.fileView, read with its sniffed dialect pinned: data/csvDialect.ts) instead
 * of failing at the memory limit. On an error the files already opened are released.
 */
export async function openDriftDatasets(engine: Engine, files: readonly string[], options: Omit<LoadOptions, 'allowFileView'> = {}): Promise<Dataset[]> {
  const opened: Dataset[] = [];
  try {
    for (const file of files) opened.push(await loadDataset(engine, file, { ...options, allowFileView: true }));
    return opened;
  } catch (e) {
    for (const d of opened) await d.release();
    throw e;
  }
}
