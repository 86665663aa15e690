import { InputError } from '../errors';
import type { FeatureMatrix, Model } from '../models/types';
import { checkMatrix } from '../models/xgboost/predict';
import { mulberry32, type RandomSource } from '../random';
import { backgroundWeights, coalitionValues, solveLinear, varyingFeatures, type Background } from './coalitions';
import type { Explainer, ExplainOptions } from './explainer';
import { shapReport } from './shapReport';

export interface SamplingShapOptions {
  /** Coalitions evaluated per row (kernel; default 2M + 2048 as shap) or permutations (permutation explainer). */
  nsamples?: number;
  seed?: number;
  /** Called with the fraction of rows done. */
  onProgress?: (fraction: number) => void;
}

export interface ShapResult {
  /** n × groups × (F + 1) in margin space; the last column is the base value E_b[f(z_b)]. */
  values: Float64Array;
  /** Per group, the weighted mean margin over the background. */
  baseValue: Float64Array;
  /** Per row, whether every coalition was evaluated (exact Shapley values, no sampling). */
  exact: boolean[];
}

/**
 * Kernel SHAP (Lundberg & Lee 2017, §4.1), following shap's KernelExplainer: the Shapley values of the
 * interventional game v(S) = E_b[f(x_S, z_b)] are the solution of a weighted least-squares fit of v over
 * coalitions S with the Shapley kernel π(S) = (M−1) / (C(M,|S|) |S| (M−|S|)), constrained so that
 * Σφ = f(x) − E[f] (the constraint eliminates the last varying feature, as shap does).
 * Coalitions: subset sizes s and M−s are paired; while the sample budget covers every subset of a size
 * (budget × its remaining kernel weight / count ≥ 1), all of them are enumerated with their exact weight;
 * the rest are drawn at random (size ∝ kernel weight, members uniformly, each with its complement),
 * duplicates adding weight, and the drawn weights rescaled to the remaining kernel mass. When the budget
 * covers all 2^M − 2 coalitions the result is exact. Features equal to every background row get φ = 0.
 * Differences from shap: no l1 feature selection (shap's l1_reg='auto' only applies below 20% coverage);
 * a seeded mulberry32 source instead of numpy's global RNG, so values differ from shap's by sampling noise.
 */
export function kernelShap(model: Model, X: FeatureMatrix, n: number, bg: Background, options: SamplingShapOptions = {}): ShapResult {
  const F = model.numFeatures;
  const G = model.numGroups;
  checkMatrix(X, n, F);
  checkMatrix(bg.X, bg.n, F);
  if (options.nsamples !== undefined && !(Number.isInteger(options.nsamples) && options.nsamples >= 1)) {
    throw new InputError('BAD_ARGUMENT', `Kernel SHAP nsamples must be a positive whole number (got ${options.nsamples}).`, {});
  }
  const w = backgroundWeights(bg);
  const rng = mulberry32(options.seed ?? 0);
  const fnull = coalitionValues(model, new Float64Array(F), bg, w, new Uint8Array(F), 1);
  const fxAll = model.predictMargin(X, n);
  const W = F + 1;
  const values = new Float64Array(n * G * W);
  const exact: boolean[] = [];
  for (let r = 0; r < n; r++) {
    const x = X.subarray(r * F, (r + 1) * F);
    const fx = fxAll.subarray(r * G, (r + 1) * G);
    const varying = varyingFeatures(x, bg, F);
    const M = varying.length;
    const phi = (g: number, j: number, v: number): void => {
      values[(r * G + g) * W + j] = v;
    };
    for (let g = 0; g < G; g++) phi(g, F, fnull[g]!);
    if (M <= 1) {
      for (let g = 0; g < G; g++) if (M === 1) phi(g, varying[0]!, fx[g]! - fnull[g]!);
      exact.push(true);
    } else {
      const { masks, weights, k, isExact } = kernelSamples(M, options.nsamples ?? 2 * M + 2048, rng);
      const full = new Uint8Array(k * F);
      for (let s = 0; s < k; s++) for (let m = 0; m < M; m++) full[s * F + varying[m]!] = masks[s * M + m]!;
      const ey = coalitionValues(model, x, bg, w, full, k);
      for (let g = 0; g < G; g++) {
        const sol = solveKernel(masks, weights, k, M, ey, G, g, fnull[g]!, fx[g]! - fnull[g]!);
        for (let m = 0; m < M; m++) phi(g, varying[m]!, sol[m]!);
      }
      exact.push(isExact);
    }
    options.onProgress?.((r + 1) / n);
  }
  return { values, baseValue: fnull, exact };
}

