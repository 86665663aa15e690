import { relativeLift } from './relativeLift';
import { twoProportions } from './twoProportions';
import type { GroupStats } from './gather';
import type { MetricType } from './types';
import { welch } from './welch';

/** One treatment-vs-control comparison from summary statistics: the numbers every report row needs. */
export interface Comparison {
  diff: number;
  ci: [number, number];
  ciMethod: 'newcombe' | 'welch';
  waldCi?: [number, number];
  relativeLift: number | null;
  relativeCi: [number, number] | null;
  z?: number;
  t?: number;
  df?: number;
  pValue: number;
  /** Variance of the difference (for heterogeneity and the mSPRT). */
  variance: number;
}

/**
 * Binary: pooled z test, Newcombe CI (Wald also reported), delta-method relative lift with p(1−p)/n variances.
 * Continuous: Welch t test and CI, delta-method relative lift with s²/n variances.
 */
export function compare(type: MetricType, t: GroupStats, c: GroupStats, alpha: number): Comparison {
  if (type === 'binary') {
    const xt = Math.round(t.sum);
    const xc = Math.round(c.sum);
    const r = twoProportions(xt, t.n, xc, c.n, alpha);
    const pt = xt / t.n;
    const pc = xc / c.n;
    const vt = (pt * (1 - pt)) / t.n;
    const vc = (pc * (1 - pc)) / c.n;
    const rel = relativeLift(pt, vt, pc, vc, alpha);
    return { diff: r.diff, ci: r.newcombeCi, ciMethod: 'newcombe', waldCi: r.waldCi, relativeLift: rel.lift, relativeCi: rel.ci, z: r.z, pValue: r.pValue, variance: vt + vc };
  }
  const w = welch({ n: t.n, mean: t.mean, variance: t.variance }, { n: c.n, mean: c.mean, variance: c.variance }, alpha);
  const vt = t.variance / t.n;
  const vc = c.variance / c.n;
  const rel = relativeLift(t.mean, vt, c.mean, vc, alpha);
  return { diff: w.diff, ci: w.ci, ciMethod: 'welch', relativeLift: rel.lift, relativeCi: rel.ci, t: w.t, df: w.df, pValue: w.pValue, variance: vt + vc };
}
