import { binnedFrequencies } from '../binnedFrequencies';
import type { DriftTest } from '../types';

/**
 * Kullback–Leibler divergence KL(ref ‖ cur) — Evidently's 'kl_div': scipy.stats.entropy(ref, cur) on
 * binnedFrequencies with Evidently's empty-bin ε; entropy renormalises both to sum 1:
 * KL = Σ p_i ln(p_i / q_i). Distance, drifted when ≥ 0.1.
 */
export const klDiv: DriftTest = {
  id: 'kl_div',
  label: 'Kullback-Leibler divergence',
  appliesTo: ['numeric', 'categorical', 'boolean'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  run(reference, current, options) {
    const f = binnedFrequencies(reference, current, 'kl_div', options, true);
    let sp = 0;
    let sq = 0;
    for (let i = 0; i < f.bins; i++) {
      sp += f.reference[i]!;
      sq += f.current[i]!;
    }
    let kl = 0;
    for (let i = 0; i < f.bins; i++) {
      const p = f.reference[i]! / sp;
      const q = f.current[i]! / sq;
      if (p > 0) kl += p * Math.log(p / q);
    }
    return { statistic: kl, pValue: null, score: kl, details: f.details };
  },
};
