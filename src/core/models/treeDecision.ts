import type { CategorySplits, TreeEnsemble } from './types';

/**
 * Whether category value x goes left at a categorical node: NaN takes the node's default child; a value outside
 * the set's range (negative, or beyond its last word) goes as `outsideLeft` says (right when absent, as LightGBM);
 * otherwise bit trunc(x) of the node's set decides.
 */
export function categoryGoesLeft(c: CategorySplits, node: number, x: number, defaultLeft: boolean): boolean {
  if (x !== x) return defaultLeft;
  const ci = c.index[node]!;
  if (!(x >= 0) || x >= 2 ** 31) return c.outsideLeft?.[ci] === 1;
  const k = Math.trunc(x);
  const word = c.offsets[ci]! + (k >>> 5);
  if (word >= c.offsets[ci + 1]!) return c.outsideLeft?.[ci] === 1;
  return ((c.bits[word]! >>> (k & 31)) & 1) === 1;
}

/**
 * The split rule of every tree model in Model Lens (see TreeEnsemble): numerical nodes send x left when
 * x < threshold, right when x >= threshold, NaN to the default child; categorical nodes (LightGBM) by set
 * membership. x is the float32 value of the feature.
 */
export function goesLeft(e: TreeEnsemble, node: number, x: number): boolean {
  const c = e.categories;
  if (c && c.index[node]! >= 0) return categoryGoesLeft(c, node, x, e.defaultLeft[node] === 1);
  const t = e.threshold[node]!;
  return x < t ? true : x >= t ? false : e.defaultLeft[node] === 1;
}
