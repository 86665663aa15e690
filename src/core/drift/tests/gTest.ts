import { chiSquareSf } from '../../stats/chiSquareSf';
import { prepareCounts } from '../prepareCounts';
import type { DriftTest } from '../types';

/**
 * G-test (log-likelihood ratio) — Evidently's 'g_test': scipy.stats.power_divergence(f_obs, f_exp,
 * lambda_='log-likelihood') with the same f_obs / f_exp as chisquare:
 * G = 2 Σ O·ln(O/E) (terms with O = 0 contribute 0), p = χ²_{k−1}.sf(G). E = 0 with O > 0 gives G = ∞, p = 0.
 * k = 1 → G = 0, p = 1.
 */
export const gTest: DriftTest = {
  id: 'g_test',
  label: 'G-test p-value',
  appliesTo: ['categorical', 'boolean'],
  defaultThreshold: 0.05,
  scoreKind: 'pValue',
  run(reference, current) {
    const a = prepareCounts(reference, current, 'g_test');
    const k = a.keys.length;
    if (k < 2) return { statistic: 0, pValue: 1, score: 1, details: { categories: a.keys } };
    const scale = a.currentTotal / a.referenceTotal;
    let g = 0;
    for (let i = 0; i < k; i++) {
      const o = a.current[i]!;
      if (o === 0) continue;
      const e = a.reference[i]! * scale;
      g += e === 0 ? Infinity : 2 * o * Math.log(o / e);
    }
    const p = chiSquareSf(g, k - 1);
    return { statistic: g, pValue: p, score: p, details: { df: k - 1 } };
  },
};
