import { percentileSorted } from '../bias/bootstrap';
import type { RandomSource } from '../random';

/**
 * Percentile bootstrap interval of mean_t − mean_c (Efron & Tibshirani 1993, §13.3): each draw resamples both arms
 * with replacement (independently, sizes fixed) and the interval is the α/2 and 1 − α/2 percentiles of the draws
 * (numpy's linear interpolation). For heavy-tailed metrics such as revenue, where the t interval can be off.
 * `rng` is a seeded source (mulberry32), so the interval is reproducible.
 */
export function bootstrapMeanDiff(t: Float64Array, c: Float64Array, draws: number, rng: RandomSource, alpha = 0.05): [number, number] {
  const diffs = new Float64Array(draws);
  const mean = (x: Float64Array): number => {
    let s = 0;
    const n = x.length;
    for (let i = 0; i < n; i++) s += x[Math.floor(rng() * n)]!;
    return s / n;
  };
  for (let b = 0; b < draws; b++) diffs[b] = mean(t) - mean(c);
  const sorted = Array.from(diffs).sort((a, b) => a - b);
  return [percentileSorted(sorted, alpha / 2), percentileSorted(sorted, 1 - alpha / 2)];
}
