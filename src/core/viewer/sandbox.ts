import { dirname } from 'node:path';
import type { Dataset } from '../data/dataset';
import { Engine, type EngineOptions, type RunOptions } from '../data/engine';
import { loadDataset } from '../data/loadDataset';
import { extendedSource } from '../data/sources';
import { expandGlob } from '../data/fileGlob';
import { quoteLiteral } from '../data/sql';

/**
 * Opens a dataset in an engine of its own that can read nothing but that dataset: DuckDB's `allowed_paths` /
 * `allowed_directories` list the file (or the folder / the files of a glob:), then `enable_external_access = false`
 * and `lock_configuration = true` close everything else (other files, COPY … TO, ATTACH, INSTALL/LOAD, SET). The
 * viewer's filters are checked by filterSql.ts as well; this is the second wall. Spilling to DuckDB's temp folder
 * still works. `writable`: one more path the engine may write (exportRows.ts's temporary file).
 */
export async function openSandboxed(file: string, options: EngineOptions & RunOptions & { writable?: string } = {}): Promise<{ engine: Engine; dataset: Dataset }> {
  const { signal, onProgress, writable, ...engineOptions } = options;
  const engine = await Engine.create(engineOptions);
  try {
    const src = extendedSource(file);
    const paths: string[] = [];
    const dirs: string[] = [];
    if (src?.kind === 'folder') dirs.push(`${src.path.replace(/\/+$/, '')}/`);
    else if (src?.kind === 'glob') paths.push(...expandGlob(src.pattern).files);
    else paths.push(src?.path ?? file);
    if (writable) paths.push(writable); // an export's temporary file, and nothing else
    const list = (xs: string[]) => `[${xs.map(quoteLiteral).join(', ')}]`;
    if (paths.length) await engine.exec(`SET allowed_paths = ${list(paths)}`);
    if (dirs.length) await engine.exec(`SET allowed_directories = ${list(dirs)}`);
    await engine.exec('SET enable_external_access = false');
    await engine.exec('SET lock_configuration = true');
    const dataset = await loadDataset(engine, file, { signal, onProgress });
    return { engine, dataset };
  } catch (e) {
    engine.close();
    throw e;
  }
}

/** The folder a dataset lives in (its own folder for a folder dataset): exports may not be written inside a folder dataset. */
export function datasetFolder(ds: Dataset): string {
  return ds.multiFile ? ds.path : dirname(ds.path);
}
