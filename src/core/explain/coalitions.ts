import { InputError } from '../errors';
import type { FeatureMatrix, Model } from '../models/types';

/** Background sample of a model-agnostic explainer: n rows × numFeatures, optional non-negative row weights. */
export interface Background {
  X: FeatureMatrix;
  n: number;
  /** Row weights (e.g. cluster sizes of a summarised background); default all equal. */
  weights?: Float64Array;
}

/** Rows handed to one `predictMargin` call: bounds memory (CHUNK × F doubles) while amortising the call. */
const CHUNK = 32768;

/** Normalised background weights (sum 1). @throws InputError BAD_ARGUMENT on an empty or all-zero background. */
export function backgroundWeights(bg: Background): Float64Array {
  if (bg.n < 1) throw new InputError('BAD_ARGUMENT', 'A model-agnostic explainer needs at least one background row.', {});
  const w = bg.weights ? Float64Array.from(bg.weights) : new Float64Array(bg.n).fill(1);
  if (w.length !== bg.n) throw new InputError('BAD_ARGUMENT', `Background has ${bg.n} rows but ${w.length} weights.`, {});
  let s = 0;
  for (const v of w) {
    if (!(v >= 0)) throw new InputError('BAD_ARGUMENT', 'Background weights must be non-negative numbers.', {});
    s += v;
  }
  if (!(s > 0)) throw new InputError('BAD_ARGUMENT', 'Background weights sum to zero.', {});
  for (let i = 0; i < w.length; i++) w[i]! /= s;
  return w;
}

/**
 * Values of the interventional (marginal) coalition game of row x:
 * v(S) = Σ_b w_b · f(x_S, z_b,S̄), the weighted mean over background rows z_b of the model's margin on the
 * hybrid row that takes x's value for features in S and z_b's elsewhere (Janzing et al. 2020; shap's
 * KernelExplainer and PermutationExplainer with an independent masker compute the same quantity).
 * `masks` is k × F (1 = feature from x). Returns k × numGroups, row-major.
 */
export function coalitionValues(model: Model, x: ArrayLike<number>, bg: Background, w: Float64Array, masks: Uint8Array, k: number): Float64Array {
  const F = model.numFeatures;
  const G = model.numGroups;
  const nb = bg.n;
  const out = new Float64Array(k * G);
  const masksPerChunk = Math.max(1, Math.floor(CHUNK / nb));
  const hybrid = new Float64Array(Math.min(k, masksPerChunk) * nb * F);
  for (let m0 = 0; m0 < k; m0 += masksPerChunk) {
    const m1 = Math.min(k, m0 + masksPerChunk);
    let o = 0;
    for (let m = m0; m < m1; m++) {
      for (let b = 0; b < nb; b++) {
        const zo = b * F;
        const mo = m * F;
        for (let j = 0; j < F; j++, o++) hybrid[o] = masks[mo + j] ? x[j]! : bg.X[zo + j]!;
      }
    }
    const rows = (m1 - m0) * nb;
    const margin = model.predictMargin(o === hybrid.length ? hybrid : hybrid.subarray(0, o), rows);
    for (let m = m0; m < m1; m++) {
      for (let b = 0; b < nb; b++) {
        const mo = ((m - m0) * nb + b) * G;
        for (let g = 0; g < G; g++) out[m * G + g]! += w[b]! * margin[mo + g]!;
      }
    }
  }
  return out;
}

/** Features whose value in x differs from some background row (NaN equals NaN); the others get φ = 0. */
export function varyingFeatures(x: ArrayLike<number>, bg: Background, F: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < F; j++) {
    const v = x[j]!;
    for (let b = 0; b < bg.n; b++) {
      const z = bg.X[b * F + j]!;
      if (!(z === v || (z !== z && v !== v))) {
        out.push(j);
        break;
      }
    }
  }
  return out;
}

/**
 * Solves the symmetric positive (semi)definite system A x = b (A is d × d, row-major) by Gaussian elimination
 * with partial pivoting. @throws InputError SINGULAR when a pivot vanishes (rank-deficient design).
 */
export function solveLinear(A: Float64Array, b: Float64Array, d: number): Float64Array {
  const a = Float64Array.from(A);
  const x = Float64Array.from(b);
  let scale = 0;
  for (const v of a) scale = Math.max(scale, Math.abs(v));
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r * d + c]!) > Math.abs(a[p * d + c]!)) p = r;
    if (!(Math.abs(a[p * d + c]!) > 1e-13 * scale)) throw new InputError('SINGULAR', 'The weighted least-squares system is singular; use more samples.', { column: c });
    if (p !== c) {
      for (let k = 0; k < d; k++) [a[c * d + k], a[p * d + k]] = [a[p * d + k]!, a[c * d + k]!];
      [x[c], x[p]] = [x[p]!, x[c]!];
    }
    const piv = a[c * d + c]!;
    for (let r = c + 1; r < d; r++) {
      const f = a[r * d + c]! / piv;
      if (f === 0) continue;
      for (let k = c; k < d; k++) a[r * d + k]! -= f * a[c * d + k]!;
      x[r]! -= f * x[c]!;
    }
  }
  for (let c = d - 1; c >= 0; c--) {
    let s = x[c]!;
    for (let k = c + 1; k < d; k++) s -= a[c * d + k]! * x[k]!;
    x[c] = s / a[c * d + c]!;
  }
  return x;
}
