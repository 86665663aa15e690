import { InputError } from '../../errors';
import { goesLeft } from '../treeDecision';
import type { FeatureMatrix, TreeEnsemble } from '../types';

const BLOCK = 128;

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
 * Margin of a tree ensemble: m_{r,g} = baseMargin + Σ_{t: group(t)=g} w_t · leaf_t(x_r), n × groups
 * row-major (Chen & Guestrin 2016, XGBoost eq. 1; w_t = DART weight_drop or 1). Rows are processed
 * in blocks of 128 so a tree stays in cache while it scores a block, like XGBoost's CPU predictor.
 * Accumulates in float64 (XGBoost accumulates in float32; differences are ~1e-7 relative).
 */
export function predictMargin(e: TreeEnsemble, baseMargin: number, X: FeatureMatrix, n: number, numFeatures: number): Float64Array {
  checkMatrix(X, n, numFeatures);
  const x32 = toFloat32(X);
  const groups = e.numGroups;
  const out = new Float64Array(n * groups).fill(baseMargin);
  const { left, feature, threshold, defaultLeft, value, treeOffsets, treeGroup, treeWeight } = e;
  if (e.categories) {
    for (let r = 0; r < n; r++) for (let t = 0; t < e.numTrees; t++) out[r * groups + treeGroup[t]!]! += treeWeight[t]! * value[leafIndex(e, treeOffsets[t]!, x32, r * numFeatures)]!;
    return out;
  }
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    for (let t = 0; t < e.numTrees; t++) {
      const root = treeOffsets[t]!;
      const g = treeGroup[t]!;
      const w = treeWeight[t]!;
      for (let r = start; r < end; r++) {
        const rowOffset = r * numFeatures;
        let node = root;
        let l = left[node]!;
        while (l >= 0) {
          // right = left + 1 (parseTrees numbers children consecutively): go right when x >= threshold,
          // or when x is NaN and the default direction is right. Branch-free.
          const x = x32[rowOffset + feature[node]!]!;
          node = l + (+(x >= threshold[node]!) | (+(x !== x) & (defaultLeft[node]! ^ 1)));
          l = left[node]!;
        }
        out[r * groups + g]! += w * value[node]!;
      }
    }
  }
  return out;
}
