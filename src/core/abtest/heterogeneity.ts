import { chiSquareSf } from '../stats/chiSquareSf';

export interface HeterogeneityResult {
  /** Cochran's Q = Σ wᵢ(dᵢ − d̄)², wᵢ = 1/Vᵢ, d̄ the inverse-variance weighted mean. */
  q: number;
  df: number;
  pValue: number;
  /** Higgins' I² = max(0, (Q − df)/Q): the share of variation beyond chance. */
  i2: number;
  pooled: number;
}

/**
 * Do segment effects disagree more than chance allows? Cochran's Q test (Cochran 1954) on per-segment differences
 * dᵢ with variances Vᵢ; Q ~ χ²(k − 1) under homogeneity (statsmodels combine_effects(...).q). Segments with a
 * non-positive or non-finite variance are left out; fewer than two usable segments → null.
 */
export function cochranQ(diffs: readonly number[], variances: readonly number[]): HeterogeneityResult | null {
  const usable = diffs.map((d, i) => [d, variances[i]!] as const).filter(([d, v]) => Number.isFinite(d) && v > 0 && Number.isFinite(v));
  if (usable.length < 2) return null;
  let sw = 0;
  let swd = 0;
  for (const [d, v] of usable) {
    sw += 1 / v;
    swd += d / v;
  }
  const pooled = swd / sw;
  const q = usable.reduce((s, [d, v]) => s + (d - pooled) ** 2 / v, 0);
  const df = usable.length - 1;
  return { q, df, pValue: chiSquareSf(q, df), i2: q > 0 ? Math.max(0, (q - df) / q) : 0, pooled };
}
