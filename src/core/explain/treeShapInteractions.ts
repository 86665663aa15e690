import type { FeatureMatrix, TreeEnsemble } from '../models/types';
import { checkMatrix, toFloat32 } from '../models/xgboost/predict';
import { createPathShap } from './pathShap';
import { treeShap } from './treeShap';

/**
 * SHAP interaction values (Lundberg et al. 2020, "From local explanations to global understanding
 * with explainable AI for trees", Nature Machine Intelligence, Methods: the Shapley interaction
 * index computed by conditioning TreeSHAP on feature i being present / absent):
 *   Φ_ij = (φ_j | i on − φ_j | i off) / 2 for i ≠ j,   Φ_ii = φ_i − Σ_{j≠i} Φ_ij,
 * and the bias row/column is zero except Φ_FF = bias, exactly as XGBoost's
 * PredictInteractionContributions (pred_interactions=True). Rows of Φ sum to the SHAP values.
 * Layout: n × groups × (F + 1) × (F + 1), row-major. Only features a tree splits on are conditioned on
 * in that tree (for the others φ|on = φ|off).
 */
export function treeShapInteractions(e: TreeEnsemble, baseMargin: number, X: FeatureMatrix, n: number, numFeatures: number): Float64Array {
  checkMatrix(X, n, numFeatures);
  const x32 = toFloat32(X);
  const groups = e.numGroups;
  const w = numFeatures + 1;
  const phi = treeShap(e, baseMargin, x32, n, numFeatures);
  const out = new Float64Array(n * groups * w * w);
  const shap = createPathShap(e);
  const used = usedFeatures(e);
  const on = new Float64Array(w);
  const off = new Float64Array(w);
  for (let r = 0; r < n; r++) {
    for (let t = 0; t < e.numTrees; t++) {
      const g = e.treeGroup[t]!;
      const base = (r * groups + g) * w * w;
      for (const i of used[t]!) {
        on.fill(0);
        off.fill(0);
        shap.run(e.treeOffsets[t]!, x32, r * numFeatures, on, 0, e.treeWeight[t]!, 1, i);
        shap.run(e.treeOffsets[t]!, x32, r * numFeatures, off, 0, e.treeWeight[t]!, -1, i);
        for (let j = 0; j < numFeatures; j++) if (j !== i) out[base + i * w + j]! += (on[j]! - off[j]!) / 2;
      }
    }
    for (let g = 0; g < groups; g++) {
      const base = (r * groups + g) * w * w;
      const phiBase = (r * groups + g) * w;
      for (let i = 0; i < numFeatures; i++) {
        let offDiagonal = 0;
        for (let j = 0; j < numFeatures; j++) if (j !== i) offDiagonal += out[base + i * w + j]!;
        out[base + i * w + i] = phi[phiBase + i]! - offDiagonal;
      }
      out[base + numFeatures * w + numFeatures] = phi[phiBase + numFeatures]!;
    }
  }
  return out;
}

/** Distinct split features of each tree. */
function usedFeatures(e: TreeEnsemble): number[][] {
  const lists: number[][] = [];
  for (let t = 0; t < e.numTrees; t++) {
    const set = new Set<number>();
    for (let i = e.treeOffsets[t]!; i < e.treeOffsets[t + 1]!; i++) if (e.left[i] !== -1) set.add(e.feature[i]!);
    lists.push([...set].sort((a, b) => a - b));
  }
  return lists;
}
