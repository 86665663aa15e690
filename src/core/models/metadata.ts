import { existsSync, readFileSync, statSync } from 'node:fs';
import { explainStackOverflow } from '../io/tooDeep';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { FeatureType, Model } from './types';
import { own } from '../dict';

/** One column of an MLflow signature (`{"name": ..., "type": ...}`; tensor specs carry dtype/shape instead). */
export interface SignatureColumn {
  name: string | null;
  type: string;
}

export interface MlflowMetadata {
  /** Path of the MLmodel file. */
  file: string;
  /** Flavor names, e.g. ['python_function', 'xgboost']. */
  flavors: string[];
  runId: string | null;
  createdAt: string | null;
  modelUuid: string | null;
  signature: { inputs: SignatureColumn[] | null; outputs: SignatureColumn[] | null } | null;
}

export interface ModelMetadata {
  mlflow: MlflowMetadata | null;
  /** A model card beside the model: model_card.md or README.md (first 64 KiB). */
  card: { file: string; title: string | null; text: string } | null;
  /** Where the feature names came from. */
  featureNamesFrom: 'model' | 'mlflow-signature' | 'none';
  /** Problems found while reading (unreadable MLmodel, signature that does not fit the model); never fatal. */
  issues: string[];
}

const CARD_FILES = ['model_card.md', 'MODEL_CARD.md', 'README.md', 'readme.md'];
const CARD_BYTES = 65536;

/** MLflow column types (mlflow.types.DataType) as Model Lens feature types. */
const MLFLOW_TYPES: Record<string, FeatureType> = {
  double: 'numeric', float: 'numeric', integer: 'integer', long: 'integer', boolean: 'boolean', string: 'categorical', binary: 'categorical',
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

function parseSignatureColumns(raw: unknown, issues: string[], what: string): SignatureColumn[] | null {
  if (raw === undefined || raw === null) return null;
  let value: unknown = raw;
  // MLmodel stores each side of the signature as a JSON string inside the YAML.
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      issues.push(`MLmodel signature ${what} is not valid JSON; ignored.`);
      return null;
    }
  }
  if (!Array.isArray(value)) {
    issues.push(`MLmodel signature ${what} is not a list of columns; ignored.`);
    return null;
  }
  return value.map((c: unknown) => {
    const o = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
    return { name: str(o['name']), type: str(o['type']) ?? (o['tensor-spec'] ? 'tensor' : 'unknown') };
  });
}

/** Reads MLflow's MLmodel (YAML) at `file`: flavors, run id, creation time and the column signature. */
export function readMlflow(file: string, issues: string[]): MlflowMetadata | null {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    issues.push(`MLmodel at ${file} could not be read as YAML (${explainStackOverflow((e as Error).message.split('\n')[0]!)}); ignored.`);
    return null;
  }
  if (typeof doc !== 'object' || doc === null) {
    issues.push(`MLmodel at ${file} is not a YAML mapping; ignored.`);
    return null;
  }
  const d = doc as Record<string, unknown>;
  const flavors = typeof d['flavors'] === 'object' && d['flavors'] !== null ? Object.keys(d['flavors']) : [];
  const sig = typeof d['signature'] === 'object' && d['signature'] !== null ? (d['signature'] as Record<string, unknown>) : null;
  return {
    file,
    flavors,
    runId: str(d['run_id']),
    createdAt: str(d['utc_time_created']),
    modelUuid: str(d['model_uuid']),
    signature: sig ? { inputs: parseSignatureColumns(sig['inputs'], issues, 'inputs'), outputs: parseSignatureColumns(sig['outputs'], issues, 'outputs') } : null,
  };
}

/**
 * Metadata beside a model file: an MLflow `MLmodel` in the same folder and a model card (model_card.md or
 * README.md). When the model itself has no feature names and the MLflow signature names exactly
 * numFeatures columns, those names (and their types, when the model has none) are applied to `model`.
 * Nothing here is executed; unreadable files become `issues`, never errors.
 */
export function attachMetadata(model: Model, modelFile: string): ModelMetadata {
  const dir = dirname(modelFile);
  const issues: string[] = [];
  const mlFile = join(dir, 'MLmodel');
  const mlflow = existsSync(mlFile) && statSync(mlFile).isFile() ? readMlflow(mlFile, issues) : null;
  let featureNamesFrom: ModelMetadata['featureNamesFrom'] = model.featureNames ? 'model' : 'none';
  const inputs = mlflow?.signature?.inputs;
  if (inputs) {
    const names = inputs.map((c) => c.name);
    if (inputs.length !== model.numFeatures) {
      issues.push(`MLflow signature has ${inputs.length} inputs but the model has ${model.numFeatures} features; the signature is not used for feature names.`);
    } else if (!model.featureNames && names.every((x): x is string => x !== null)) {
      model.featureNames = names;
      featureNamesFrom = 'mlflow-signature';
      if (!model.featureTypes) model.featureTypes = inputs.map((c) => own(MLFLOW_TYPES, c.type) ?? null);
    } else if (model.featureNames && names.every((x) => x !== null) && names.some((x, j) => x !== model.featureNames![j])) {
      issues.push(`MLflow signature input names (${names.join(', ')}) differ from the model's feature names; the model's names are used.`);
    }
  }
  let card: ModelMetadata['card'] = null;
  for (const name of CARD_FILES) {
    const f = join(dir, name);
    if (existsSync(f) && statSync(f).isFile()) {
      const text = readFileSync(f, 'utf8').slice(0, CARD_BYTES);
      card = { file: f, title: /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? null, text };
      break;
    }
  }
  const metadata: ModelMetadata = { mlflow, card, featureNamesFrom, issues };
  model.metadata = metadata;
  return metadata;
}
