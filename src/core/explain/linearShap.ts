import { InputError } from '../errors';
import type { FeatureMatrix, Model } from '../models/types';
import type { Explainer } from './explainer';
import { shapReport } from './shapReport';

/**
 * Exact SHAP values of an additive model — a linear model, or a pipeline of per-column transforms before one
 * (models/sklearn/linear.ts): margin = intercept + Σ_j t_j(x_j). Under the interventional game against a
 * background B, v(S) = intercept + Σ_{j∈S} t_j(x_j) + Σ_{j∉S} mean_B t_j(z_j), so each feature's Shapley value
 * is t_j(x_j) − mean_B t_j(z_j) and the base value is the mean margin over B (shap's LinearExplainer with
 * feature_perturbation='interventional'; for a plain linear model φ_j = w_j (x_j − mean_B x_j)). A one-hot
 * encoded column counts as one feature. Without options.background the explained rows are the background.
 */
export const linearExplainer: Explainer = {
  id: 'linear',
  label: 'Linear SHAP (exact)',
  supports: (model) => model.additive !== undefined,
  explain(model, X, n, options = {}) {
    const add = model.additive;
    if (!add) throw new InputError('UNSUPPORTED_MODEL', `Linear SHAP needs a linear model; this ${model.kind} model is not additive.`, { kind: model.kind });
    const F = model.numFeatures;
    const G = model.numGroups;
    const bg = options.background ?? { X, n };
    if (bg.n === 0) throw new InputError('BAD_ARGUMENT', 'Linear SHAP needs at least one background row.', {});
    const mean = meanTerms(model, bg.X, bg.n);
    const terms = add.terms(X, n);
    const W = F + 1;
    const phi = new Float64Array(n * G * W);
    const bias = new Float64Array(G);
    for (let g = 0; g < G; g++) {
      let b = add.intercept[g]!;
      for (let j = 0; j < F; j++) b += mean[g * F + j]!;
      bias[g] = b;
    }
    for (let r = 0; r < n; r++) {
      for (let g = 0; g < G; g++) {
        const o = (r * G + g) * W;
        for (let j = 0; j < F; j++) phi[o + j] = terms[(r * G + g) * F + j]! - mean[g * F + j]!;
        phi[o + F] = bias[g]!;
      }
      options.onProgress?.((r + 1) / n);
    }
    return shapReport(model, X, n, phi, bias, options, 'linear', 'interventional');
  },
};

/** Mean of each feature's term over the background, groups × features. */
function meanTerms(model: Model, B: FeatureMatrix, nb: number): Float64Array {
  const F = model.numFeatures;
  const G = model.numGroups;
  const t = model.additive!.terms(B, nb);
  const mean = new Float64Array(G * F);
  for (let r = 0; r < nb; r++) for (let g = 0; g < G; g++) for (let j = 0; j < F; j++) mean[g * F + j]! += t[(r * G + g) * F + j]! / nb;
  return mean;
}
