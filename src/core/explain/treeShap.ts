import type { FeatureMatrix, TreeEnsemble } from '../models/types';
import { checkMatrix, toFloat32 } from '../models/xgboost/predict';
import { expectedMargin } from './nodeMeans';
import { createPathShap } from './pathShap';

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2) for a tree ensemble, in
 * margin space. For row r and group g, phi[r, g, j] is feature j's Shapley value of the margin under
 * the cover-weighted conditional expectation E[f(x) | x_S]; phi[r, g, F] is the bias
 * baseMargin + Σ_t w_t E_t[root], so Σ_j phi[r, g, j] + bias = margin[r, g] (local accuracy).
 * Layout matches XGBoost's predict(pred_contribs=True): n × groups × (F + 1), row-major.
 * O(n · trees · leaves · depth²) time.
 */
export function treeShap(e: TreeEnsemble, baseMargin: number, X: FeatureMatrix, n: number, numFeatures: number): Float64Array {
  checkMatrix(X, n, numFeatures);
  const x32 = toFloat32(X);
  const groups = e.numGroups;
  const width = numFeatures + 1;
  const out = new Float64Array(n * groups * width);
  const shap = createPathShap(e);
  const bias = expectedMargin(e, baseMargin);
  for (let r = 0; r < n; r++) {
    for (let g = 0; g < groups; g++) out[(r * groups + g) * width + numFeatures] = bias[g]!;
    for (let t = 0; t < e.numTrees; t++) {
      const phiOffset = (r * groups + e.treeGroup[t]!) * width;
      shap.run(e.treeOffsets[t]!, x32, r * numFeatures, out, phiOffset, e.treeWeight[t]!, 0, -1);
    }
  }
  return out;
}
