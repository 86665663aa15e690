import { randomBytes } from 'node:crypto';
import { closeSync, openSync, realpathSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { RunOptions } from '../data/engine';
import { quoteLiteral } from '../data/sql';
import { InputError } from '../errors';
import { expandGlob } from '../data/fileGlob';
import { GLOB_PREFIX } from '../data/sources';
import { openSandboxed } from './sandbox';
import { ViewerTable, type ViewSpec } from './viewerTable';

export type ExportFormat = 'csv' | 'parquet';

/**
 * Writes the rows of a view (its filter and sort, every column) to a new CSV or Parquet file, never over an input:
 * the target is refused when it is, by real path or by device and inode, the dataset file, or lies inside a folder
 * dataset. The engine writes a temporary file beside the target (created exclusively), in an engine that may read
 * only the dataset and write only that file; it is renamed over the target at the end, so a failed or cancelled
 * export leaves no partial file. Returns the number of rows written.
 */
export async function exportRows(file: string, spec: ViewSpec, target: string, format: ExportFormat, options: RunOptions = {}): Promise<number> {
  const out = resolve(target);
  refuseInput(file, out);
  const temp = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString('hex')}.tmp`);
  closeSync(openSync(temp, 'wx'));
  let done = false;
  const { engine, dataset } = await openSandboxed(file, { ...options, writable: temp }).catch((e: unknown) => {
    unlinkSync(temp);
    throw e;
  });
  try {
    const table = await ViewerTable.create(engine, dataset);
    const where = await table.whereOf(spec);
    const select = table.selectSql('*', where, spec.sort);
    const rows = await engine.run(`COPY (${select}) TO ${quoteLiteral(temp)} (FORMAT ${format === 'csv' ? 'csv, HEADER true' : 'parquet'}, USE_TMP_FILE false)`, options);
    refuseInput(file, out); // the target may have changed while the engine wrote
    renameSync(temp, out);
    done = true;
    return Number(rows[0]?.['Count'] ?? 0);
  } finally {
    engine.close();
    if (!done) try { unlinkSync(temp); } catch { /* already gone */ }
  }
}

/** Throws when `target` is the dataset (same real path or same device and inode) or inside a folder dataset. */
export function refuseInput(file: string, target: string): void {
  if (file.startsWith(GLOB_PREFIX)) {
    for (const f of expandGlob(file.slice(GLOB_PREFIX.length)).files) refuseInput(f, target);
    return;
  }
  const input = resolve(file);
  const real = (p: string): string => { try { return realpathSync(p); } catch { return resolve(p); } };
  const realTarget = join(real(dirname(target)), basename(target));
  const realInput = real(input);
  let same = realTarget === realInput;
  try {
    const a = statSync(target);
    const b = statSync(input);
    same ||= a.dev === b.dev && a.ino === b.ino;
  } catch { /* the target does not exist yet */ }
  let inside = false;
  try { inside = statSync(input).isDirectory() && (realTarget + sep).startsWith(realInput + sep); } catch { /* a glob: pattern */ }
  if (same || inside) {
    throw new InputError('OUTPUT_IS_INPUT', `${target} ${inside ? 'is inside the dataset folder' : 'is the dataset itself'}; exports never overwrite or add to their input. Choose another file name or folder.`, { target });
  }
}
