import { InputError } from '../errors';
import type { FeatureMatrix, Model } from '../models/types';
import { checkMatrix } from '../models/xgboost/predict';
import { transformMargin } from '../models/xgboost/objectives';
import { mulberry32, type RandomSource } from '../random';
import { normalCdf } from '../stats/normalCdf';
import { normalPpf } from '../stats/normalPpf';
import { normalSf } from '../stats/normalSf';
import { percentileSorted } from '../stats/percentile';
import { solveLinear } from './coalitions';
import type { Explainer, ExplainRow } from './explainer';
import { requireBackground } from './kernelShap';
import { featureNamesOf } from './shapReport';

export type LimeFeatureSelection = 'auto' | 'highest_weights' | 'forward_selection' | 'none';

export interface LimeOptions {
  /** Perturbation samples per row (lime: num_samples=5000). */
  numSamples?: number;
  /** Features kept in the surrogate (lime: num_features=10). */
  numFeatures?: number;
  /** Kernel width (lime: 0.75·sqrt(number of features)). */
  kernelWidth?: number;
  featureSelection?: LimeFeatureSelection;
  seed?: number;
  onProgress?: (fraction: number) => void;
}

/**
 * lime's QuartileDiscretizer fitted on training rows: per feature the distinct quartiles
 * (np.percentile(x, [25, 50, 75]), linear interpolation, then np.unique), and per bin the mean, standard
 * deviation (+1e-11), lower and upper bound used to draw values inside a bin; `values`/`freqs` are the bins
 * that occur in the training data and their frequencies. Extension: missing values (NaN) are their own
 * last bin (index quartiles.length + 1), drawn back as NaN; quartiles ignore them.
 */
export interface QuartileDiscretizer {
  quartiles: number[][];
  means: number[][];
  stds: number[][];
  mins: number[][];
  maxs: number[][];
  values: number[][];
  freqs: number[][];
}

/** Bin of value v: the number of quartiles strictly below v (np.searchsorted side='left'); NaN → missing bin. */
export function discretize(d: QuartileDiscretizer, j: number, v: number): number {
  const q = d.quartiles[j]!;
  if (Number.isNaN(v)) return q.length + 1;
  let b = 0;
  while (b < q.length && q[b]! < v) b++;
  return b;
}

export function quartileDiscretizer(train: FeatureMatrix, n: number, F: number): QuartileDiscretizer {
  const d: QuartileDiscretizer = { quartiles: [], means: [], stds: [], mins: [], maxs: [], values: [], freqs: [] };
  for (let j = 0; j < F; j++) {
    const col: number[] = [];
    for (let r = 0; r < n; r++) if (!Number.isNaN(train[r * F + j]!)) col.push(train[r * F + j]!);
    if (col.length === 0) throw new InputError('BAD_ARGUMENT', `LIME: feature ${j} is missing in every training row; nothing to discretise.`, { feature: j });
    col.sort((a, b) => a - b);
    const q = [...new Set([25, 50, 75].map((p) => percentileSorted(col, p / 100)))].sort((a, b) => a - b);
    d.quartiles.push(q);
    const bins = q.length + 1;
    const members: number[][] = Array.from({ length: bins }, () => []);
    const counts = new Array<number>(bins + 1).fill(0);
    for (let r = 0; r < n; r++) {
      const v = train[r * F + j]!;
      const b = discretize(d, j, v);
      counts[b]!++;
      if (b < bins) members[b]!.push(v);
    }
    d.means.push(members.map((m) => (m.length === 0 ? 0 : m.reduce((a, b) => a + b, 0) / m.length)));
    d.stds.push(members.map((m, b) => {
      if (m.length === 0) return 1e-11;
      const mu = d.means[j]![b]!;
      return Math.sqrt(m.reduce((a, v) => a + (v - mu) ** 2, 0) / m.length) + 1e-11;
    }));
    d.mins.push([col[0]!, ...q]);
    d.maxs.push([...q, col[col.length - 1]!]);
    const present = counts.map((c, b) => [b, c] as const).filter(([, c]) => c > 0);
    d.values.push(present.map(([b]) => b));
    d.freqs.push(present.map(([, c]) => c / n));
  }
  return d;
}

