import { categoryGoesLeft } from '../models/treeDecision';
import { InputError } from '../errors';
import type { FeatureMatrix, TreeEnsemble } from '../models/types';
import { checkMatrix, toFloat32 } from '../models/xgboost/predict';

export interface InterventionalResult {
  /** n × groups × (F + 1): Shapley values; the last column is the bias E_z[f(z)] over the background. */
  values: Float64Array;
  /** Per group, the mean margin over the background (the bias). */
  baseValue: Float64Array;
}

/**
 * Interventional TreeSHAP: Shapley values of the game v(S) = (1/|B|) Σ_{z∈B} f(x_S, z_{S̄}) in margin
 * space, where features in S take x's values and the rest the background row z's (Janzing et al.
 * 2020; Lundberg et al. 2020, "Interventional Tree SHAP"). For one (x, z) pair each leaf is reached
 * iff every split feature where x and z disagree is on the chosen side: features sending the path
 * x's way form A (must be in S), z's way form B (must not be). The indicator game 1[A ⊆ S, B ∩ S = ∅]
 * has Shapley values (|A|−1)!|B|!/(|A|+|B|)! for i ∈ A and −|A|!(|B|−1)!/(|A|+|B|)! for i ∈ B, so a
 * recursive walk that branches only at disagreeing splits is exact. Cost O(n·|B|·trees·leaves).
 * Σ_j φ_j + bias = f(x) for every row.
 */
export function interventionalTreeShap(
  e: TreeEnsemble, baseMargin: number, X: FeatureMatrix, n: number, background: FeatureMatrix, nb: number, numFeatures: number,
): InterventionalResult {
  checkMatrix(X, n, numFeatures);
  checkMatrix(background, nb, numFeatures);
  if (nb === 0) throw new InputError('BAD_ARGUMENT', 'Interventional TreeSHAP needs at least one background row.', {});
  const x32 = toFloat32(X);
  const z32 = toFloat32(background);
  const groups = e.numGroups;
  const width = numFeatures + 1;
  const { left, right, feature, threshold, defaultLeft, value } = e;
  const maxd = e.maxDepth + 1;
  // weight[a][b] = a! b! / (a + b + 1)!: Shapley weight of a coalition with a members of A and b of B besides i.
  const weight: number[][] = [];
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  for (let a = 0; a <= maxd; a++) weight.push(Array.from({ length: maxd + 1 }, (_, b) => (fact(a) * fact(b)) / fact(a + b + 1)));
  const values = new Float64Array(n * groups * width);
  const state = new Int8Array(numFeatures);
  const inA = new Int32Array(maxd);
  const inB = new Int32Array(maxd);
  let nA = 0;
  let nB = 0;
  let xo = 0;
  let zo = 0;
  let po = 0;
  let scale = 1;

  const cats = e.categories;
  const goesLeft = (v: number, node: number): boolean => (cats && cats.index[node]! >= 0 ? categoryGoesLeft(cats, node, v, defaultLeft[node] === 1) : v < threshold[node]! ? true : v >= threshold[node]! ? false : defaultLeft[node] === 1);

  function walk(node: number): void {
    if (left[node] === -1) {
      const v = value[node]! * scale;
      if (nA > 0) { const wA = v * weight[nA - 1]![nB]!; for (let k = 0; k < nA; k++) values[po + inA[k]!]! += wA; }
      if (nB > 0) { const wB = v * weight[nA]![nB - 1]!; for (let k = 0; k < nB; k++) values[po + inB[k]!]! -= wB; }
      return;
    }
    const f = feature[node]!;
    const xl = goesLeft(x32[xo + f]!, node);
    const zl = goesLeft(z32[zo + f]!, node);
    const s = state[f]!;
    if (s === 1 || (s === 0 && xl === zl)) return walk(xl ? left[node]! : right[node]!);
    if (s === 2) return walk(zl ? left[node]! : right[node]!);
    state[f] = 1; inA[nA++] = f;
    walk(xl ? left[node]! : right[node]!);
    nA--; state[f] = 2; inB[nB++] = f;
    walk(zl ? left[node]! : right[node]!);
    nB--; state[f] = 0;
  }

  const baseValue = new Float64Array(groups).fill(baseMargin);
  for (let b = 0; b < nb; b++) {
    for (let t = 0; t < e.numTrees; t++) {
      let node = e.treeOffsets[t]!;
      while (left[node] !== -1) node = goesLeft(z32[b * numFeatures + feature[node]!]!, node) ? left[node]! : right[node]!;
      baseValue[e.treeGroup[t]!]! += (e.treeWeight[t]! * value[node]!) / nb;
    }
  }
  for (let r = 0; r < n; r++) {
    xo = r * numFeatures;
    for (let t = 0; t < e.numTrees; t++) {
      po = (r * groups + e.treeGroup[t]!) * width;
      scale = e.treeWeight[t]! / nb;
      for (let b = 0; b < nb; b++) {
        zo = b * numFeatures;
        walk(e.treeOffsets[t]!);
      }
    }
    for (let g = 0; g < groups; g++) values[(r * groups + g) * width + numFeatures] = baseValue[g]!;
  }
  return { values, baseValue };
}
