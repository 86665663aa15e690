import { InputError } from '../../errors';
import { goesLeft } from '../treeDecision';
import type { FeatureMatrix, TreeEnsemble } from '../types';
import { SCORE_CALL_ROWS, scoreRows } from './scoreRows';
import { treeLayout } from './treeLayout';

/** X as float32, like XGBoost's DMatrix; copied only when it is not already a Float32Array. */
export function toFloat32(X: FeatureMatrix): Float32Array {
  return X instanceof Float32Array ? X : Float32Array.from(X);
}

export function checkMatrix(X: FeatureMatrix, n: number, numFeatures: number): void {
  if (!Number.isInteger(n) || n < 0 || X.length !== n * numFeatures) {
    throw new InputError('BAD_ARGUMENT', `Feature matrix has ${X.length} values; expected ${n} rows × ${numFeatures} features = ${n * numFeatures}.`, { n, numFeatures, length: X.length });
  }
}

/**
 * Leaf reached by row `rowOffset` of X in the tree rooted at `root`. A split sends the row left when
 * float32(x) < threshold (both held as float32, so the double comparison is exact), right when
 * x >= threshold, and to the default child when x is NaN — as XGBoost's RegTree::GetNext.
 */
export function leafIndex(e: TreeEnsemble, root: number, X: Float32Array, rowOffset: number): number {
  const { left, right, feature, threshold, defaultLeft } = e;
  let node = root;
  if (e.categories) {
    while (left[node] !== -1) node = goesLeft(e, node, X[rowOffset + feature[node]!]!) ? left[node]! : right[node]!;
    return node;
  }
  while (left[node] !== -1) {
    const x = X[rowOffset + feature[node]!]!;
    const t = threshold[node]!;
    node = x < t ? left[node]! : x >= t ? right[node]! : defaultLeft[node] ? left[node]! : right[node]!;
  }
  return node;
}

/**
 * Margin of a tree ensemble, n × groups row-major: baseMargin + Σ_t w_t · leaf_t(x) per row and group, in
 * float64 (XGBoost accumulates in float32; differences are ~1e-7 relative). Numerical ensembles go through
 * scoreRows (./scoreRows.ts); categorical (LightGBM) ensembles take the per-node rule of treeDecision.ts.
 * predictMarginParallel (./predictWorkers.ts) returns the same bits using worker threads.
 */
export function predictMargin(e: TreeEnsemble, baseMargin: number, X: FeatureMatrix, n: number, numFeatures: number): Float64Array {
  checkMatrix(X, n, numFeatures);
  const x32 = toFloat32(X);
  const groups = e.numGroups;
  const out = new Float64Array(n * groups);
  if (e.categories) {
    const { value, treeOffsets, treeGroup, treeWeight } = e;
    out.fill(baseMargin);
    for (let r = 0; r < n; r++) for (let t = 0; t < e.numTrees; t++) out[r * groups + treeGroup[t]!]! += treeWeight[t]! * value[leafIndex(e, treeOffsets[t]!, x32, r * numFeatures)]!;
    return out;
  }
  const layout = treeLayout(e);
  for (let s = 0; s < n; s += SCORE_CALL_ROWS) scoreRows(layout, baseMargin, x32, numFeatures, s, Math.min(n, s + SCORE_CALL_ROWS), out);
  return out;
}
