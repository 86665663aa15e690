import { normalPpf } from '../stats/normalPpf';
import { normalSf } from '../stats/normalSf';

export interface ProportionComparison {
  /** p_t − p_c */
  diff: number;
  /** Pooled two-proportion z statistic. */
  z: number;
  pValue: number;
  /** Wald interval of the difference: diff ± z·√(p_t q_t / n_t + p_c q_c / n_c). */
  waldCi: [number, number];
  /** Newcombe's hybrid score interval (his method 10: Wilson intervals of each proportion combined). */
  newcombeCi: [number, number];
}

/**
 * Treatment (x_t successes of n_t) vs control (x_c of n_c).
 * - z test, pooled: p̂ = (x_t + x_c)/(n_t + n_c), z = (p_t − p_c) / √(p̂(1−p̂)(1/n_t + 1/n_c)), two-sided
 *   p = 2·Φ(−|z|) (statsmodels proportions_ztest).
 * - Wald and Newcombe intervals as statsmodels confint_proportions_2indep(method='wald'|'newcomb', compare='diff')
 *   (Newcombe 1998, Stat Med 17:873, method 10).
 */
export function twoProportions(xt: number, nt: number, xc: number, nc: number, alpha = 0.05): ProportionComparison {
  const pt = xt / nt;
  const pc = xc / nc;
  const diff = pt - pc;
  const pooled = (xt + xc) / (nt + nc);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / nt + 1 / nc));
  const z = sePooled > 0 ? diff / sePooled : diff === 0 ? 0 : Math.sign(diff) * Infinity;
  const pValue = sePooled > 0 ? 2 * normalSf(Math.abs(z)) : diff === 0 ? 1 : 0;
  const crit = normalPpf(1 - alpha / 2);
  const se = Math.sqrt((pt * (1 - pt)) / nt + (pc * (1 - pc)) / nc);
  const [lt, ut] = wilson(pt, nt, crit);
  const [lc, uc] = wilson(pc, nc, crit);
  return {
    diff, z, pValue,
    waldCi: [diff - crit * se, diff + crit * se],
    newcombeCi: [diff - Math.sqrt((pt - lt) ** 2 + (uc - pc) ** 2), diff + Math.sqrt((ut - pt) ** 2 + (pc - lc) ** 2)],
  };
}

/** Wilson score interval of a proportion p from n trials, without continuity correction. */
export function wilson(p: number, n: number, z: number): [number, number] {
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + z2n);
  return [centre - half, centre + half];
}
