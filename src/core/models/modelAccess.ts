import { readFileSync } from 'node:fs';
import { InputError } from '../errors';
import { readModelFile } from './readModelFile';
import type { Model } from './types';

/**
 * The capability to load models — parse a model file and, for ONNX, start onnxruntime on it — and to read the
 * files a configuration points at beside them (model cards) into a report. Core code that needs a model is handed
 * one; none creates it (an ESLint rule keeps `readModelFile` and `grantModelAccess` out of src/core). Only entry
 * points that decided the files are trusted grant it: the CLI (the user names the files) and the extension when the
 * workspace is trusted (src/extension/trust.ts). Without it, Restricted Mode cannot reach a model (issue 17 item 7).
 */
export interface ModelAccess {
  /** Loads a model file (see readModelFile). */
  readonly read: (file: string) => Model;
  /** Reads a text file that belongs to a model (a model card) for a report. */
  readonly readText: (file: string) => string;
}

/** Full access: every supported model, ONNX included, and model cards. */
export function grantModelAccess(): ModelAccess {
  return Object.freeze({ read: (file: string) => readModelFile(file), readText: (file: string) => readFileSync(file, 'utf8') });
}

/**
 * Access to show a model without running anything (the model editor in Restricted Mode): formats that are pure
 * data (XGBoost JSON/UBJSON, LightGBM text) are parsed; an ONNX file, by content whatever its name, is refused
 * (UNTRUSTED_WORKSPACE) since reading it starts onnxruntime; no file is read into a report.
 */
export function grantModelViewAccess(): ModelAccess {
  return Object.freeze({
    read: (file: string) => readModelFile(file, { onnx: false }),
    readText: (file: string): string => {
      throw new InputError('UNTRUSTED_WORKSPACE', `${file} is not read in Restricted Mode; trust the workspace to include it.`, { file });
    },
  });
}

/** The access, or UNTRUSTED_WORKSPACE naming what needed it (`what` runs a model). */
export function requireModelAccess(access: ModelAccess | undefined, what: string): ModelAccess {
  if (access) return access;
  throw new InputError(
    'UNTRUSTED_WORKSPACE',
    `${what} loads a model, which Model Lens does not do in Restricted Mode; trust the workspace (Workspaces: Manage Workspace Trust) to run it.`,
    {},
  );
}