function binom(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** The coalitions (k × M, 1 = from x) and their kernel weights, as shap's KernelExplainer.explain chooses them. */
export function kernelSamples(M: number, requested: number, rng: RandomSource): { masks: Uint8Array; weights: Float64Array; k: number; isExact: boolean } {
  const nsamples = Math.min(requested, M <= 30 ? 2 ** M - 2 : 2 ** 30);
  const masks = new Uint8Array(nsamples * M);
  const weights = new Float64Array(nsamples);
  let k = 0;
  const add = (mask: Uint8Array, weight: number): void => {
    masks.set(mask, k * M);
    weights[k++] = weight;
  };
  const numSubsetSizes = Math.ceil((M - 1) / 2);
  const numPaired = Math.floor((M - 1) / 2);
  const weightVector = Array.from({ length: numSubsetSizes }, (_, i) => (M - 1) / ((i + 1) * (M - i - 1)));
  if (numPaired !== numSubsetSizes) weightVector[numSubsetSizes - 1]! /= 2;
  const total = weightVector.reduce((a, b) => a + b, 0);
  for (let i = 0; i < numSubsetSizes; i++) weightVector[i]! /= total;
  let remaining = weightVector.slice();
  let numFull = 0;
  let left = nsamples;
  const mask = new Uint8Array(M);
  for (let size = 1; size <= numSubsetSizes; size++) {
    const paired = size <= numPaired;
    const nsubsets = binom(M, size) * (paired ? 2 : 1);
    if (!((left * remaining[size - 1]!) / nsubsets >= 1 - 1e-8)) break;
    numFull++;
    left -= nsubsets;
    if (remaining[size - 1]! < 1) {
      const d = 1 - remaining[size - 1]!;
      remaining = remaining.map((v) => v / d);
    }
    const wt = weightVector[size - 1]! / binom(M, size) / (paired ? 2 : 1);
    // Every subset of `size` members, in lexicographic order (itertools.combinations).
    const idx = Array.from({ length: size }, (_, i) => i);
    for (;;) {
      mask.fill(0);
      for (const i of idx) mask[i] = 1;
      add(mask, wt);
      if (paired) {
        for (let i = 0; i < M; i++) mask[i] = 1 - mask[i]!;
        add(mask, wt);
      }
      let p = size - 1;
      while (p >= 0 && idx[p] === M - size + p) p--;
      if (p < 0) break;
      idx[p]!++;
      for (let q = p + 1; q < size; q++) idx[q] = idx[q - 1]! + 1;
    }
  }
  const nfixed = k;
  let samplesLeft = nsamples - k;
  if (numFull !== numSubsetSizes && samplesLeft > 0) {
    const rw = weightVector.map((v, i) => (i < numPaired ? v / 2 : v)).slice(numFull);
    const rs = rw.reduce((a, b) => a + b, 0);
    const cdf: number[] = [];
    let acc = 0;
    for (const v of rw) cdf.push((acc += v / rs));
    const used = new Map<string, number>();
    const perm = Int32Array.from({ length: M }, (_, i) => i);
    for (let draws = 0; samplesLeft > 0 && draws < 4 * (nsamples - nfixed); draws++) {
      const u = rng();
      let ind = 0;
      while (ind < cdf.length - 1 && u >= cdf[ind]!) ind++;
      const size = ind + numFull + 1;
      mask.fill(0);
      for (let i = 0; i < size; i++) {
        const j = i + Math.floor(rng() * (M - i));
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        mask[perm[i]!] = 1;
      }
      const key = mask.join('');
      const at = used.get(key);
      if (at === undefined) {
        used.set(key, k);
        samplesLeft--;
        add(mask, 1);
      } else {
        weights[at]! += 1;
      }
      if (samplesLeft > 0 && size <= numPaired) {
        for (let i = 0; i < M; i++) mask[i] = 1 - mask[i]!;
        if (at === undefined) {
          samplesLeft--;
          add(mask, 1);
        } else {
          weights[at + 1]! += 1;
        }
      }
    }
    const weightLeft = weightVector.slice(numFull).reduce((a, b) => a + b, 0);
    let drawn = 0;
    for (let i = nfixed; i < k; i++) drawn += weights[i]!;
    for (let i = nfixed; i < k; i++) weights[i]! *= weightLeft / drawn;
  }
  return { masks: masks.subarray(0, k * M), weights: weights.subarray(0, k), k, isExact: numFull === numSubsetSizes };
}

/**
 * Constrained weighted least squares: minimise Σ_s π_s (ey_s − fnull − z_s·φ)² subject to Σφ = fx − fnull,
 * by substituting φ_M = Δ − Σ_{m<M} φ_m (shap's KernelExplainer.solve). Returns φ over the M varying features.
 */
function solveKernel(masks: Uint8Array, weights: Float64Array, k: number, M: number, ey: Float64Array, G: number, g: number, fnull: number, delta: number): Float64Array {
  const d = M - 1;
  const A = new Float64Array(d * d);
  const b = new Float64Array(d);
  const e = new Float64Array(d);
  for (let s = 0; s < k; s++) {
    const last = masks[s * M + d]!;
    const y = ey[s * G + g]! - fnull - last * delta;
    for (let i = 0; i < d; i++) e[i] = masks[s * M + i]! - last;
    const ws = weights[s]!;
    for (let i = 0; i < d; i++) {
      const wi = ws * e[i]!;
      if (wi === 0) continue;
      b[i]! += wi * y;
      for (let j = 0; j < d; j++) A[i * d + j]! += wi * e[j]!;
    }
  }
  const w = solveLinear(A, b, d);
  const phi = new Float64Array(d + 1);
  let s = 0;
  for (let i = 0; i < d; i++) s += phi[i] = w[i]!;
  phi[d] = delta - s;
  return phi;
}

/** Background rows the agnostic explainers need; refuses a missing one with a fix. */
export function requireBackground(options: ExplainOptions, method: string): Background {
  const bg = options.background;
  if (!bg || bg.n < 1) {
    throw new InputError('BAD_ARGUMENT', `The ${method} explainer needs background rows (options.background; the CLI's --background N draws them from the dataset).`, { method });
  }
  return bg;
}

/** Kernel SHAP for any model (interventional Shapley values in margin space). */
export const kernelExplainer: Explainer = {
  id: 'kernel',
  label: 'Kernel SHAP',
  supports: () => true,
  explain(model, X, n, options = {}) {
    const bg = requireBackground(options, 'kernel');
    const seed = options.seed ?? 0;
    const res = kernelShap(model, X, n, bg, { seed, ...(options.nsamples === undefined ? {} : { nsamples: options.nsamples }), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const report = shapReport(model, X, n, res.values, res.baseValue, options, 'kernel', 'interventional');
    return { ...report, sampling: { seed, nsamples: options.nsamples ?? null, background: bg.n, exact: res.exact.every(Boolean) } };
  },
};
