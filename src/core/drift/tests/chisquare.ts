import { chiSquareSf } from '../../stats/chiSquareSf';
import { prepareCounts } from '../prepareCounts';
import type { DriftTest } from '../types';

/**
 * Pearson χ² goodness-of-fit of current counts against reference proportions — Evidently's 'chisquare':
 * scipy.stats.chisquare(f_obs = current counts, f_exp = reference counts · n_cur/n_ref) over the union of
 * categories, df = k − 1. χ² = Σ (O − E)² / E.
 * A category present in the current data but unseen in the reference has E = 0, so χ² = ∞ and p = 0, exactly
 * as Evidently/scipy behave (drift is certain: the current data has a value the reference never had); the
 * unseen categories are listed in details and by categoryChanges. With a single category overall (k = 1)
 * scipy returns NaN; we return χ² = 0, p = 1 (nothing can have drifted).
 */
export const chisquare: DriftTest = {
  id: 'chisquare',
  label: 'Chi-square p-value',
  appliesTo: ['categorical', 'boolean'],
  defaultThreshold: 0.05,
  scoreKind: 'pValue',
  run(reference, current) {
    const a = prepareCounts(reference, current, 'chisquare');
    const k = a.keys.length;
    if (k < 2) return { statistic: 0, pValue: 1, score: 1, details: { categories: a.keys } };
    const scale = a.currentTotal / a.referenceTotal;
    let stat = 0;
    const unseen: string[] = [];
    for (let i = 0; i < k; i++) {
      const e = a.reference[i]! * scale;
      const o = a.current[i]!;
      if (e === 0) {
        unseen.push(a.keys[i]!);
        stat = Infinity;
        continue;
      }
      stat += ((o - e) * (o - e)) / e;
    }
    const p = chiSquareSf(stat, k - 1);
    return { statistic: stat, pValue: p, score: p, details: { df: k - 1, unseenInReference: unseen } };
  },
};
