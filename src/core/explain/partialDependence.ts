import { InputError } from '../errors';
import type { FeatureMatrix, Model } from '../models/types';
import { checkMatrix } from '../models/xgboost/predict';
import { limeTarget } from './lime';

export interface PartialDependenceOptions {
  /** Grid points (sklearn grid_resolution=100); a feature with fewer distinct values uses those values. */
  gridResolution?: number;
  /** Grid range as quantiles of the feature (sklearn percentiles=(0.05, 0.95)). */
  percentiles?: readonly [number, number];
  /** Also return the ICE curve of every row (sklearn kind='both'). */
  ice?: boolean;
}

export interface PartialDependence {
  feature: number;
  grid: number[];
  /** Per output column (class or the single output), the mean prediction at each grid value. */
  average: number[][];
  /** ICE: per output column, per row, the prediction at each grid value (when options.ice). */
  individual?: number[][][];
}

/**
 * scipy.stats.mstats.mquantiles(x, p) with its default plotting positions alphap = betap = 0.4 (sklearn's
 * grid uses it): m = α + p(1 − α − β), j = ⌊clip(n·p + m, 1, n − 1)⌋, γ = clip(n·p + m − j, 0, 1),
 * q = (1 − γ)·x₍ⱼ₎ + γ·x₍ⱼ₊₁₎ over the sorted sample (1-based).
 */
export function mquantile(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  const aleph = n * p + 0.4 + p * (1 - 0.4 - 0.4);
  const k = Math.floor(Math.min(Math.max(aleph, 1), n - 1));
  const gamma = Math.min(Math.max(aleph - k, 0), 1);
  return (1 - gamma) * sorted[k - 1]! + gamma * sorted[k]!;
}

/** sklearn's _grid_from_X for one feature: its distinct values when fewer than `resolution`, else an even grid between two quantiles. */
export function pdGrid(values: readonly number[], resolution: number, percentiles: readonly [number, number]): number[] {
  const finite = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (finite.length === 0) throw new InputError('BAD_ARGUMENT', 'Partial dependence: the feature is missing in every row.', {});
  const uniques = finite.filter((v, i) => i === 0 || v !== finite[i - 1]);
  if (uniques.length < resolution) return uniques;
  const lo = mquantile(finite, percentiles[0]);
  const hi = mquantile(finite, percentiles[1]);
  if (Math.abs(lo - hi) <= 1e-8 + 1e-5 * Math.abs(hi)) throw new InputError('BAD_ARGUMENT', 'Partial dependence: the percentiles are too close to each other for this feature; widen them.', {});
  const step = (hi - lo) / (resolution - 1);
  return Array.from({ length: resolution }, (_, i) => (i === resolution - 1 ? hi : lo + i * step));
}

/**
 * Partial dependence and ICE by brute force (Friedman 2001; Goldstein et al. 2015; sklearn's
 * partial_dependence(method='brute')): for each grid value v, set the feature to v in every row, predict,
 * and average. Predictions are the model's output (probabilities for classifiers, values for regressors).
 * The grid ignores missing values; rows with the feature missing still get every grid value.
 */
export function partialDependence(model: Model, X: FeatureMatrix, n: number, feature: number, options: PartialDependenceOptions = {}): PartialDependence {
  const F = model.numFeatures;
  const G = model.numGroups;
  checkMatrix(X, n, F);
  if (!(Number.isInteger(feature) && feature >= 0 && feature < F)) throw new InputError('BAD_ARGUMENT', `Partial dependence: feature index ${feature} is out of range 0..${F - 1}.`, { feature });
  const resolution = options.gridResolution ?? 100;
  if (!(Number.isInteger(resolution) && resolution >= 2)) throw new InputError('BAD_ARGUMENT', `gridResolution must be a whole number ≥ 2 (got ${resolution}).`, {});
  const percentiles = options.percentiles ?? [0.05, 0.95];
  const grid = pdGrid(Array.from({ length: n }, (_, r) => X[r * F + feature]!), resolution, percentiles);
  const K = grid.length;
  const Xg = new Float64Array(K * n * F);
  for (let k = 0; k < K; k++) {
    Xg.set(X, k * n * F);
    for (let r = 0; r < n; r++) Xg[(k * n + r) * F + feature] = grid[k]!;
  }
  const out = limeTarget(model, Xg, K * n);
  const average = Array.from({ length: G }, (_, g) => grid.map((_, k) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += out[(k * n + r) * G + g]!;
    return s / n;
  }));
  const result: PartialDependence = { feature, grid, average };
  if (options.ice) result.individual = Array.from({ length: G }, (_, g) => Array.from({ length: n }, (_, r) => grid.map((_, k) => out[(k * n + r) * G + g]!)));
  return result;
}
