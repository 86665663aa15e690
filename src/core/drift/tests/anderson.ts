import { forEachTieGroup } from '../../stats/forEachTieGroup';
import { prepareNumeric } from '../prepareNumeric';
import { quadraticFit } from '../quadraticFit';
import type { DriftTest } from '../types';

const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
const SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];

/**
 * k-sample Anderson–Darling test for k = 2 — Evidently's 'anderson' = scipy.stats.anderson_ksamp([ref, cur])
 * (midrank = True) in scipy 1.10 (Scholz & Stephens 1987, eq. 7 for A²_akN, standardised with their σ²_N).
 * One merge pass over the sorted samples: O(n log n).
 * p-value as scipy: log-quadratic interpolation of Table 2's significance levels, capped to 0.25 and floored
 * to 0.001 outside the table (scipy warns; we report `details.pValueClipped`). Statistic: the standardised A².
 * A single distinct value in the pooled data (scipy raises) → A² = 0, p = 1: nothing can have drifted.
 */
export const anderson: DriftTest = {
  id: 'anderson',
  label: 'Anderson-Darling p-value',
  appliesTo: ['numeric'],
  defaultThreshold: 0.05,
  scoreKind: 'pValue',
  run(reference, current) {
    const r = prepareNumeric(reference, 'reference', 'anderson');
    const c = prepareNumeric(current, 'current', 'anderson');
    const n = [r.sorted.length, c.sorted.length] as const;
    const N = n[0] + n[1];
    let below = 0;
    let m0 = 0;
    let m1 = 0;
    let inner0 = 0;
    let inner1 = 0;
    let distinct = 0;
    forEachTieGroup(r.sorted, c.sorted, (_v, a, b) => {
      const lj = a + b;
      const Bj = below + lj / 2;
      const M0 = m0 + a / 2;
      const M1 = m1 + b / 2;
      const den = Bj * (N - Bj) - (N * lj) / 4;
      inner0 += ((lj / N) * (N * M0 - Bj * n[0]) ** 2) / den;
      inner1 += ((lj / N) * (N * M1 - Bj * n[1]) ** 2) / den;
      m0 += a;
      m1 += b;
      below += lj;
      distinct++;
    });
    if (distinct < 2) return { statistic: 0, pValue: 1, score: 1, details: { note: 'single distinct value' } };
    const A2kN = ((inner0 / n[0] + inner1 / n[1]) * (N - 1)) / N;
    const k = 2;
    const H = 1 / n[0] + 1 / n[1];
    let hs = 0;
    let g = 0;
    for (let t = 0; t < N - 2; t++) {
      hs += 1 / (N - 1 - t);
      g += hs / (t + 2);
    }
    const h = hs + 1;
    const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
    const b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
    const cc = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
    const d = (2 * h + 6) * k * k - 4 * h * k;
    const sigmasq = (a * N ** 3 + b * N ** 2 + cc * N + d) / ((N - 1) * (N - 2) * (N - 3));
    const m = k - 1;
    const A2 = (A2kN - m) / Math.sqrt(sigmasq);
    const critical = B0.map((b0, i) => b0 + B1[i]! / Math.sqrt(m) + B2[i]! / m);
    let p: number;
    let pValueClipped: 'capped' | 'floored' | null = null;
    if (A2 < Math.min(...critical)) {
      p = 0.25;
      pValueClipped = 'capped';
    } else if (A2 > Math.max(...critical)) {
      p = 0.001;
      pValueClipped = 'floored';
    } else {
      p = Math.exp(quadraticFit(critical, SIG.map(Math.log))(A2));
    }
    return { statistic: A2, pValue: p, score: p, details: { pValueClipped, referenceDropped: r.dropped, currentDropped: c.dropped } };
  },
};
