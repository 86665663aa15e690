import { binnedFrequencies } from '../binnedFrequencies';
import type { DriftTest } from '../types';

/**
 * Total variation distance TVD = ½ Σ |p_i − q_i| on binnedFrequencies (no smoothing); range [0, 1].
 * Evidently's 'TVD' computes the same distance but reports a 1000-round permutation p-value; here the distance
 * itself is the score (drifted when ≥ 0.1), because a permutation test over 1M–10M rows per round is too slow
 * and the distance is what users read. Numeric columns are binned like psi.
 */
export const tvd: DriftTest = {
  id: 'tvd',
  label: 'Total variation distance',
  appliesTo: ['categorical', 'boolean', 'numeric'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  run(reference, current, options) {
    const f = binnedFrequencies(reference, current, 'tvd', options, false);
    let s = 0;
    for (let i = 0; i < f.bins; i++) s += Math.abs(f.reference[i]! - f.current[i]!);
    const score = s / 2;
    return { statistic: score, pValue: null, score, details: f.details };
  },
};
