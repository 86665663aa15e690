import type { Dataset } from '../../data/dataset';
import { requireModelAccess } from '../../models/modelAccess';
import { withPredictions } from '../../rules/withPredictions';
import type { CheckEnv } from '../types';

/**
 * The dataset with `modelPath`'s prediction added as `column` (see withPredictions), for checks over a model's
 * output. The model is released as soon as its predictions are in the engine (ONNX models hold a worker).
 */
export async function scoredDataset(env: CheckEnv, ds: Dataset, modelPath: string, column: string): Promise<Dataset> {
  const model = requireModelAccess(env.models, `Scoring with ${modelPath}`).read(modelPath);
  try {
    return await withPredictions(env.engine, ds, model, column, { signal: env.signal });
  } finally {
    model.dispose?.();
  }
}
