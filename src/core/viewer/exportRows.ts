import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { RunOptions } from '../data/engine';
import { quoteLiteral } from '../data/sql';
import { InputError, isInputError } from '../errors';
import { expandGlob } from '../data/fileGlob';
import { GLOB_PREFIX } from '../data/sources';
import { assertNotAnInput, OutputFile } from '../io/outputFile';
import { openSandboxed } from './sandbox';
import { ViewerTable, type ViewSpec } from './viewerTable';

export type ExportFormat = 'csv' | 'parquet';

/**
 * Writes the rows of a view (its filter and sort, every column) to a new CSV or Parquet file through the project's
 * one writer (io/outputFile.ts), never over an input: the target is refused when it is, by real path or by device
 * and inode, the dataset file (or one of a glob:'s files), or lies inside a folder dataset. The writer hands the
 * engine a new temporary file beside the target; the engine, which may read only the dataset and write only that
 * file, COPYs the rows into it, and the writer renames it over the target (checking the inputs again), so a failed or
 * cancelled export leaves no partial file and the previous target intact. Returns the number of rows written.
 */
export async function exportRows(file: string, spec: ViewSpec, target: string, format: ExportFormat, options: RunOptions = {}): Promise<number> {
  const out = resolve(target);
  refuseInput(file, out);
  const output = OutputFile.prepare(out, { inputs: inputFiles(file), label: out });
  return asExportError(() => output.writeWithPath(async (temp) => {
    const { engine, dataset } = await openSandboxed(file, { ...options, writable: temp });
    try {
      const table = await ViewerTable.create(engine, dataset);
      const where = await table.whereOf(spec);
      const select = table.selectSql('*', where, spec.sort);
      const rows = await engine.run(`COPY (${select}) TO ${quoteLiteral(temp)} (FORMAT ${format === 'csv' ? 'csv, HEADER true' : 'parquet'}, USE_TMP_FILE false)`, options);
      return Number(rows[0]?.['Count'] ?? 0);
    } finally {
      engine.close();
    }
  }), target);
}

/** The files a dataset reads (a glob:'s files, else the file or folder itself). */
function inputFiles(file: string): string[] {
  return file.startsWith(GLOB_PREFIX) ? expandGlob(file.slice(GLOB_PREFIX.length)).files : [resolve(file)];
}

/** The writer's refusal of an input (it may find one again just before the rename) said as the export says it. */
async function asExportError<T>(run: () => Promise<T>, target: string): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isInputError(e) && e.code === 'BAD_OUTPUT' && e.details['input'] !== undefined) throw isInput(target);
    throw e;
  }
}

const isInput = (target: string, inside = false) =>
  new InputError('OUTPUT_IS_INPUT', `${target} ${inside ? 'is inside the dataset folder' : 'is the dataset itself'}; exports never overwrite or add to their input. Choose another file name or folder.`, { target });

/**
 * Throws OUTPUT_IS_INPUT when `target` is the dataset (same real path or same device and inode: the writer's own
 * check, io/outputFile.ts assertNotAnInput) or lies inside a folder dataset (a new file there would join it).
 */
export function refuseInput(file: string, target: string): void {
  for (const input of inputFiles(file)) {
    try {
      assertNotAnInput(resolve(target), { inputs: [input] });
    } catch (e) {
      if (isInputError(e) && e.code === 'BAD_OUTPUT') throw isInput(target);
      throw e;
    }
    const real = (p: string): string => { try { return realpathSync(p); } catch { return resolve(p); } };
    let folder = false;
    try { folder = statSync(input).isDirectory(); } catch { /* not there: nothing to add to */ }
    if (folder && (join(real(dirname(target)), basename(target)) + sep).startsWith(real(input) + sep)) throw isInput(target, true);
  }
}
