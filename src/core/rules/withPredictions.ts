import type { Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { InputError } from '../errors';
import { datasetFeatures } from '../models/datasetFeatures';
import { predictBlocks } from '../models/predictBlocks';
import type { Model } from '../models/types';

const BLOCK_ROWS = 65536;

/**
 * The dataset with the model's prediction added as a column, so rules can check model outputs that are not in
 * the file ("a configured model predicts on the fly"). The rows are copied into an engine table in file order,
 * the model scores them block by block (features matched as for `model-lens predict`), and the scores are
 * attached with a POSITIONAL JOIN, so row k of the result is data row k + 1 of the file. The file is only read.
 * The prediction is the model's output (probability for logistic objectives, value for regression).
 * Throws COLUMN_EXISTS when the dataset already has the column, UNSUPPORTED_MODEL for multi-output models,
 * and the feature-mapping errors of datasetFeatures.
 */
export async function withPredictions(engine: Engine, ds: Dataset, model: Model, column: string, options: RunOptions = {}): Promise<Dataset> {
  if (ds.columns.some((c) => c.name === column)) {
    throw new InputError('COLUMN_EXISTS', `the dataset already has a column '${column}'; name the model's output differently with --prediction-column, or drop --model to check the existing column.`, { column });
  }
  if (model.outputWidth !== 1) {
    throw new InputError('UNSUPPORTED_MODEL', `the model has ${model.outputWidth} outputs (one per class); rules over a model's predictions need a single output (binary or regression).`);
  }
  const features = await datasetFeatures(engine, ds, model, options);
  const base = engine.uniqueName('rules_base');
  const preds = engine.uniqueName('rules_preds');
  const scored = engine.uniqueName('rules_scored');
  const drop = async (names: string[]) => {
    for (const n of names) await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(n)}`).catch(() => undefined);
  };
  try {
    await engine.exec(`CREATE TABLE ${quoteIdent(base)} AS SELECT * FROM ${ds.relation}`, options);
    await engine.exec(`CREATE TABLE ${quoteIdent(preds)} (v DOUBLE)`, options);
    await engine.withConnection(options, async (conn) => {
      const appender = await conn.createAppender(preds);
      try {
        await predictBlocks(engine, quoteIdent(base), features, model, BLOCK_ROWS, ({ margin, n }) => {
          const out = model.transform(margin, n);
          for (let i = 0; i < n; i++) {
            appender.appendDouble(out[i]!);
            appender.endRow();
          }
        }, options);
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    });
    await engine.exec(`CREATE TABLE ${quoteIdent(scored)} AS SELECT b.*, p.v AS ${quoteIdent(column)} FROM ${quoteIdent(base)} b POSITIONAL JOIN ${quoteIdent(preds)} p`, options);
  } catch (e) {
    await drop([scored]);
    throw e;
  } finally {
    await drop([base, preds]);
  }
  const relation = quoteIdent(scored);
  return {
    path: ds.path,
    format: ds.format,
    relation,
    columns: [...ds.columns, { name: column, type: 'DOUBLE' }],
    rows: ds.rows,
    issues: ds.issues,
    engineTable: true,
    release: async () => drop([scored]),
  };
}
