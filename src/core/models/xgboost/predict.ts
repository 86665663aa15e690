import { InputError } from '../../errors';
import { goesLeft } from '../treeDecision';
import type { FeatureMatrix, TreeEnsemble } from '../types';

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
 * The ensemble packed for prediction: 4 slots per node in one buffer — [left, feature, threshold (float32
 * bits), 1 − defaultLeft] — so a step touches one 16-byte record. Leaves loop onto themselves (left = self,
 * threshold NaN, so x >= NaN is false and NaN's default flag is 0): every row then takes exactly the tree's
 * depth in steps, without a data-dependent loop exit, and four rows can walk a tree in lockstep.
 */
interface Packed {
  node: Int32Array;
  thr: Float32Array;
  depth: Int32Array;
}

const packedCache = new WeakMap<TreeEnsemble, Packed>();

function pack(e: TreeEnsemble): Packed {
  const hit = packedCache.get(e);
  if (hit) return hit;
  const N = e.numNodes;
  const buf = new ArrayBuffer(N * 16);
  const node = new Int32Array(buf);
  const thr = new Float32Array(buf);
  const nodeDepth = new Int32Array(N);
  const depth = new Int32Array(e.numTrees);
  for (let t = 0; t < e.numTrees; t++) {
    for (let i = e.treeOffsets[t]!; i < e.treeOffsets[t + 1]!; i++) {
      const l = e.left[i]!;
      if (l >= 0) {
        nodeDepth[l] = nodeDepth[e.right[i]!] = nodeDepth[i]! + 1;
        node[4 * i] = l;
        node[4 * i + 1] = e.feature[i]!;
        thr[4 * i + 2] = e.threshold[i]!;
        node[4 * i + 3] = e.defaultLeft[i]! ^ 1;
      } else {
        node[4 * i] = i;
        thr[4 * i + 2] = NaN;
        depth[t] = Math.max(depth[t]!, nodeDepth[i]!);
      }
    }
  }
  const packed = { node, thr, depth };
  packedCache.set(e, packed);
  return packed;
}

/** Rows per block: a tree's nodes stay in cache while it scores the block, like XGBoost's CPU predictor. */
const ROW_BLOCK = 256;

/**
 * Margin of a tree ensemble: m_{r,g} = baseMargin + Σ_{t: group(t)=g} w_t · leaf_t(x_r), n × groups
 * row-major (Chen & Guestrin 2016, XGBoost eq. 1; w_t = DART weight_drop or 1). Rows are processed in
 * blocks, each tree walking four rows in lockstep over the packed nodes (see Packed): a step goes to
 * left + 1 (the right child) when x >= threshold, or when x is NaN and the default is right. Accumulates in
 * float64 (XGBoost accumulates in float32; differences are ~1e-7 relative). Categorical (LightGBM) ensembles
 * take the per-node rule of treeDecision.ts.
 */
export function predictMargin(e: TreeEnsemble, baseMargin: number, X: FeatureMatrix, n: number, numFeatures: number): Float64Array {
  checkMatrix(X, n, numFeatures);
  const x32 = toFloat32(X);
  const groups = e.numGroups;
  const F = numFeatures;
  const out = new Float64Array(n * groups).fill(baseMargin);
  const { value, treeOffsets, treeGroup, treeWeight } = e;
  if (e.categories) {
    for (let r = 0; r < n; r++) for (let t = 0; t < e.numTrees; t++) out[r * groups + treeGroup[t]!]! += treeWeight[t]! * value[leafIndex(e, treeOffsets[t]!, x32, r * F)]!;
    return out;
  }
  const { node: J, thr: T, depth } = pack(e);
  for (let start = 0; start < n; start += ROW_BLOCK) {
    const end = Math.min(n, start + ROW_BLOCK);
    for (let t = 0; t < e.numTrees; t++) {
      const root = treeOffsets[t]! << 2;
      const D = depth[t]!;
      const g = treeGroup[t]!;
      const w = treeWeight[t]!;
      let r = start;
      for (; r + 3 < end; r += 4) {
        const o0 = r * F;
        const o1 = o0 + F;
        const o2 = o1 + F;
        const o3 = o2 + F;
        let a = root;
        let b = root;
        let c = root;
        let d = root;
        for (let k = 0; k < D; k++) {
          const xa = x32[o0 + J[a + 1]!]!;
          const xb = x32[o1 + J[b + 1]!]!;
          const xc = x32[o2 + J[c + 1]!]!;
          const xd = x32[o3 + J[d + 1]!]!;
          a = (J[a]! + (+(xa >= T[a + 2]!) | (+(xa !== xa) & J[a + 3]!))) << 2;
          b = (J[b]! + (+(xb >= T[b + 2]!) | (+(xb !== xb) & J[b + 3]!))) << 2;
          c = (J[c]! + (+(xc >= T[c + 2]!) | (+(xc !== xc) & J[c + 3]!))) << 2;
          d = (J[d]! + (+(xd >= T[d + 2]!) | (+(xd !== xd) & J[d + 3]!))) << 2;
        }
        out[r * groups + g]! += w * value[a >> 2]!;
        out[(r + 1) * groups + g]! += w * value[b >> 2]!;
        out[(r + 2) * groups + g]! += w * value[c >> 2]!;
        out[(r + 3) * groups + g]! += w * value[d >> 2]!;
      }
      for (; r < end; r++) {
        const o0 = r * F;
        let a = root;
        for (let k = 0; k < D; k++) {
          const xa = x32[o0 + J[a + 1]!]!;
          a = (J[a]! + (+(xa >= T[a + 2]!) | (+(xa !== xa) & J[a + 3]!))) << 2;
        }
        out[r * groups + g]! += w * value[a >> 2]!;
      }
    }
  }
  return out;
}
