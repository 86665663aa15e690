import type { BinningStrategy } from './histogram';

/**
 * Evidently's default binning for numeric drift on frequencies (get_binned_data):
 * numpy.histogram_bin_edges(concat(reference, current), bins='sturges') — equal-width bins between the pooled
 * min and max, width = range / (log₂ N + 1), k = ⌈range / width⌉ bins, edges[i] = min + i·(range/k), last
 * edge = max exactly (numpy.linspace). A constant sample gets the single bin [v − ½, v + ½].
 * Inputs must be free of NaN (drift tests drop it first).
 */
export const sturgesBinning: BinningStrategy = (reference, current) => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const arr of [reference, current]) {
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const n = reference.length + current.length;
  let k = 1;
  if (hi > lo) {
    const width = (hi - lo) / (Math.log2(n) + 1);
    k = Math.ceil((hi - lo) / width);
  } else {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(k + 1);
  const step = (hi - lo) / k;
  for (let i = 0; i < k; i++) edges[i] = i * step + lo;
  edges[k] = hi;
  return edges;
};
