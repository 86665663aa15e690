import { regularizedGammaPair } from './regularizedGammaPair';

/**
 * Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a) = 1 − P(a, x), a > 0, x ≥ 0
 * (scipy.special.gammaincc). Computed directly (not as 1 − P) in the upper tail, so tiny values
 * keep full relative accuracy. Numerical Recipes 3rd ed. §6.2.
 */
export function regularizedGammaQ(a: number, x: number): number {
  return regularizedGammaPair(a, x).q;
}
