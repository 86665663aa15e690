import { Engine } from '../../core/data/engine';
import { loadDataset } from '../../core/data/loadDataset';
import { InputError } from '../../core/errors';
import type { SourceReference } from '../../core/evaluate/source/sourceReference';
import { DuckDbExecutor } from '../../core/plan/duckdbExecutor';
import type { WarehousePlanExecutor } from '../../core/warehouse/planExecutor';
import { openSourceDataset } from '../../core/warehouse/sourceDataset';
import { parseSourceRef } from '../../core/warehouse/sources/sourceRef';
import type { OptionSpec } from '../args';
import type { CliSource } from '../sourceArgs';

export const REFERENCE_OPTIONS: OptionSpec = {
  'reference-where': { type: 'string' },
  'reference-source': { type: 'string' },
};

export const REFERENCE_HELP = `  A labelled reference (binary --score; the windows' flags and CBPE are computed against it, as with a file):
  --reference F          a local file (CSV, Parquet, …) with the same columns, read here from its aggregates
  --reference-where R    the reference rows of the --source table (the rules language, like --where; --where
                         then selects the evaluated rows), e.g.
                         --where "day >= '2026-11-01'" --reference-where "day < '2026-11-01'"
  --reference-source S2  another table of the same source as the reference (with --reference-where: part of it)`;

const bad = (text: string): never => {
  throw new InputError('BAD_ARGUMENT', `evaluate: ${text} Run 'model-lens evaluate --help'.`);
};

/** Refuses reference options that cannot apply: a file evaluation, or a file reference mixed with a table one. */
export function checkReferenceOptions(v: Record<string, unknown>): void {
  const file = v['reference'] as string | undefined;
  const where = v['reference-where'] as string | undefined;
  const table = v['reference-source'] as string | undefined;
  if (v['source'] === undefined && (where !== undefined || table !== undefined)) {
    bad(`--reference-where and --reference-source choose reference rows of a --source table; evaluating a file, give the reference as a file: --reference F.`);
  }
  if (file !== undefined && (where !== undefined || table !== undefined)) {
    bad(`give the reference one way: a file (--reference ${file}) or rows of the source (--reference-where / --reference-source), not both.`);
  }
  if (where !== undefined && where.trim() === '') bad('--reference-where is empty; give a filter such as "day < \'2026-11-01\'", or leave it out.');
}

/**
 * Opens the reference of `evaluate --source`: a local file in the embedded engine, or a table (filtered by
 * --reference-where) of the --source's source through the same executor. Undefined without a reference.
 */
export async function openSourceReference(v: Record<string, unknown>, remote: CliSource, signal: AbortSignal): Promise<{ reference: SourceReference; close(): Promise<void> } | undefined> {
  const file = v['reference'] as string | undefined;
  const where = v['reference-where'] as string | undefined;
  const table = v['reference-source'] as string | undefined;
  if (file !== undefined) {
    const engine = await Engine.create();
    try {
      const ds = await loadDataset(engine, file, { signal });
      return { reference: { exec: new DuckDbExecutor(engine), ds, given: file }, close: async () => { await ds.release().catch(() => undefined); engine.close(); } };
    } catch (e) {
      engine.close();
      throw e;
    }
  }
  if (where === undefined && table === undefined) return undefined;
  const main = parseSourceRef((v['source'] as string[])[0]!);
  const ref = table === undefined ? main : parseSourceRef(table);
  if (ref.source !== main.source) bad(`--reference-source ${ref.text} is in source '${ref.source}' but --source is in '${main.source}'; the reference must be a table of the same source (or a local file: --reference F).`);
  let ds;
  try {
    ds = await openSourceDataset(remote.executor as WarehousePlanExecutor, ref, { signal, where, whereOption: '--reference-where' });
  } catch (e) {
    if (e instanceof InputError && e.code === 'NO_DATA_ROWS') throw new InputError('NO_DATA_ROWS', `evaluate: the reference ${e.message} Give a --reference-where that keeps the labelled reference rows.`, e.details);
    throw e;
  }
  return { reference: { exec: remote.executor, ds, given: ds.path }, close: async () => undefined };
}
