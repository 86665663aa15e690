import { InputError } from '../errors';
import type { FeatureMatrix, Model } from '../models/types';
import { checkMatrix } from '../models/xgboost/predict';
import { mulberry32 } from '../random';
import { backgroundWeights, coalitionValues, varyingFeatures, type Background } from './coalitions';
import type { Explainer } from './explainer';
import { requireBackground, type SamplingShapOptions, type ShapResult } from './kernelShap';
import { shapReport } from './shapReport';

/** Model evaluations per row shap's PermutationExplainer spends by default (max_evals=500). */
const DEFAULT_MAX_EVALS = 500;

/**
 * Permutation SHAP with antithetic sampling (Štrumbelj & Kononenko 2014; shap's PermutationExplainer): for
 * each random permutation π of the varying features, switch features from the background to x in the order
 * of π (forward pass), then switch them back in the same order (the reverse pass is the marginal
 * contribution along the reversed permutation π⁻¹ — the antithetic sample). φ_i is the mean of i's marginal
 * contributions v(S ∪ {i}) − v(S) over the 2·P passes, with v the interventional game E_b[f(x_S, z_b)].
 * Each pass telescopes to f(x) − E[f], so Σφ + base = f(x) holds to rounding for any P, and for an additive
 * model every pass is exact. P = `nsamples` permutations (default ⌊500 / (2M + 1)⌋ ≥ 1, as shap's max_evals).
 */
export function permutationShap(model: Model, X: FeatureMatrix, n: number, bg: Background, options: SamplingShapOptions = {}): ShapResult {
  const F = model.numFeatures;
  const G = model.numGroups;
  checkMatrix(X, n, F);
  checkMatrix(bg.X, bg.n, F);
  if (options.nsamples !== undefined && !(Number.isInteger(options.nsamples) && options.nsamples >= 1)) {
    throw new InputError('BAD_ARGUMENT', `Permutation SHAP needs a positive whole number of permutations (got ${options.nsamples}).`, {});
  }
  const w = backgroundWeights(bg);
  const rng = mulberry32(options.seed ?? 0);
  const fnull = coalitionValues(model, new Float64Array(F), bg, w, new Uint8Array(F), 1);
  const W = F + 1;
  const values = new Float64Array(n * G * W);
  for (let r = 0; r < n; r++) {
    const x = X.subarray(r * F, (r + 1) * F);
    const varying = varyingFeatures(x, bg, F);
    const M = varying.length;
    for (let g = 0; g < G; g++) values[(r * G + g) * W + F] = fnull[g]!;
    if (M > 0) {
      const P = options.nsamples ?? Math.max(1, Math.floor(DEFAULT_MAX_EVALS / (2 * M + 1)));
      const perm = Int32Array.from(varying);
      // Per permutation 2M + 1 coalitions: empty, x's features added one by one, then removed one by one.
      const steps = 2 * M + 1;
      const masks = new Uint8Array(P * steps * F);
      const order: Int32Array[] = [];
      for (let p = 0; p < P; p++) {
        for (let i = M - 1; i > 0; i--) {
          const j = Math.floor(rng() * (i + 1));
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
        order.push(Int32Array.from(perm));
        const base = p * steps * F;
        for (let s = 1; s <= 2 * M; s++) {
          const o = base + s * F;
          masks.copyWithin(o, o - F, o);
          masks[o + perm[s <= M ? s - 1 : s - M - 1]!] = s <= M ? 1 : 0;
        }
      }
      const v = coalitionValues(model, x, bg, w, masks, P * steps);
      for (let p = 0; p < P; p++) {
        const perm_ = order[p]!;
        const at = (s: number, g: number): number => v[(p * steps + s) * G + g]!;
        for (let g = 0; g < G; g++) {
          const o = (r * G + g) * W;
          for (let i = 0; i < M; i++) {
            const j = perm_[i]!;
            values[o + j]! += (at(i + 1, g) - at(i, g) + (at(M + i, g) - at(M + i + 1, g))) / (2 * P);
          }
        }
      }
    }
    options.onProgress?.((r + 1) / n);
  }
  return { values, baseValue: fnull, exact: new Array<boolean>(n).fill(false) };
}

/** Permutation SHAP with antithetic passes for any model (interventional Shapley values in margin space). */
export const permutationExplainer: Explainer = {
  id: 'permutation',
  label: 'Permutation SHAP',
  supports: () => true,
  explain(model, X, n, options = {}) {
    const bg = requireBackground(options, 'permutation');
    const seed = options.seed ?? 0;
    const res = permutationShap(model, X, n, bg, { seed, ...(options.nsamples === undefined ? {} : { nsamples: options.nsamples }), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const report = shapReport(model, X, n, res.values, res.baseValue, options, 'permutation', 'interventional');
    return { ...report, sampling: { seed, nsamples: options.nsamples ?? null, background: bg.n, exact: false } };
  },
};
