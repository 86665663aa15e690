import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { InputError } from '../../errors';
import type { ModelVersion } from '../types';
import { attachDvc } from './dvc';
import { gitVersion } from './git';
import { mlflowVersion, runOfFile, runVersion } from './mlflow';

/** A model file in the workspace, with its MLflow run's or DVC stage's records when it belongs to one. */
export function fileVersion(file: string): ModelVersion {
  const abs = resolve(file);
  let size = -1;
  try {
    size = statSync(abs).isFile() ? statSync(abs).size : -1;
  } catch {
    size = -1;
  }
  if (size < 0) throw new InputError('FILE_NOT_FOUND', `Model file ${abs} was not found (or is a directory).`, { path: abs });
  const run = runOfFile(abs);
  if (run) return { ...runVersion(run, abs), source: 'file' };
  return attachDvc({ label: basename(abs), source: 'file', file: abs, name: basename(abs), bytes: size, params: {}, metrics: {}, info: { path: abs } }, abs);
}

/**
 * Resolves the second argument of `model-lens diff`: `git:REV` (the first model's file at a revision),
 * `mlflow:RUN_ID` (a run of the nearest mlruns folder), or a path.
 */
export async function resolveVersion(spec: string, base: string): Promise<ModelVersion> {
  if (spec.startsWith('git:')) return gitVersion(base, spec.slice(4));
  if (spec.startsWith('mlflow:')) return mlflowVersion(spec.slice(7), base);
  return fileVersion(spec);
}
