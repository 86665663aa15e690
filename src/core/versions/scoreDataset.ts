import type { Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { datasetFeatures } from '../models/datasetFeatures';
import { predictBlocks } from '../models/predictBlocks';
import type { Model } from '../models/types';
import { comparableOutput } from './task';

const BLOCK_ROWS = 65536;

export interface ModelScores {
  /** n × width comparable output (see comparableOutput). */
  p: Float64Array;
  width: number;
  /** Feature matrix of the first `keepRows` rows (row-major, float32), for SHAP. */
  X: Float32Array;
  keptRows: number;
  /** Dataset columns used as features, in feature order. */
  columns: string[];
}

/** Scores every row of the dataset with the model, in file order, block by block (on worker threads when the model can). */
export async function scoreDataset(engine: Engine, ds: Dataset, model: Model, keepRows: number, options: RunOptions = {}): Promise<ModelScores> {
  const columns = await datasetFeatures(engine, ds, model, options);
  const f = columns.length;
  const parts: Float64Array[] = [];
  let width = model.outputWidth;
  const keep = Math.min(keepRows, ds.rows);
  const X = new Float32Array(keep * f);
  let total = 0;
  await predictBlocks(engine, ds.relation, columns, model, BLOCK_ROWS, ({ X: block, n, start, margin }) => {
    const out = comparableOutput(model, model.transform(margin, n), n);
    width = out.width;
    parts.push(out.p.slice());
    if (start < keep) X.set(block.subarray(0, (Math.min(keep, start + n) - start) * f), start * f);
    total += n;
  }, options);
  const p = new Float64Array(total * width);
  let o = 0;
  for (const part of parts) {
    p.set(part, o);
    o += part.length;
  }
  return { p, width, X: X.subarray(0, Math.min(keep, total) * f), keptRows: Math.min(keep, total), columns };
}
