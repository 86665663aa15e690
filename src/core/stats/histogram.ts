/**
 * Counts of `values` in the bins defined by ascending `edges` (length k + 1 for k bins), with numpy.histogram's
 * semantics: bin i is [edges[i], edges[i+1]), the last bin is closed [edges[k−1], edges[k]], values outside
 * [edges[0], edges[k]] are not counted. Binary search per value: O(n log k), one Float64Array out.
 * The edges come from a {@link BinningStrategy} the caller passes in (d3-array's bin().thresholds idea).
 */
export function histogram(values: Float64Array, edges: Float64Array): Float64Array {
  const k = edges.length - 1;
  const counts = new Float64Array(Math.max(k, 0));
  if (k < 1) return counts;
  const lo = edges[0]!;
  const hi = edges[k]!;
  for (let idx = 0; idx < values.length; idx++) {
    const v = values[idx]!;
    if (!(v >= lo && v <= hi)) continue;
    if (v === hi) {
      counts[k - 1]! += 1;
      continue;
    }
    // largest i with edges[i] <= v
    let a = 0;
    let b = k;
    while (b - a > 1) {
      const mid = (a + b) >> 1;
      if (edges[mid]! <= v) a = mid;
      else b = mid;
    }
    counts[a]! += 1;
  }
  return counts;
}

/** Turns (reference, current) numeric samples into shared bin edges. */
export type BinningStrategy = (reference: Float64Array, current: Float64Array) => Float64Array;
