import { studentTSf } from '../stats/studentTSf';
import { studentTIsf } from './studentTPpf';

export interface MeanStats {
  n: number;
  mean: number;
  /** Sample variance (ddof = 1). */
  variance: number;
}

export interface WelchResult {
  /** mean_t − mean_c */
  diff: number;
  t: number;
  df: number;
  pValue: number;
  ci: [number, number];
}

/**
 * Welch's unequal-variance t test of treatment vs control from summary statistics
 * (scipy.stats.ttest_ind(equal_var=False); CI as statsmodels CompareMeans.tconfint_diff(usevar='unequal')):
 * se² = s_t²/n_t + s_c²/n_c, t = (x̄_t − x̄_c)/se, Welch–Satterthwaite
 * ν = se⁴ / ((s_t²/n_t)²/(n_t−1) + (s_c²/n_c)²/(n_c−1)), p = 2·P(T_ν > |t|), CI = diff ± t_{1−α/2, ν}·se.
 */
export function welch(t: MeanStats, c: MeanStats, alpha = 0.05): WelchResult {
  const vt = t.variance / t.n;
  const vc = c.variance / c.n;
  const se2 = vt + vc;
  const diff = t.mean - c.mean;
  if (!(se2 > 0)) return { diff, t: diff === 0 ? 0 : Math.sign(diff) * Infinity, df: NaN, pValue: diff === 0 ? 1 : 0, ci: [diff, diff] };
  const se = Math.sqrt(se2);
  const df = (se2 * se2) / ((vt * vt) / (t.n - 1) + (vc * vc) / (c.n - 1));
  const stat = diff / se;
  const half = studentTIsf(alpha / 2, df) * se;
  return { diff, t: stat, df, pValue: Math.min(1, 2 * studentTSf(Math.abs(stat), df)), ci: [diff - half, diff + half] };
}