/** A value drawn from N(mean, std) truncated to [lo, hi] by inversion; lo = hi gives lo. */
function truncatedNormal(mean: number, std: number, lo: number, hi: number, rng: RandomSource): number {
  if (!(hi > lo)) return lo;
  const a = (lo - mean) / std;
  const b = (hi - mean) / std;
  const u = rng();
  // Work in the tail that keeps precision: the upper tail via survival functions.
  const z = a > 0 ? -normalPpf(normalSf(a) - u * (normalSf(a) - normalSf(b))) : normalPpf(normalCdf(a) + u * (normalCdf(b) - normalCdf(a)));
  return Math.min(hi, Math.max(lo, mean + std * z));
}

/**
 * lime's LimeTabularExplainer.__data_inverse with the discretizer: row 0 is x; every other row draws each
 * feature's bin from the training bin frequencies and a value inside that bin. `binary[s, j]` = 1 when
 * sample s's bin of feature j equals x's (row 0 all ones); `inverse` holds the drawn feature values.
 */
export function limeSamples(d: QuartileDiscretizer, x: ArrayLike<number>, F: number, numSamples: number, rng: RandomSource): { binary: Float64Array; inverse: Float64Array } {
  const binary = new Float64Array(numSamples * F);
  const inverse = new Float64Array(numSamples * F);
  for (let j = 0; j < F; j++) {
    const own = discretize(d, j, x[j]!);
    const vals = d.values[j]!;
    const cdf: number[] = [];
    let acc = 0;
    for (const p of d.freqs[j]!) cdf.push((acc += p));
    binary[j] = 1;
    inverse[j] = x[j]!;
    for (let s = 1; s < numSamples; s++) {
      const u = rng() * acc;
      let k = 0;
      while (k < cdf.length - 1 && u >= cdf[k]!) k++;
      const bin = vals[k]!;
      binary[s * F + j] = bin === own ? 1 : 0;
      inverse[s * F + j] = bin > d.quartiles[j]!.length ? NaN : truncatedNormal(d.means[j]![bin]!, d.stds[j]![bin]!, d.mins[j]![bin]!, d.maxs[j]![bin]!, rng);
    }
  }
  return { binary, inverse };
}

export interface LimeFit {
  intercept: number;
  /** Surrogate coefficient per feature (0 for features not selected). */
  coef: Float64Array;
  used: number[];
  /** Weighted R² of the surrogate on the samples (lime's `score`). */
  score: number;
  /** Surrogate prediction at x (lime's `local_pred`). */
  localPred: number;
}

interface Ridge {
  intercept: number;
  coef: Float64Array;
  score: number;
}

/** sklearn's Ridge(alpha, fit_intercept=True).fit(X[:, cols], y, sample_weight=w) and its weighted R² score. */
function ridge(data: Float64Array, k: number, F: number, cols: readonly number[], y: Float64Array, w: Float64Array, alpha: number): Ridge {
  const d = cols.length;
  let sw = 0;
  let ym = 0;
  const xm = new Float64Array(d);
  for (let s = 0; s < k; s++) {
    sw += w[s]!;
    ym += w[s]! * y[s]!;
    for (let i = 0; i < d; i++) xm[i]! += w[s]! * data[s * F + cols[i]!]!;
  }
  ym /= sw;
  for (let i = 0; i < d; i++) xm[i]! /= sw;
  const A = new Float64Array(d * d);
  const b = new Float64Array(d);
  for (let s = 0; s < k; s++) {
    const yc = y[s]! - ym;
    for (let i = 0; i < d; i++) {
      const wi = w[s]! * (data[s * F + cols[i]!]! - xm[i]!);
      b[i]! += wi * yc;
      for (let j = 0; j < d; j++) A[i * d + j]! += wi * (data[s * F + cols[j]!]! - xm[j]!);
    }
  }
  for (let i = 0; i < d; i++) A[i * d + i]! += alpha;
  let coef: Float64Array;
  try {
    coef = d === 0 ? new Float64Array(0) : solveLinear(A, b, d);
  } catch {
    // A constant column makes the unregularised (alpha = 0) system singular; sklearn falls back to lstsq,
    // whose minimum-norm solution the limit of a vanishing ridge reproduces.
    for (let i = 0; i < d; i++) A[i * d + i]! += 1e-10;
    coef = solveLinear(A, b, d);
  }
  let intercept = ym;
  for (let i = 0; i < d; i++) intercept -= xm[i]! * coef[i]!;
  let ssRes = 0;
  let ssTot = 0;
  for (let s = 0; s < k; s++) {
    let p = intercept;
    for (let i = 0; i < d; i++) p += coef[i]! * data[s * F + cols[i]!]!;
    ssRes += w[s]! * (y[s]! - p) ** 2;
    ssTot += w[s]! * (y[s]! - ym) ** 2;
  }
  return { intercept, coef, score: ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot };
}

