/**
 * Increasing isotonic regression with scikit-learn's semantics (IsotonicRegression(out_of_bounds='clip')):
 * equal x values are pooled first (weighted mean of y), the pool-adjacent-violators algorithm makes the means
 * non-decreasing, and prediction interpolates linearly between the fitted points, clipping x to the fitted
 * range. O(n log n) to fit (a sort), O(log m) per prediction.
 */
export interface IsotonicFit {
  x: Float64Array;
  y: Float64Array;
}

export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>): IsotonicFit {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  // Pool equal x: value = mean y, weight = count.
  const ux: number[] = [];
  const sy: number[] = [];
  const uw: number[] = [];
  for (const i of order) {
    const last = ux.length - 1;
    if (last >= 0 && ux[last] === x[i]) {
      sy[last]! += y[i]!;
      uw[last]! += 1;
    } else {
      ux.push(x[i]!);
      sy.push(y[i]!);
      uw.push(1);
    }
  }
  return fitIsotonicPooled(ux, sy.map((v, k) => v / uw[k]!), uw);
}

/** The same fit from distinct ascending x with the mean y and the number of rows at each. */
export function fitIsotonicPooled(ux: ArrayLike<number>, uy: ArrayLike<number>, uw: ArrayLike<number>): IsotonicFit {
  // PAVA over blocks: each block keeps its weighted mean, weight and the last index it covers.
  const mean: number[] = [];
  const weight: number[] = [];
  const end: number[] = [];
  for (let k = 0; k < uy.length; k++) {
    mean.push(uy[k]!);
    weight.push(uw[k]!);
    end.push(k);
    while (mean.length > 1 && mean[mean.length - 2]! > mean[mean.length - 1]!) {
      const w = weight[weight.length - 2]! + weight[weight.length - 1]!;
      const m = (mean[mean.length - 2]! * weight[weight.length - 2]! + mean[mean.length - 1]! * weight[weight.length - 1]!) / w;
      mean.splice(-2, 2, m);
      weight.splice(-2, 2, w);
      end.splice(-2, 2, end[end.length - 1]!);
    }
  }
  const fitted = new Float64Array(ux.length);
  let start = 0;
  mean.forEach((m, b) => {
    for (let k = start; k <= end[b]!; k++) fitted[k] = m;
    start = end[b]! + 1;
  });
  // Keep the first and last points and every point whose value differs from a neighbour's (interpolation is unchanged).
  const keepX: number[] = [];
  const keepY: number[] = [];
  for (let k = 0; k < ux.length; k++) {
    if (k === 0 || k === ux.length - 1 || fitted[k] !== fitted[k - 1] || fitted[k] !== fitted[k + 1]) {
      keepX.push(ux[k]!);
      keepY.push(fitted[k]!);
    }
  }
  return { x: Float64Array.from(keepX), y: Float64Array.from(keepY) };
}

/** The fitted function at v: linear between fitted points, constant beyond the ends. */
export function predictIsotonic(f: IsotonicFit, v: number, hint = -1): number {
  const { x, y } = f;
  const m = x.length;
  if (m === 0) return NaN;
  if (v <= x[0]! || m === 1) return y[0]!;
  if (v >= x[m - 1]!) return y[m - 1]!;
  let lo = 0;
  let hi = m - 1;
  // A hint k with x[k−1] < v ≤ x[k] (from isotonicWalker) gives the segment directly.
  if (hint > 0 && hint < m && x[hint - 1]! < v && v <= x[hint]!) {
    if (v === x[hint]) return y[hint]!;
    lo = hint - 1;
    hi = hint;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid]! <= v) lo = mid;
    else hi = mid;
  }
  const t = (v - x[lo]!) / (x[hi]! - x[lo]!);
  return y[lo]! + t * (y[hi]! - y[lo]!);
}

/**
 * predictIsotonic for values visited from the highest down: a pointer moves along the fitted points instead of
 * a binary search per value (O(n + m) over a sorted window). Same results.
 */
export function isotonicWalker(f: IsotonicFit): (v: number) => number {
  let k = f.x.length - 1;
  return (v) => {
    while (k > 0 && f.x[k - 1]! >= v) k--;
    return predictIsotonic(f, v, k);
  };
}

/** fitIsotonic for 0/1 labels from the positives' and the negatives' scores, each sorted ascending (no comparator sort). */
export function fitIsotonicBinary(pos: Float64Array, neg: Float64Array): IsotonicFit {
  const x: number[] = [];
  const y: number[] = [];
  const w: number[] = [];
  let i = 0;
  let j = 0;
  while (i < pos.length || j < neg.length) {
    const v = i >= pos.length ? neg[j]! : j >= neg.length ? pos[i]! : Math.min(pos[i]!, neg[j]!);
    let p = 0;
    let q = 0;
    while (i < pos.length && pos[i] === v) { p++; i++; }
    while (j < neg.length && neg[j] === v) { q++; j++; }
    x.push(v);
    y.push(p / (p + q));
    w.push(p + q);
  }
  return fitIsotonicPooled(x, y, w);
}
