import { loadDataset } from '../../data/loadDataset';
import type { Dataset } from '../../data/dataset';
import { runSourceEvaluation } from '../../evaluate/source/evaluateSource';
import type { SourceReference } from '../../evaluate/source/sourceReference';
import type { EvaluationReport } from '../../evaluate/types';
import type { EvaluateOptions } from '../../evaluate/runEvaluation';
import { DuckDbExecutor } from '../../plan/duckdbExecutor';
import type { PlanExecutor } from '../../plan/executor';
import { openCheckData, tableText, type CheckTable } from '../checkTables';
import type { CheckEnv } from '../types';

/** Where an evaluation check on a table takes its labelled reference: a local file, or the dataset's other table. */
export interface TableReference {
  file?: string;
  table?: CheckTable;
}

/**
 * An evaluation check on a dataset declared on a source: `model-lens evaluate --source` (aggregates run where the
 * table lives), with the reference a local file (read here from its aggregates) or the dataset's reference side
 * (`source` with `referenceWhere`, when the current side is `currentSource` or `currentWhere`).
 */
export async function evaluateTable(env: CheckEnv, table: CheckTable, reference: TableReference | undefined, o: Omit<EvaluateOptions, 'dataset' | 'reference'>): Promise<EvaluationReport> {
  const data = await openCheckData(env, '', table);
  let refDs: Dataset | undefined;
  try {
    let ref: SourceReference | undefined;
    if (reference?.file) {
      refDs = await loadDataset(env.engine, reference.file, { signal: env.signal });
      ref = { exec: new DuckDbExecutor(env.engine), ds: refDs, given: reference.file };
    } else if (reference?.table) {
      const r = await openCheckData(env, '', reference.table);
      ref = { exec: r.target as PlanExecutor, ds: r.ds, given: tableText(reference.table) };
    }
    return await runSourceEvaluation(data.target as PlanExecutor, data.ds, {
      label: o.label, ...(o.score !== undefined ? { score: o.score } : {}), ...(o.prediction !== undefined ? { prediction: o.prediction } : {}),
      ...(o.task ? { task: o.task } : {}), ...(o.threshold !== undefined ? { threshold: o.threshold } : {}), ...(o.positive !== undefined ? { positive: o.positive } : {}),
      ...(o.bootstrap !== undefined ? { bootstrap: o.bootstrap } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.timeColumn !== undefined && o.window !== undefined ? { timeColumn: o.timeColumn, window: o.window } : {}),
      ...(ref ? { reference: ref } : {}), ...(o.failOn ? { failOn: o.failOn } : {}), ...(o.history ? { history: o.history } : {}), ...(o.signal ? { signal: o.signal } : {}),
    });
  } finally {
    await refDs?.release().catch(() => undefined);
  }
}
