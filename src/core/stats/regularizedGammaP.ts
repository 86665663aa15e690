import { regularizedGammaPair } from './regularizedGammaPair';

/**
 * Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), a > 0, x ≥ 0
 * (scipy.special.gammainc). Series for x < a + 1, Lentz continued fraction otherwise
 * (Numerical Recipes 3rd ed. §6.2). Returns NaN for invalid arguments.
 */
export function regularizedGammaP(a: number, x: number): number {
  return regularizedGammaPair(a, x).p;
}
