/**
 * numpy.percentile(x, 100q) with its default 'linear' method, on ascending values: h = (n − 1)·q, then linear
 * interpolation between x[⌊h⌋] and the next value. NaN for no values.
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
