import { binnedFrequencies } from '../binnedFrequencies';
import type { DriftTest } from '../types';

/**
 * Jensen–Shannon distance — Evidently's 'jensenshannon': scipy.spatial.distance.jensenshannon(p, q) (natural
 * log) on binnedFrequencies without empty-bin smoothing (Evidently passes feel_zeroes=False):
 * p, q normalised, m = (p+q)/2, JS = √(½ Σ p ln(p/m) + ½ Σ q ln(q/m)), 0·ln 0 = 0. Range [0, √ln 2].
 */
export const jensenshannon: DriftTest = {
  id: 'jensenshannon',
  label: 'Jensen-Shannon distance',
  appliesTo: ['numeric', 'categorical', 'boolean'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  run(reference, current, options) {
    const f = binnedFrequencies(reference, current, 'jensenshannon', options, false);
    let sp = 0;
    let sq = 0;
    for (let i = 0; i < f.bins; i++) {
      sp += f.reference[i]!;
      sq += f.current[i]!;
    }
    let js = 0;
    for (let i = 0; i < f.bins; i++) {
      const p = f.reference[i]! / sp;
      const q = f.current[i]! / sq;
      const m = (p + q) / 2;
      if (p > 0) js += p * Math.log(p / m);
      if (q > 0) js += q * Math.log(q / m);
    }
    const score = Math.sqrt(Math.max(0, js / 2));
    return { statistic: score, pValue: null, score, details: f.details };
  },
};
