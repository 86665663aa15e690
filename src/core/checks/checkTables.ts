import type { Dataset } from '../data/dataset';
import type { Engine } from '../data/engine';
import { loadDataset } from '../data/loadDataset';
import { InputError } from '../errors';
import type { PlanExecutor } from '../plan/executor';
import type { CheckEnv, DatasetSpec } from './types';

/** One side of a dataset declared on a source (`datasets.<name>.source`): a table reference and its filter. */
export interface CheckTable {
  /** A source reference as written, e.g. pg:public.loans. */
  ref: string;
  where?: string;
  /** Where the filter is written, for its messages (datasets.loans.currentWhere). */
  whereKey: string;
}

/**
 * Opens a table for a check: the CLI and the editor pass one (one connection per source for the whole run);
 * it returns the plan executor to run the analysis on and the table as a Dataset.
 */
export type TableOpener = (table: CheckTable, signal?: AbortSignal) => Promise<{ executor: PlanExecutor; dataset: Dataset }>;

/** The table of a dataset's current side (currentSource or source, with currentWhere) or reference side (source, referenceWhere). */
export function tableOf(d: DatasetSpec, which: 'current' | 'reference'): CheckTable | undefined {
  if (!d.source) return undefined;
  if (which === 'current') return { ref: d.currentSource ?? d.source, ...(d.currentWhere ? { where: d.currentWhere } : {}), whereKey: `datasets.${d.name}.currentWhere` };
  return { ref: d.source, ...(d.referenceWhere ? { where: d.referenceWhere } : {}), whereKey: `datasets.${d.name}.referenceWhere` };
}

/** A table's text for titles and messages: `pg:public.loans where day >= '2026-11-01'`. */
export function tableText(t: CheckTable): string {
  return t.where ? `${t.ref} where ${t.where}` : t.ref;
}

/** The data a check runs on: the file in the embedded engine, or the table where it lives (its aggregate plans run there). */
export interface CheckData {
  target: Engine | PlanExecutor;
  ds: Dataset;
  /** Where the data is: the file, or the table with its filter. */
  label: string;
  /** True for a table: findings name no file and carry no line. */
  remote: boolean;
}

/** Loads a file in the embedded engine, or opens a table through the environment's opener. */
export async function openCheckData(env: CheckEnv, file: string, table: CheckTable | undefined): Promise<CheckData> {
  if (!table) return { target: env.engine, ds: await loadDataset(env.engine, file, { signal: env.signal }), label: file, remote: false };
  if (!env.openTable) throw new InputError('UNSUPPORTED_ON_ENGINE', `${table.ref} is a table of a source; this run has no connection to its source; run 'model-lens check' or Run All Checks with the source declared in modellens.yml.`, { source: table.ref });
  const { executor, dataset } = await env.openTable(table, env.signal);
  return { target: executor, ds: dataset, label: tableText(table), remote: true };
}
