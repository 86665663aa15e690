import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Model, TreeEnsemble } from '../../models/types';
import { parseJsonWithNonFinite } from '../../models/xgboost/nonFiniteJson';
import { decodeUbjson } from '../../models/xgboost/ubjson';
import { own } from '../../dict';

/** One model feature with its split statistics over all trees (XGBoost's get_score). */
export interface FeatureImportance {
  feature: string;
  /** Declared type ('numeric', 'integer', …) or null when the file does not say. */
  type: string | null;
  /** Σ loss_chg over the feature's splits (get_score 'total_gain'); null when the file has no gains. */
  gain: number | null;
  /** Σ cover (sum of hessians) over the feature's splits ('total_cover'). */
  cover: number;
  /** Number of splits on the feature ('weight'). */
  splits: number;
}

/** What the model custom editor shows; plain JSON, computed without running the model. */
export interface ModelSummary {
  file: string;
  kind: Model['kind'];
  format: string;
  /** Writer version, e.g. '1.7.4', when the file records it. */
  version: string | null;
  objective: string;
  link: Model['link'];
  outputKind: Model['outputKind'];
  numClasses: number;
  numFeatures: number;
  baseScore: number;
  inputs: { name: string; type: string }[];
  outputs: { name: string; description: string }[];
  trees: { count: number; maxDepth: number; nodes: number } | null;
  /** Per feature, largest total gain first (total cover when there are no gains). */
  importance: FeatureImportance[];
  /** More facts from the file (scikit-learn: the estimator's structure, classes, how missing values go). */
  details?: [string, string][];
  /** Hyperparameters stored in the file (scikit-learn's get_params names), sorted by name. */
  params?: [string, string][];
}

/**
 * Split statistics per feature of a tree ensemble: for every split node reachable from a root, add its gain
 * (`gains[node]`, indexed like the ensemble's nodes, or none) and its cover to its feature. This is XGBoost's
 * FeatureScore ('total_gain', 'total_cover', 'weight'); DART weights are ignored there as here.
 */
export function splitImportance(e: TreeEnsemble, numFeatures: number, gains: ArrayLike<number> | null): { gain: Float64Array | null; cover: Float64Array; splits: Int32Array } {
  const gain = gains ? new Float64Array(numFeatures) : null;
  const cover = new Float64Array(numFeatures);
  const splits = new Int32Array(numFeatures);
  for (let i = 0; i < e.numNodes; i++) {
    if (e.left[i] === -1) continue;
    const f = e.feature[i]!;
    cover[f]! += e.cover[i]!;
    splits[f]! += 1;
    if (gain && gains) gain[f]! += gains[i]!;
  }
  return { gain, cover, splits };
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Gains (loss_changes) of an XGBoost model document, in the ensemble's node order: parseTrees renumbers each
 * tree breadth-first from its root (children left then right, unreachable nodes dropped), so the same walk
 * here lines gains up with TreeEnsemble nodes. Returns null when the document has no loss_changes or its
 * trees do not line up with `e` (then the editor shows cover only).
 */
export function xgboostGains(doc: unknown, e: TreeEnsemble): Float64Array | null {
  if (!isObj(doc) || !isObj(doc['learner'])) return null;
  const gb = doc['learner']['gradient_booster'];
  if (!isObj(gb)) return null;
  const gbtree = gb['name'] === 'dart' ? gb['gbtree'] : gb;
  if (!isObj(gbtree) || !isObj(gbtree['model'])) return null;
  const trees = gbtree['model']['trees'];
  if (!Array.isArray(trees) || trees.length !== e.numTrees) return null;
  const out = new Float64Array(e.numNodes);
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t] as Json;
    const left = tree['left_children'] as ArrayLike<number> | undefined;
    const right = tree['right_children'] as ArrayLike<number> | undefined;
    const loss = tree['loss_changes'] as ArrayLike<number> | undefined;
    if (!left || !right || !loss || loss.length !== left.length) return null;
    const queue = [0];
    for (let q = 0; q < queue.length; q++) {
      const i = queue[q]!;
      if (left[i] !== -1) queue.push(left[i]!, right[i]!);
    }
    const offset = e.treeOffsets[t]!;
    if (queue.length !== e.treeOffsets[t + 1]! - offset) return null;
    queue.forEach((node, k) => {
      out[offset + k] = Math.fround(loss[node]!);
    });
  }
  return out;
}

const OUTPUTS: Record<Model['outputKind'], string> = {
  probability: 'probability of the positive class',
  value: 'predicted value',
  class: 'predicted class index',
};

