import { forEachTieGroup } from '../../stats/forEachTieGroup';
import { kolmogorovTwoSidedSf } from '../../stats/kolmogorovTwoSidedSf';
import { ksTwoSampleExact } from '../../stats/ksTwoSampleExact';
import { prepareNumeric } from '../prepareNumeric';
import type { DriftTest } from '../types';

/** numpy.round: round half to even. */
const roundHalfEven = (x: number): number => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided — scipy.stats.ks_2samp(ref, cur, method='auto') in scipy 1.10.
 * D = sup |F_ref − F_cur| over the pooled values (ECDFs with side='right', so ties are handled exactly).
 * p-value: if max(n₁, n₂) ≤ 10000 the exact lattice-path probability (D snapped to h/lcm(n₁,n₂), which is
 * then the reported statistic, as scipy); if that fails numerically or the samples are larger, the
 * asymptotic kstwo.sf(D, round(n₁n₂/(n₁+n₂))). Evidently's 'ks'. NaN/±Infinity dropped and counted.
 * O(n log n) for the statistic; the exact p-value costs O(n₁n₂/gcd) in the worst case.
 */
export const ks: DriftTest = {
  id: 'ks',
  label: 'Kolmogorov–Smirnov p-value',
  appliesTo: ['numeric'],
  defaultThreshold: 0.05,
  scoreKind: 'pValue',
  run(reference, current) {
    const r = prepareNumeric(reference, 'reference', 'ks');
    const c = prepareNumeric(current, 'current', 'ks');
    const n1 = r.sorted.length;
    const n2 = c.sorted.length;
    let c1 = 0;
    let c2 = 0;
    let maxS = -Infinity;
    let minDiff = Infinity;
    forEachTieGroup(r.sorted, c.sorted, (_v, a, b) => {
      c1 += a;
      c2 += b;
      const diff = c1 / n1 - c2 / n2;
      if (diff > maxS) maxS = diff;
      if (diff < minDiff) minDiff = diff;
    });
    const minS = Math.min(1, Math.max(0, -minDiff));
    let d = minS > maxS ? minS : maxS;
    let method: 'exact' | 'asymptotic' = Math.max(n1, n2) <= 10000 ? 'exact' : 'asymptotic';
    let p = NaN;
    if (method === 'exact') {
      const res = ksTwoSampleExact(n1, n2, d);
      d = res.d;
      if (res.success) p = res.pValue;
      else method = 'asymptotic';
    }
    if (method === 'asymptotic') {
      const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
      p = kolmogorovTwoSidedSf(roundHalfEven((m * n) / (m + n)), d);
    }
    p = Math.min(1, Math.max(0, p));
    return { statistic: d, pValue: p, score: p, details: { method, referenceDropped: r.dropped, currentDropped: c.dropped } };
  },
};
