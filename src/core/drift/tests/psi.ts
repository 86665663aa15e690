import { binnedFrequencies } from '../binnedFrequencies';
import type { DriftTest } from '../types';

/**
 * Population Stability Index — Evidently's 'psi': PSI = Σ (r_i − c_i) · ln(r_i / c_i) over binnedFrequencies
 * with Evidently's empty-bin ε. Distance, drifted when ≥ 0.1.
 */
export const psi: DriftTest = {
  id: 'psi',
  label: 'PSI',
  appliesTo: ['numeric', 'categorical', 'boolean'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  run(reference, current, options) {
    const f = binnedFrequencies(reference, current, 'psi', options, true);
    let s = 0;
    for (let i = 0; i < f.bins; i++) {
      const r = f.reference[i]!;
      const c = f.current[i]!;
      s += (r - c) * Math.log(r / c);
    }
    return { statistic: s, pValue: null, score: s, details: f.details };
  },
};