/**
 * lime's LimeBase.explain_instance_with_data on the binary sample matrix (row 0 = x, all ones) and the model
 * outputs y: distances d_s = ‖data_s − data_0‖₂, weights sqrt(exp(−d²/width²)); feature selection 'auto'
 * (forward_selection when numFeatures ≤ 6, else highest_weights: the largest |coef·x| of a weighted
 * Ridge(alpha=0.01)); then a weighted Ridge(alpha=1) on the selected features.
 */
export function limeFit(data: Float64Array, y: Float64Array, k: number, F: number, kernelWidth: number, numFeatures = 10, selection: LimeFeatureSelection = 'auto'): LimeFit {
  const w = new Float64Array(k);
  for (let s = 0; s < k; s++) {
    let d2 = 0;
    for (let j = 0; j < F; j++) d2 += (data[s * F + j]! - data[j]!) ** 2;
    w[s] = Math.sqrt(Math.exp(-d2 / (kernelWidth * kernelWidth)));
  }
  const all = Array.from({ length: F }, (_, j) => j);
  const method = selection === 'auto' ? (numFeatures <= 6 ? 'forward_selection' : 'highest_weights') : selection;
  let used: number[];
  if (method === 'none') used = all;
  else if (method === 'forward_selection') {
    used = [];
    for (let step = 0; step < Math.min(numFeatures, F); step++) {
      let best = 0;
      let max = -100000000;
      for (const j of all) {
        if (used.includes(j)) continue;
        const score = ridge(data, k, F, [...used, j], y, w, 0).score;
        if (score > max) {
          best = j;
          max = score;
        }
      }
      used.push(best);
    }
  } else {
    const fit = ridge(data, k, F, all, y, w, 0.01);
    used = all
      .map((j) => [j, fit.coef[j]! * data[j]!] as const)
      .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
      .slice(0, numFeatures)
      .map(([j]) => j);
  }
  const fit = ridge(data, k, F, used, y, w, 1);
  const coef = new Float64Array(F);
  let localPred = fit.intercept;
  used.forEach((j, i) => {
    coef[j] = fit.coef[i]!;
    localPred += fit.coef[i]! * data[j]!;
  });
  return { intercept: fit.intercept, coef, used, score: fit.score, localPred };
}

/** What LIME explains: the margin for identity links, else the output (probabilities per class, values). */
export function limeTarget(model: Model, X: FeatureMatrix, n: number): Float64Array {
  const margin = model.predictMargin(X, n);
  return model.link === 'identity' ? margin : transformMargin(model.link, 'probability', margin, n, model.numGroups);
}

export interface LimeResult {
  /** n × groups: per row and class the surrogate fit. */
  fits: LimeFit[];
  /** n × groups: the explained output at x. */
  target: Float64Array;
}

