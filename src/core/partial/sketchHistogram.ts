import { GAMMA, ZERO_LIMIT, type LogSketch } from '../health/sketch';

/**
 * A histogram over `edges` rebuilt from a log-bucket sketch (health/sketch.ts): each bucket's count is spread over
 * the bins its value range [γ^(i−1), γ^i] (mirrored for negatives, ±ZERO_LIMIT for the zero bucket), clipped to
 * [min, max], in proportion to the overlap (values taken as uniform inside a bucket), then rounded to whole counts
 * by largest remainders so the bins add up to the sketch's count. Only the buckets that straddle a bin edge can
 * put a value in the neighbouring bin.
 */
export function sketchHistogram(s: LogSketch, edges: readonly number[]): number[] {
  const bins = edges.length - 1;
  const lo = edges[0]!;
  const hi = edges[bins]!;
  const acc = new Array<number>(bins).fill(0);
  const spread = (a: number, b: number, count: number): void => {
    const x0 = Math.max(lo, Math.min(hi, a));
    const x1 = Math.max(lo, Math.min(hi, b));
    if (!(x1 > x0)) {
      // A bucket outside [min, max] or of no width: its values are at the clamped point.
      let k = bins - 1;
      while (k > 0 && x0 < edges[k]!) k--;
      acc[k]! += count;
      return;
    }
    for (let k = 0; k < bins; k++) {
      const o = Math.min(x1, edges[k + 1]!) - Math.max(x0, edges[k]!);
      if (o > 0) acc[k]! += (count * o) / (x1 - x0);
    }
  };
  for (const [i, c] of s.positive) spread(Math.pow(GAMMA, i - 1), Math.pow(GAMMA, i), c);
  for (const [i, c] of s.negative) spread(-Math.pow(GAMMA, i), -Math.pow(GAMMA, i - 1), c);
  if (s.zero > 0) spread(-ZERO_LIMIT, ZERO_LIMIT, s.zero);
  const total = Math.round(acc.reduce((a, b) => a + b, 0));
  const out = acc.map(Math.floor);
  const order = acc.map((v, k) => [v - Math.floor(v), k] as const).sort((a, b) => b[0] - a[0]);
  for (let r = total - out.reduce((a, b) => a + b, 0), j = 0; r > 0 && j < order.length; r--, j++) out[order[j]![1]]! += 1;
  return out;
}
