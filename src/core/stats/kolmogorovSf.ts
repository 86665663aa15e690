/**
 * Survival function of Kolmogorov's limiting distribution (scipy.special.kolmogorov):
 * K̄(x) = P(√n·Dₙ > x) as n → ∞ = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²x²}.
 *
 * For x < 1 the alternating series converges slowly, so the complement is taken from the Jacobi-theta form
 * K(x) = √(2π)/x · Σ_{k≥1} e^{−(2k−1)²π²/(8x²)} (Kolmogorov 1933; Marsaglia, Tsang & Wang 2003).
 * x ≤ 0 → 1.
 */
export function kolmogorovSf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x < 1) {
    const w = (Math.PI * Math.PI) / (8 * x * x);
    let cdf = 0;
    for (let k = 1; k < 100; k++) {
      const term = Math.exp(-(2 * k - 1) * (2 * k - 1) * w);
      cdf += term;
      if (term < 1e-17 * cdf) break;
    }
    cdf *= Math.sqrt(2 * Math.PI) / x;
    return Math.min(1, Math.max(0, 1 - cdf));
  }
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17 * Math.abs(sum)) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}
