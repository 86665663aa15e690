import { InputError } from '../errors';
import type { FeatureMatrix, Model } from '../models/types';
import { checkMatrix } from '../models/xgboost/predict';
import { mulberry32 } from '../random';
import { limeTarget } from './lime';
import { featureNamesOf } from './shapReport';

export type ImportanceMetric = 'r2' | 'neg_mean_squared_error' | 'accuracy' | 'neg_log_loss';
export const IMPORTANCE_METRICS: readonly ImportanceMetric[] = ['r2', 'neg_mean_squared_error', 'accuracy', 'neg_log_loss'];

export interface PermutationImportanceOptions {
  /** Score to lose (higher is better). Default: accuracy for classifiers, r2 otherwise (sklearn's defaults). */
  metric?: ImportanceMetric;
  /** Shuffles per feature (sklearn n_repeats=5). */
  repeats?: number;
  seed?: number;
  /** Explicit row shuffles (repeats × n indices); default: seeded Fisher–Yates. Tests pass sklearn's. */
  shuffles?: readonly (readonly number[])[];
}

export interface PermutationImportanceResult {
  metric: ImportanceMetric;
  baseline: number;
  /** In feature order: mean and (population) standard deviation of baseline − permuted score over repeats. */
  features: { feature: string; mean: number; std: number; importances: number[] }[];
}

/**
 * Permutation feature importance (Breiman 2001; sklearn.inspection.permutation_importance): the drop of a
 * score when one feature's column is shuffled, breaking its link to the target. As sklearn, each repeat
 * shuffles the already-shuffled column again with a cumulatively shuffled index, the same index sequence for
 * every feature. Classifier outputs: predicted class = argmax probability (binary: p > 0.5).
 * Rows with a NaN target are not allowed (throws).
 */
export function permutationImportance(model: Model, X: FeatureMatrix, n: number, y: ArrayLike<number>, options: PermutationImportanceOptions = {}): PermutationImportanceResult {
  const F = model.numFeatures;
  checkMatrix(X, n, F);
  if (y.length !== n) throw new InputError('BAD_ARGUMENT', `Permutation importance: ${y.length} targets for ${n} rows.`, {});
  for (let r = 0; r < n; r++) if (Number.isNaN(y[r]!)) throw new InputError('BAD_ARGUMENT', `Permutation importance: the target of row ${r} is missing; drop rows without a target.`, { row: r });
  if (n < 2) throw new InputError('BAD_ARGUMENT', 'Permutation importance needs at least 2 rows.', {});
  const classifier = model.outputKind !== 'value' || model.link === 'softmax';
  const metric = options.metric ?? (classifier ? 'accuracy' : 'r2');
  const repeats = options.shuffles?.length ?? options.repeats ?? 5;
  if (!(Number.isInteger(repeats) && repeats >= 1)) throw new InputError('BAD_ARGUMENT', `Permutation importance repeats must be a positive whole number (got ${repeats}).`, {});
  const rng = mulberry32(options.seed ?? 0);
  const shuffles: Int32Array[] = [];
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < repeats; k++) {
    const given = options.shuffles?.[k];
    if (given) {
      if (given.length !== n) throw new InputError('BAD_ARGUMENT', `Shuffle ${k} has ${given.length} indices; expected ${n}.`, {});
      shuffles.push(Int32Array.from(given));
      continue;
    }
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    shuffles.push(Int32Array.from(idx));
  }
  const score = scorer(model, metric, y, n);
  const baseline = score(X);
  const Xp = Float64Array.from(X);
  const col = new Float64Array(n);
  const features = featureNamesOf(model).map((feature, j) => {
    for (let r = 0; r < n; r++) Xp[r * F + j] = X[r * F + j]!;
    const importances = shuffles.map((s) => {
      for (let r = 0; r < n; r++) col[r] = Xp[s[r]! * F + j]!;
      for (let r = 0; r < n; r++) Xp[r * F + j] = col[r]!;
      return baseline - score(Xp);
    });
    for (let r = 0; r < n; r++) Xp[r * F + j] = X[r * F + j]!;
    const mean = importances.reduce((a, b) => a + b, 0) / repeats;
    const std = Math.sqrt(importances.reduce((a, b) => a + (b - mean) ** 2, 0) / repeats);
    return { feature, mean, std, importances };
  });
  return { metric, baseline, features };
}

function scorer(model: Model, metric: ImportanceMetric, y: ArrayLike<number>, n: number): (X: FeatureMatrix) => number {
  const G = model.numGroups;
  return (X) => {
    const out = limeTarget(model, X, n);
    if (metric === 'r2' || metric === 'neg_mean_squared_error') {
      if (G !== 1) throw new InputError('BAD_ARGUMENT', `Metric ${metric} needs a single-output model; use accuracy or neg_log_loss for multiclass.`, {});
      let mean = 0;
      for (let r = 0; r < n; r++) mean += y[r]! / n;
      let ssRes = 0;
      let ssTot = 0;
      for (let r = 0; r < n; r++) {
        ssRes += (y[r]! - out[r]!) ** 2;
        ssTot += (y[r]! - mean) ** 2;
      }
      return metric === 'r2' ? (ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot) : -ssRes / n;
    }
    const probOf = (r: number, k: number): number => (G === 1 ? (k === 1 ? out[r]! : 1 - out[r]!) : out[r * G + k]!);
    const classes = Math.max(2, G);
    let s = 0;
    for (let r = 0; r < n; r++) {
      const label = y[r]!;
      if (metric === 'accuracy') {
        let best = 0;
        if (G === 1) best = out[r]! > 0.5 ? 1 : 0;
        else for (let k = 1; k < G; k++) if (out[r * G + k]! > out[r * G + best]!) best = k;
        s += best === label ? 1 : 0;
      } else {
        if (!(Number.isInteger(label) && label >= 0 && label < classes)) throw new InputError('BAD_ARGUMENT', `neg_log_loss needs class labels 0..${classes - 1}; row ${r} has ${label}.`, { row: r });
        const p = Math.min(1 - 1e-15, Math.max(1e-15, probOf(r, label)));
        s += Math.log(p);
      }
    }
    return s / n;
  };
}
