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
 * The ensemble packed for prediction: 4 slots per node in one buffer — [4·left, feature, threshold (float32
 * bits), 4·(1 − defaultLeft)] — so a step touches one 16-byte record and slot offsets need no shift. Leaves
 * loop onto themselves (left = self, threshold NaN, so x >= NaN is false, and NaN's default step is 0): every
 * row then takes exactly the tree's depth in steps, without a data-dependent loop exit, and eight rows can
 * walk a tree in lockstep (independent loads the CPU overlaps).
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
        node[4 * i] = 4 * l;
        node[4 * i + 1] = e.feature[i]!;
        thr[4 * i + 2] = e.threshold[i]!;
        node[4 * i + 3] = 4 * (e.defaultLeft[i]! ^ 1);
      } else {
        node[4 * i] = 4 * i;
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
 * blocks, each tree walking eight rows in lockstep over the packed nodes (see Packed): a step goes to
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
  // One step from slot a: to the left child's slot, + 4 (the right child) when x >= threshold, or when x is
  // NaN and the default is right (slot 3 holds 4 then). Branch-free: data-dependent branches mispredict.
  for (let start = 0; start < n; start += ROW_BLOCK) {
    const end = Math.min(n, start + ROW_BLOCK);
    for (let t = 0; t < e.numTrees; t++) {
      const root = treeOffsets[t]! << 2;
      const D = depth[t]!;
      const g = treeGroup[t]!;
      const w = treeWeight[t]!;
      let r = start;
      for (; r + 7 < end; r += 8) {
        const o = r * F;
        let a0 = root;
        let a1 = root;
        let a2 = root;
        let a3 = root;
        let a4 = root;
        let a5 = root;
        let a6 = root;
        let a7 = root;
        for (let k = 0; k < D; k++) {
          const x0 = x32[o + J[a0 + 1]!]!;
          const x1 = x32[o + F + J[a1 + 1]!]!;
          const x2 = x32[o + 2 * F + J[a2 + 1]!]!;
          const x3 = x32[o + 3 * F + J[a3 + 1]!]!;
          const x4 = x32[o + 4 * F + J[a4 + 1]!]!;
          const x5 = x32[o + 5 * F + J[a5 + 1]!]!;
          const x6 = x32[o + 6 * F + J[a6 + 1]!]!;
          const x7 = x32[o + 7 * F + J[a7 + 1]!]!;
          a0 = J[a0]! + ((+(x0 >= T[a0 + 2]!) << 2) | ((+(x0 !== x0) << 2) & J[a0 + 3]!));
          a1 = J[a1]! + ((+(x1 >= T[a1 + 2]!) << 2) | ((+(x1 !== x1) << 2) & J[a1 + 3]!));
          a2 = J[a2]! + ((+(x2 >= T[a2 + 2]!) << 2) | ((+(x2 !== x2) << 2) & J[a2 + 3]!));
          a3 = J[a3]! + ((+(x3 >= T[a3 + 2]!) << 2) | ((+(x3 !== x3) << 2) & J[a3 + 3]!));
          a4 = J[a4]! + ((+(x4 >= T[a4 + 2]!) << 2) | ((+(x4 !== x4) << 2) & J[a4 + 3]!));
          a5 = J[a5]! + ((+(x5 >= T[a5 + 2]!) << 2) | ((+(x5 !== x5) << 2) & J[a5 + 3]!));
          a6 = J[a6]! + ((+(x6 >= T[a6 + 2]!) << 2) | ((+(x6 !== x6) << 2) & J[a6 + 3]!));
          a7 = J[a7]! + ((+(x7 >= T[a7 + 2]!) << 2) | ((+(x7 !== x7) << 2) & J[a7 + 3]!));
        }
        const q = r * groups + g;
        out[q]! += w * value[a0 >> 2]!;
        out[q + groups]! += w * value[a1 >> 2]!;
        out[q + 2 * groups]! += w * value[a2 >> 2]!;
        out[q + 3 * groups]! += w * value[a3 >> 2]!;
        out[q + 4 * groups]! += w * value[a4 >> 2]!;
        out[q + 5 * groups]! += w * value[a5 >> 2]!;
        out[q + 6 * groups]! += w * value[a6 >> 2]!;
        out[q + 7 * groups]! += w * value[a7 >> 2]!;
      }
      for (; r < end; r++) {
        const o = r * F;
        let a = root;
        for (let k = 0; k < D; k++) {
          const x = x32[o + J[a + 1]!]!;
          a = J[a]! + ((+(x >= T[a + 2]!) << 2) | ((+(x !== x) << 2) & J[a + 3]!));
        }
        out[r * groups + g]! += w * value[a >> 2]!;
      }
    }
  }
  return out;
}
