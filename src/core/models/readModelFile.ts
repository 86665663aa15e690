import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { InputError } from '../errors';
import { attachMetadata } from './metadata';
import { loadModel, type LoadModelOptions } from './xgboost/loadModel';
import type { Model } from './types';

/**
 * Reads a model file from disk and loads it with `loadModel` (by content: XGBoost JSON or UBJSON, LightGBM
 * model.txt; pickles
 * and anything executable are refused). Nothing in the file is ever run. Metadata beside it (MLflow MLmodel,
 * model card) is attached as `model.metadata`.
 *
 * @throws InputError FILE_NOT_FOUND — no such file, or a directory.
 */
export function readModelFile(file: string, options: LoadModelOptions = {}): Model {
  const path = resolve(file);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) throw new InputError('FILE_NOT_FOUND', `Model file ${path} was not found (or is a directory). Pass an XGBoost model saved with booster.save_model("model.json") or a LightGBM model.txt.`, { path });
  const model = loadModel(readFileSync(path), basename(path), options);
  attachMetadata(model, path);
  return model;
}
