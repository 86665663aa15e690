import { categoryGoesLeft } from '../models/treeDecision';
import type { TreeEnsemble } from '../models/types';

/**
 * Per-tree recursion of path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent
 * Individualized Feature Attribution for Tree Ensembles", Algorithm 2), including the conditioning
 * used for SHAP interaction values (Lundberg et al. 2020, Nature MI, Methods). Mirrors XGBoost's
 * RegTree::TreeShap / ExtendPath / UnwindPath / UnwoundPathSum (src/tree/tree_model.cc) so results
 * match pred_contribs; arithmetic is float64 instead of float32.
 *
 * The unique path is kept in flat typed arrays: the segment for depth d starts right after the
 * parent's, so nothing is allocated per row. `condition` = 0 plain SHAP, +1 / -1 = feature
 * `conditionFeature` fixed on / off.
 */
export interface PathShap {
  /** Adds the tree's SHAP values (times `scale`) for one row into phi[phiOffset + feature]. */
  run(root: number, x: Float32Array, rowOffset: number, phi: Float64Array, phiOffset: number, scale: number, condition: number, conditionFeature: number): void;
}

export function createPathShap(e: TreeEnsemble): PathShap {
  const maxd = e.maxDepth + 3;
  const size = (maxd * (maxd + 1)) / 2 + maxd;
  const pFeat = new Int32Array(size);
  const pZero = new Float64Array(size);
  const pOne = new Float64Array(size);
  const pW = new Float64Array(size);
  const { left, right, feature, threshold, defaultLeft, value, cover } = e;
  const cats = e.categories;
  let X: Float32Array = new Float32Array(0);
  let xo = 0;
  let phi: Float64Array = new Float64Array(0);
  let phiO = 0;
  let leafScale = 1;
  let cond = 0;
  let condFeature = -1;

  function extend(u: number, depth: number, zero: number, one: number, feat: number): void {
    pFeat[u + depth] = feat;
    pZero[u + depth] = zero;
    pOne[u + depth] = one;
    pW[u + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      pW[u + i + 1]! += (one * pW[u + i]! * (i + 1)) / (depth + 1);
      pW[u + i] = (zero * pW[u + i]! * (depth - i)) / (depth + 1);
    }
  }

  function unwind(u: number, depth: number, index: number): void {
    const one = pOne[u + index]!;
    const zero = pZero[u + index]!;
    let next = pW[u + depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = pW[u + i]!;
        pW[u + i] = (next * (depth + 1)) / ((i + 1) * one);
        next = tmp - (pW[u + i]! * zero * (depth - i)) / (depth + 1);
      } else {
        pW[u + i] = (pW[u + i]! * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = index; i < depth; i++) {
      pFeat[u + i] = pFeat[u + i + 1]!;
      pZero[u + i] = pZero[u + i + 1]!;
      pOne[u + i] = pOne[u + i + 1]!;
    }
  }

  function unwoundSum(u: number, depth: number, index: number): number {
    const one = pOne[u + index]!;
    const zero = pZero[u + index]!;
    let next = pW[u + depth]!;
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = (next * (depth + 1)) / ((i + 1) * one);
        total += tmp;
        next = pW[u + i]! - tmp * zero * ((depth - i) / (depth + 1));
      } else {
        total += pW[u + i]! / zero / ((depth - i) / (depth + 1));
      }
    }
    return total;
  }

  function recurse(node: number, depth: number, parentU: number, zeroF: number, oneF: number, parentFeat: number, condFrac: number): void {
    if (condFrac === 0) return;
    const u = parentU + depth + 1;
    for (let i = 0; i <= depth; i++) {
      pFeat[u + i] = pFeat[parentU + i]!;
      pZero[u + i] = pZero[parentU + i]!;
      pOne[u + i] = pOne[parentU + i]!;
      pW[u + i] = pW[parentU + i]!;
    }
    if (cond === 0 || condFeature !== parentFeat) extend(u, depth, zeroF, oneF, parentFeat);
    if (left[node] === -1) {
      const v = value[node]! * condFrac * leafScale;
      for (let i = 1; i <= depth; i++) {
        const w = unwoundSum(u, depth, i);
        phi[phiO + pFeat[u + i]!]! += w * (pOne[u + i]! - pZero[u + i]!) * v;
      }
      return;
    }
    const f = feature[node]!;
    const x = X[xo + f]!;
    const t = threshold[node]!;
    const goLeft = cats && cats.index[node]! >= 0 ? categoryGoesLeft(cats, node, x, defaultLeft[node] === 1) : x < t ? true : x >= t ? false : defaultLeft[node] === 1;
    const hot = goLeft ? left[node]! : right[node]!;
    const cold = goLeft ? right[node]! : left[node]!;
    const w = cover[node]!;
    const hotZero = cover[hot]! / w;
    const coldZero = cover[cold]! / w;
    let inZero = 1;
    let inOne = 1;
    let k = 0;
    while (k <= depth && pFeat[u + k] !== f) k++;
    if (k !== depth + 1) {
      inZero = pZero[u + k]!;
      inOne = pOne[u + k]!;
      unwind(u, depth, k);
      depth -= 1;
    }
    let hotFrac = condFrac;
    let coldFrac = condFrac;
    if (cond > 0 && f === condFeature) {
      coldFrac = 0;
      depth -= 1;
    } else if (cond < 0 && f === condFeature) {
      hotFrac *= hotZero;
      coldFrac *= coldZero;
      depth -= 1;
    }
    recurse(hot, depth + 1, u, hotZero * inZero, inOne, f, hotFrac);
    recurse(cold, depth + 1, u, coldZero * inZero, 0, f, coldFrac);
  }

  return {
    run(root, x, rowOffset, out, outOffset, scale, condition, conditionFeature) {
      X = x;
      xo = rowOffset;
      phi = out;
      phiO = outOffset;
      leafScale = scale;
      cond = condition;
      condFeature = conditionFeature;
      // As XGBoost: the root's path segment starts at slot 1; its virtual parent has feature -1.
      recurse(root, 0, 0, 1, 1, -1, 1);
    },
  };
}
