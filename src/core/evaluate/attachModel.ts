import type { Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { InputError } from '../errors';
import type { Model } from '../models/types';
import { quoteIdent } from '../data/sql';
import { scoreDataset } from '../versions/scoreDataset';
import { taskOf } from '../versions/task';
import { createValuesTableSql, dropTableSql, positionalJoinSql } from './evaluationSql';
import type { EvalTask } from './metricCatalog';

/**
 * The dataset with a model's outputs appended as columns, so an evaluation with --model reads exactly like one
 * with score columns (and windows, segments and the reference work unchanged). Scoring is `diff`'s
 * (versions/scoreDataset: features matched by name, every model format Model Lens reads, worker threads);
 * the outputs are appended row by row and attached with a POSITIONAL JOIN in file order. Binary models give
 * one column (P(class 1)), regression one (the value), multiclass one probability per class.
 */
export async function attachModelOutputs(engine: Engine, ds: Dataset, model: Model, options: RunOptions): Promise<{ dataset: Dataset; task: EvalTask; columns: string[] }> {
  const task = taskOf(model);
  const scores = await scoreDataset(engine, ds, model, 0, options);
  const width = scores.width;
  const n = scores.p.length / width;
  if (n !== ds.rows) throw new InputError('MODEL_ROWS', `The model scored ${n} of ${ds.rows} rows of ${ds.path}.`);
  let prefix = '__model_lens_output';
  while (ds.columns.some((c) => c.name.startsWith(prefix))) prefix = `_${prefix}`;
  const columns = width === 1 ? [prefix] : Array.from({ length: width }, (_, k) => `${prefix}_${k}`);
  const values = engine.uniqueName('eval_outputs');
  const target = engine.uniqueName('eval_scored');
  try {
    await engine.exec(createValuesTableSql(values, width), options);
    await engine.withConnection(options, async (conn) => {
      const appender = await conn.createAppender(values);
      try {
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < width; k++) appender.appendDouble(scores.p[i * width + k]!);
          appender.endRow();
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
    await engine.exec(positionalJoinSql(target, ds.relation, values, columns), options);
  } catch (e) {
    await engine.exec(dropTableSql(target)).catch(() => undefined);
    throw e;
  } finally {
    await engine.exec(dropTableSql(values)).catch(() => undefined);
  }
  const relation = quoteIdent(target);
  const dataset: Dataset = {
    ...ds, relation, engineTable: true,
    columns: [...ds.columns, ...columns.map((name) => ({ name, type: 'DOUBLE' }))],
    release: async () => {
      await engine.exec(dropTableSql(target)).catch(() => undefined);
      await ds.release();
    },
  };
  return { dataset, task, columns };
}
