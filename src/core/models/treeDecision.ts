import type { CategorySplits, TreeEnsemble } from './types';

/** Whether category value x (as LightGBM: integer part, NaN/negative never) is in node's left set. */
export function categoryGoesLeft(c: CategorySplits, node: number, x: number): boolean {
  if (!(x >= 0)) return false;
  const k = Math.trunc(x);
  const ci = c.index[node]!;
  const word = c.offsets[ci]! + (k >>> 5);
  if (k >= 2 ** 31 || word >= c.offsets[ci + 1]!) return false;
  return ((c.bits[word]! >>> (k & 31)) & 1) === 1;
}

/**
 * The split rule of every tree model in Model Lens (see TreeEnsemble): numerical nodes send x left when
 * x < threshold, right when x >= threshold, NaN to the default child; categorical nodes (LightGBM) by set
 * membership. x is the float32 value of the feature.
 */
export function goesLeft(e: TreeEnsemble, node: number, x: number): boolean {
  const c = e.categories;
  if (c && c.index[node]! >= 0) return categoryGoesLeft(c, node, x);
  const t = e.threshold[node]!;
  return x < t ? true : x >= t ? false : e.defaultLeft[node] === 1;
}
