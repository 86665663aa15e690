import { InputError } from '../../errors';
import { normalSf } from '../../stats/normalSf';
import { prepareCounts } from '../prepareCounts';
import type { DriftTest } from '../types';

/**
 * Two-proportion z-test for binary columns — Evidently's 'z' (proportions_diff_z_test):
 * with the categories sorted and p₁, p₂ the reference / current shares of the second one,
 * P = (p₁n₁ + p₂n₂)/(n₁ + n₂), z = (p₁ − p₂) / √(P(1 − P)(1/n₁ + 1/n₂)), p = 2·(1 − Φ(|z|)),
 * computed as 2·Φ(−|z|) to keep tiny p-values accurate. One category on both sides → z = 0, p = 1 (Evidently).
 * More than two categories → InputError 'TOO_MANY_CATEGORIES'.
 */
export const z: DriftTest = {
  id: 'z',
  label: 'Z-test p-value',
  appliesTo: ['boolean', 'categorical'],
  defaultThreshold: 0.05,
  scoreKind: 'pValue',
  run(reference, current) {
    const a = prepareCounts(reference, current, 'z');
    if (a.keys.length > 2) {
      throw new InputError('TOO_MANY_CATEGORIES', `Drift test 'z' compares two proportions but the column has ${a.keys.length} categories (${a.keys.slice(0, 5).join(', ')}…); use chisquare or jensenshannon.`, { testId: 'z', categories: a.keys.length });
    }
    if (a.keys.length < 2) return { statistic: 0, pValue: 1, score: 1, details: { categories: a.keys } };
    const n1 = a.referenceTotal;
    const n2 = a.currentTotal;
    const p1 = a.reference[1]! / n1;
    const p2 = a.current[1]! / n2;
    const P = (p1 * n1 + p2 * n2) / (n1 + n2);
    const stat = (p1 - p2) / Math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2));
    const p = Math.min(1, 2 * normalSf(Math.abs(stat)));
    return { statistic: stat, pValue: p, score: p, details: { categories: a.keys } };
  },
};
