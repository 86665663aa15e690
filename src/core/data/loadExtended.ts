import type { DataIssue, Dataset } from './dataset';
import type { Engine, RunOptions } from './engine';
import { loadCompressed } from './loadCompressed';
import { loadPartitioned } from './loadPartitioned';
import type { ExtendedSource } from './sources';

/**
 * The one entry loadDataset calls for a source that is not one plain file: compressed text (loadCompressed.ts) or
 * several Parquet files, a folder or an explicit `glob:` (loadPartitioned.ts). Fills `table`, adds issues, and
 * records in `extra` what later steps need (compression, the file list); returns the decompressed head of text.
 */
export async function loadExtended(engine: Engine, src: ExtendedSource, table: string, options: RunOptions, issues: DataIssue[], extra: Partial<Dataset>): Promise<{ head?: string | undefined }> {
  if (src.kind === 'compressed') {
    const r = await loadCompressed(engine, src, table, options);
    issues.push(...r.issues);
    extra.compression = src.compression;
    return { head: r.head };
  }
  const r = await loadPartitioned(engine, src, table, options);
  issues.push(...r.issues);
  extra.multiFile = r.layout;
  return {};
}