/** JSON.parse, accepting the NaN XGBoost writes for categorical splits. */
function parseXgbJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const doc = parseJsonWithNonFinite(text);
    if (doc === undefined) throw e;
    return doc;
  }
}

/** Decodes an XGBoost JSON or UBJSON document (for the gains only; the model itself is loaded by core). */
function decodeXgboost(bytes: Uint8Array): { doc: unknown; format: string } {
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  let j = i + 1;
  while (j < bytes.length && (bytes[j] === 0x20 || bytes[j] === 0x0a || bytes[j] === 0x0d || bytes[j] === 0x09)) j++;
  const json = bytes[i] === 0x7b && (bytes[j] === 0x22 || bytes[j] === 0x7d);
  try {
    return json ? { doc: parseXgbJson(new TextDecoder().decode(bytes)), format: 'XGBoost JSON' } : { doc: decodeUbjson(bytes.subarray(i)), format: 'XGBoost UBJSON' };
  } catch {
    return { doc: null, format: json ? 'XGBoost JSON' : 'XGBoost UBJSON' };
  }
}

/**
 * The editor's summary of a loaded model: type, objective, inputs/outputs, trees and gain/cover importance.
 * Reading it never runs the model. `bytes` (the file content) is used for XGBoost gains; without them, or for
 * non-XGBoost models, gain is null and features are ranked by cover.
 */
export function modelSummary(model: Model, file: string, bytes?: Uint8Array): ModelSummary {
  const F = model.numFeatures;
  const names = model.featureNames ?? Array.from({ length: F }, (_, j) => `f${j}`);
  const types = model.featureTypes ?? [];
  const e = model.trees;
  let importance: FeatureImportance[] = [];
  let version: string | null = null;
  let format: string = model.kind;
  if (model.kind === 'xgboost' && bytes) {
    const decoded = decodeXgboost(bytes);
    const doc = decoded.doc;
    format = decoded.format;
    if (isObj(doc) && Array.isArray(doc['version'])) version = (doc['version'] as unknown[]).join('.');
    if (e) {
      const s = splitImportance(e, F, xgboostGains(doc, e));
      importance = names.map((feature, j) => ({ feature, type: types[j] ?? null, gain: s.gain ? s.gain[j]! : null, cover: s.cover[j]!, splits: s.splits[j]! }));
    }
  } else if (e) {
    const gains = model.fileInfo?.gains ?? null;
    const s = splitImportance(e, F, gains);
    importance = names.map((feature, j) => ({ feature, type: types[j] ?? null, gain: s.gain ? s.gain[j]! : null, cover: s.cover[j]!, splits: s.splits[j]! }));
  }
  const info = model.fileInfo;
  if (info) {
    format = info.format;
    version = info.version;
  }
  importance.sort((a, b) => (b.gain ?? b.cover) - (a.gain ?? a.cover) || b.cover - a.cover);
  const classes = model.numClasses;
  const labels = info?.classes;
  const outputs = model.outputWidth === 1
    ? [{ name: 'prediction', description: labels?.length === 2 ? `probability of class ${labels[1]}` : OUTPUTS[model.outputKind] }]
    : Array.from({ length: model.outputWidth }, (_, k) => ({ name: `class_${labels?.[k] ?? k}`, description: `probability of class ${labels?.[k] ?? k}` }));
  const details: [string, string][] = info
    ? [['estimator', info.estimator], ...(labels ? [['class labels', labels.join(', ')] as [string, string]] : []), ...(info.notes ?? []).map((n): [string, string] => ['note', n])]
    : [];
  const params = model.params ? Object.keys(model.params).sort().map((k): [string, string] => [k.replace(/^file\./, ''), own(model.params, k)!]) : [];
  return {
    file: basename(file),
    kind: model.kind,
    format,
    version,
    objective: model.objective,
    link: model.link,
    outputKind: model.outputKind,
    numClasses: classes,
    numFeatures: F,
    baseScore: model.baseScore,
    inputs: names.map((name, j) => ({ name, type: types[j] ?? 'number' })),
    outputs,
    trees: e ? { count: e.numTrees, maxDepth: e.maxDepth, nodes: e.numNodes } : null,
    importance,
    ...(details.length > 0 ? { details } : {}),
    ...(params.length > 0 ? { params } : {}),
  };
}

/** Reads the file's bytes for `modelSummary` (the model is loaded separately by core's readModelFile). */
export function readBytes(file: string): Uint8Array {
  return readFileSync(file);
}
