/**
 * Average ranks (1-based) with ties given the mean of the ranks they span — scipy.stats.rankdata(method='average').
 * Also returns the tie term Σ (t³ − t) over tie groups of size t, used by tie-corrected rank tests.
 * O(n log n): one index sort on a Uint32Array; no per-element objects. NaN is not allowed (callers drop it).
 */
export function rank(values: Float64Array): { ranks: Float64Array; tieTerm: number } {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let tieTerm = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = values[order[i]!]!;
    while (j < n && values[order[j]!]! === v) j++;
    const avg = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]!] = avg;
    const t = j - i;
    tieTerm += t * t * t - t;
    i = j;
  }
  return { ranks, tieTerm };
}
