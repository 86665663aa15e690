import { forEachTieGroup } from '../../stats/forEachTieGroup';
import { mannWhitneyExactSf } from '../../stats/mannWhitneyExactSf';
import { normalSf } from '../../stats/normalSf';
import { prepareNumeric } from '../prepareNumeric';
import type { DriftTest } from '../types';

/** Largest n₁·n₂ for the exact distribution (memory O(n₁n₂/2) doubles); beyond it the normal approximation. */
export const MANNW_EXACT_MAX_PRODUCT = 4_000_000;

/**
 * Mann–Whitney U test, two-sided — Evidently's 'mannw': scipy.stats.mannwhitneyu(ref, cur,
 * alternative='two-sided', method='auto') in scipy 1.10. U₁ = R₁ − n₁(n₁+1)/2 from pooled average ranks (one
 * merge of the sorted samples), U = max(U₁, n₁n₂ − U₁).
 * 'auto' = exact when min(n₁, n₂) ≤ 8 and there are no ties: p = 2·P(U' ≥ U) from the exact null distribution
 * (we additionally require n₁n₂ ≤ MANNW_EXACT_MAX_PRODUCT; scipy has no such cap). Otherwise the normal
 * approximation with tie correction and continuity correction:
 * z = (U − n₁n₂/2 − ½)/√(n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1)))), p = 2·(1 − Φ(z)). Statistic: U₁.
 */
export const mannw: DriftTest = {
  id: 'mannw',
  label: 'Mann-Whitney U-rank p-value',
  appliesTo: ['numeric'],
  defaultThreshold: 0.05,
  scoreKind: 'pValue',
  run(reference, current) {
    const r = prepareNumeric(reference, 'reference', 'mannw');
    const c = prepareNumeric(current, 'current', 'mannw');
    const n1 = r.sorted.length;
    const n2 = c.sorted.length;
    let seen = 0;
    let r1 = 0;
    let tieTerm = 0;
    forEachTieGroup(r.sorted, c.sorted, (_v, a, b) => {
      const t = a + b;
      const avg = seen + (t + 1) / 2;
      r1 += a * avg;
      tieTerm += t * t * t - t;
      seen += t;
    });
    const u1 = r1 - (n1 * (n1 + 1)) / 2;
    const u = Math.max(u1, n1 * n2 - u1);
    const exact = Math.min(n1, n2) <= 8 && tieTerm === 0 && n1 * n2 <= MANNW_EXACT_MAX_PRODUCT;
    let p: number;
    if (exact) {
      p = 2 * mannWhitneyExactSf(u, n1, n2);
    } else {
      const n = n1 + n2;
      const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
      p = 2 * normalSf((u - (n1 * n2) / 2 - 0.5) / s);
    }
    p = Math.min(1, Math.max(0, p));
    return { statistic: u1, pValue: p, score: p, details: { method: exact ? 'exact' : 'asymptotic', referenceDropped: r.dropped, currentDropped: c.dropped } };
  },
};
