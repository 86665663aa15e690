import type { RandomSource } from '../../random';
import { drawCounts, suffixSums } from '../bootstrap';
import { cellMetrics, type BinaryCells } from './binaryCells';
import { BINARY_METRIC_IDS } from './binarySums';

export interface MetricDraws {
  /** draws[m][b]: metric m (BINARY_METRIC_IDS order) in draw b. */
  draws: Float64Array[];
  /** The metrics of the cells as they are (no resampling): equal to the exact values when the cells are exact. */
  center: Float64Array;
}

/**
 * `draws` bootstrap resamples of the rows behind `cells` (positives and negatives of every cell are separate
 * categories of one multinomial draw of n rows), each evaluated with BinarySums. O(draws × cells).
 */
export function binaryBootstrap(c: BinaryCells, draws: number, rng: RandomSource, probabilities: boolean, signal?: AbortSignal): MetricDraws {
  const k = c.length;
  const counts = new Float64Array(2 * k);
  for (let i = 0; i < k; i++) {
    counts[2 * i] = c.pos[i]!;
    counts[2 * i + 1] = c.neg[i]!;
  }
  const suffix = suffixSums(counts);
  const out = BINARY_METRIC_IDS.map(() => new Float64Array(draws));
  const drawn = new Float64Array(2 * k);
  const dp = new Float64Array(k);
  const dn = new Float64Array(k);
  for (let b = 0; b < draws; b++) {
    if (signal?.aborted) break;
    drawCounts(counts, suffix, rng, drawn);
    for (let i = 0; i < k; i++) {
      dp[i] = drawn[2 * i]!;
      dn[i] = drawn[2 * i + 1]!;
    }
    const v = cellMetrics(c, dp, dn, probabilities);
    for (let m = 0; m < v.length; m++) out[m]![b] = v[m]!;
  }
  return { draws: out, center: cellMetrics(c, c.pos, c.neg, probabilities) };
}
