import { cramerVonMisesExactSf } from '../../stats/cramerVonMisesExactSf';
import { cramerVonMisesInfCdf } from '../../stats/cramerVonMisesInfCdf';
import { forEachTieGroup } from '../../stats/forEachTieGroup';
import { prepareNumeric } from '../prepareNumeric';
import type { DriftTest } from '../types';

/**
 * Two-sample Cramér–von Mises test — Evidently's 'cramer_von_mises' = scipy.stats.cramervonmises_2samp(ref,
 * cur, method='auto') in scipy 1.10 (Anderson 1962). With pooled mid-ranks r (one merge pass, O(n log n)):
 * U = n_x Σ_i (r_{x,i} − i)² + n_y Σ_j (r_{y,j} − j)², T = U/(n_x n_y N) − (4 n_x n_y − 1)/(6N).
 * p: exact (Xiao et al. 2006) when max(n_x, n_y) ≤ 20, else Anderson's normalisation
 * T_n = 1/6 + (T − E T)/√(45 Var T) compared with the limiting CvM distribution (p = 1 when T_n < 0.003).
 * Needs ≥ 2 finite values per side.
 */
export const cramerVonMises: DriftTest = {
  id: 'cramer_von_mises',
  label: 'Cramér-von Mises p-value',
  appliesTo: ['numeric'],
  defaultThreshold: 0.05,
  scoreKind: 'pValue',
  run(reference, current) {
    const r = prepareNumeric(reference, 'reference', 'cramer_von_mises', 2);
    const c = prepareNumeric(current, 'current', 'cramer_von_mises', 2);
    const nx = r.sorted.length;
    const ny = c.sorted.length;
    let seen = 0;
    let ix = 0;
    let iy = 0;
    let sx = 0;
    let sy = 0;
    forEachTieGroup(r.sorted, c.sorted, (_v, a, b) => {
      const avg = seen + (a + b + 1) / 2;
      for (let t = 0; t < a; t++) sx += (avg - ++ix) ** 2;
      for (let t = 0; t < b; t++) sy += (avg - ++iy) ** 2;
      seen += a + b;
    });
    const u = nx * sx + ny * sy;
    const k = nx * ny;
    const N = nx + ny;
    const t = u / (k * N) - (4 * k - 1) / (6 * N);
    let p: number;
    const exact = Math.max(nx, ny) <= 20;
    if (exact) {
      p = cramerVonMisesExactSf(u, nx, ny);
    } else {
      const et = (1 + 1 / N) / 6;
      const vt = ((N + 1) * (4 * k * N - 3 * (nx * nx + ny * ny) - 2 * k)) / (45 * N * N * 4 * k);
      const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
      p = tn < 0.003 ? 1 : Math.max(0, 1 - cramerVonMisesInfCdf(tn));
    }
    return { statistic: t, pValue: p, score: p, details: { method: exact ? 'exact' : 'asymptotic', referenceDropped: r.dropped, currentDropped: c.dropped } };
  },
};