/** LIME tabular (Ribeiro et al. 2016) with lime's defaults, for rows X given training rows `train`. */
export function limeTabular(model: Model, X: FeatureMatrix, n: number, train: { X: FeatureMatrix; n: number }, options: LimeOptions = {}): LimeResult {
  const F = model.numFeatures;
  const G = model.numGroups;
  checkMatrix(X, n, F);
  checkMatrix(train.X, train.n, F);
  const numSamples = options.numSamples ?? 5000;
  if (!(Number.isInteger(numSamples) && numSamples >= 2)) throw new InputError('BAD_ARGUMENT', `LIME needs at least 2 samples per row (got ${numSamples}).`, {});
  if (train.n < 1) throw new InputError('BAD_ARGUMENT', 'LIME needs at least one training (background) row.', {});
  const width = options.kernelWidth ?? 0.75 * Math.sqrt(F);
  const disc = quartileDiscretizer(train.X, train.n, F);
  const rng = mulberry32(options.seed ?? 0);
  const fits: LimeFit[] = [];
  const target = new Float64Array(n * G);
  for (let r = 0; r < n; r++) {
    const { binary, inverse } = limeSamples(disc, X.subarray(r * F, (r + 1) * F), F, numSamples, rng);
    const y = limeTarget(model, inverse, numSamples);
    for (let g = 0; g < G; g++) {
      const yg = G === 1 ? y : Float64Array.from({ length: numSamples }, (_, s) => y[s * G + g]!);
      target[r * G + g] = yg[0]!;
      fits.push(limeFit(binary, yg, numSamples, F, width, options.numFeatures ?? 10, options.featureSelection ?? 'auto'));
    }
    options.onProgress?.((r + 1) / n);
  }
  return { fits, target };
}

/**
 * LIME tabular for any model: per row the surrogate's coefficients on "feature in x's quartile bin" indicators.
 * Contributions are in the explained output (probability for classifiers, else the value); the base value is
 * the mean intercept, each row also carries its own intercept and fit score.
 */
export const limeExplainer: Explainer = {
  id: 'lime',
  label: 'LIME (tabular)',
  supports: () => true,
  explain(model, X, n, options = {}) {
    const train = requireBackground(options, 'lime');
    const seed = options.seed ?? 0;
    const F = model.numFeatures;
    const G = model.numGroups;
    const { fits, target } = limeTabular(model, X, n, train, { seed, ...(options.nsamples === undefined ? {} : { numSamples: options.nsamples }), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const pred = model.transform(model.predictMargin(X, n), n);
    const features = featureNamesOf(model);
    const meanAbs = new Float64Array(F);
    const meanIntercept = new Float64Array(G);
    let maxAbsError = 0;
    const perClass = <T>(f: (g: number) => T): T | T[] => (G === 1 ? f(0) : Array.from({ length: G }, (_, g) => f(g)));
    const rows: ExplainRow[] = [];
    for (let r = 0; r < n; r++) {
      for (let g = 0; g < G; g++) {
        const fit = fits[r * G + g]!;
        for (let j = 0; j < F; j++) meanAbs[j]! += Math.abs(fit.coef[j]!) / n;
        meanIntercept[g]! += fit.intercept / n;
        maxAbsError = Math.max(maxAbsError, Math.abs(fit.localPred - target[r * G + g]!));
      }
      rows.push({
        index: options.rowIndices?.[r] ?? r,
        prediction: model.outputWidth === 1 ? pred[r]! : Array.from(pred.subarray(r * G, (r + 1) * G)),
        contributions: perClass((g) => Array.from(fits[r * G + g]!.coef)) as number[] | number[][],
        intercept: perClass((g) => fits[r * G + g]!.intercept),
        fitScore: perClass((g) => fits[r * G + g]!.score),
      });
    }
    return {
      model: options.modelName ?? 'model',
      dataset: options.datasetName ?? 'dataset',
      method: 'lime',
      algorithm: 'surrogate',
      output: model.link === 'identity' || model.outputKind === 'value' ? 'value' : 'probability',
      features,
      baseValue: perClass((g) => meanIntercept[g]!),
      rows,
      global: features.map((feature, j) => ({ feature, meanAbs: meanAbs[j]! })).sort((a, b) => b.meanAbs - a.meanAbs),
      additivity: { maxAbsError },
      sampling: { seed, nsamples: options.nsamples ?? 5000, background: train.n, exact: false },
    };
  },
};
