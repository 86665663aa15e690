/**
 * A numeric column's finite values as distinct values (ascending) with their counts: enough for exact
 * quantiles and histograms of a low-cardinality column without its rows.
 */
export interface ValueCounts {
  values: Float64Array;
  counts: Float64Array;
}

/** Sorts (value, count) pairs by value. Values must be distinct and finite. */
export function valueCounts(pairs: readonly (readonly [number, number])[]): ValueCounts {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  return { values: Float64Array.from(sorted, (p) => p[0]), counts: Float64Array.from(sorted, (p) => p[1]) };
}

/**
 * numpy.percentile(x, 100q) (the default 'linear' method) of the sample the counts describe, for each level q:
 * h = (N − 1)·q, then interpolation between the order statistics ⌊h⌋ and ⌊h⌋ + 1, found by walking the
 * cumulative counts. The same arithmetic as stats/percentileSorted on the expanded sample. NaN when N = 0.
 */
export function quantilesFromCounts(vc: ValueCounts, levels: readonly number[]): number[] {
  let total = 0;
  for (const c of vc.counts) total += c;
  // The order statistic of rank r (0-based): the value whose cumulative count first exceeds r.
  const at = (r: number): number => {
    let seen = 0;
    for (let k = 0; k < vc.values.length; k++) {
      seen += vc.counts[k]!;
      if (r < seen) return vc.values[k]!;
    }
    return NaN;
  };
  return levels.map((q) => {
    if (total === 0) return NaN;
    const h = (total - 1) * q;
    const lo = Math.floor(h);
    const a = at(lo);
    return a + (h - lo) * (at(Math.min(total - 1, lo + 1)) - a);
  });
}

/**
 * numpy.histogram's counts over `edges` (bins + 1 equal-width edges from histogramEdges): bin =
 * trunc((x − first)·bins/(last − first)) clamped to the last bin, then moved down if x < edges[bin] or up if
 * x ≥ edges[bin + 1] (never past the last bin), the rule histogramExactSql applies in SQL.
 */
export function histogramFromCounts(vc: ValueCounts, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const first = edges[0]!;
  const norm = bins / (edges[bins]! - first);
  const out = new Array<number>(bins).fill(0);
  for (let k = 0; k < vc.values.length; k++) {
    const x = vc.values[k]!;
    let b = Math.min(Math.trunc((x - first) * norm), bins - 1);
    if (x < edges[b]!) b--;
    else if (b < bins - 1 && x >= edges[b + 1]!) b++;
    out[b]! += vc.counts[k]!;
  }
  return out;
}
