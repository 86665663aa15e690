import type { TreeEnsemble } from '../models/types';

const cache = new WeakMap<TreeEnsemble, Float64Array>();

/**
 * Expected output of every subtree under the training distribution recorded in the covers:
 * E[node] = value(node) at a leaf, else (E[l]·cover(l) + E[r]·cover(r)) / cover(node)
 * (XGBoost's FillNodeMeanValues). E[root] is the tree's contribution to the SHAP bias term.
 * Cached per ensemble.
 */
export function nodeMeans(e: TreeEnsemble): Float64Array {
  const hit = cache.get(e);
  if (hit) return hit;
  const means = new Float64Array(e.numNodes);
  const { left, right, value, cover } = e;
  const fill = (node: number): number => {
    if (left[node] === -1) return (means[node] = value[node]!);
    const l = left[node]!;
    const r = right[node]!;
    return (means[node] = (fill(l) * cover[l]! + fill(r) * cover[r]!) / cover[node]!);
  };
  for (let t = 0; t < e.numTrees; t++) fill(e.treeOffsets[t]!);
  cache.set(e, means);
  return means;
}

/** Per group, baseMargin + Σ_t w_t E_t[root]: the expected margin, i.e. the path-dependent TreeSHAP bias. */
export function expectedMargin(e: TreeEnsemble, baseMargin: number): Float64Array {
  const means = nodeMeans(e);
  const bias = new Float64Array(e.numGroups).fill(baseMargin);
  for (let t = 0; t < e.numTrees; t++) bias[e.treeGroup[t]!]! += e.treeWeight[t]! * means[e.treeOffsets[t]!]!;
  return bias;
}
