import { regularizedGammaQ } from './regularizedGammaQ';

/**
 * Survival function of the χ² distribution with k > 0 degrees of freedom (scipy.stats.chi2.sf):
 * sf(x; k) = Q(k/2, x/2), the regularized upper incomplete gamma. x ≤ 0 → 1; x = ∞ → 0.
 */
export function chiSquareSf(x: number, k: number): number {
  if (Number.isNaN(x) || Number.isNaN(k) || k <= 0) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(k / 2, x / 2);
}
