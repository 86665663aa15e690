import { basename, resolve } from 'node:path';
import { InputError } from '../errors';
import { readInputFile } from '../io/inputFile';
import { attachMetadata } from './metadata';
import { loadModel, type LoadModelOptions } from './xgboost/loadModel';
import type { Model } from './types';

/**
 * Reads a model file from disk and loads it with `loadModel` (by content: XGBoost JSON or UBJSON, LightGBM
 * model.txt, ONNX, scikit-learn pickles read as data). Nothing in the file is ever run. Metadata beside it (MLflow MLmodel,
 * model card) is attached as `model.metadata`.
 *
 * @throws InputError FILE_NOT_FOUND — no such file, or a directory.
 */
export function readModelFile(file: string, options: LoadModelOptions = {}): Model {
  const path = resolve(file);
  const bytes = readInputFile(path, 'model file', 'Pass an XGBoost model saved with booster.save_model("model.json"), a LightGBM model.txt or an ONNX model.');
  let model: Model;
  try {
    model = loadModel(bytes, basename(path), options);
  } catch (e) {
    // Every message names the file it is about (parsers deep inside say only what is wrong).
    if (e instanceof InputError && !e.message.includes(basename(path))) throw new InputError(e.code, `${path}: ${e.message}`, { ...e.details, path });
    throw e;
  }
  attachMetadata(model, path);
  return model;
}
