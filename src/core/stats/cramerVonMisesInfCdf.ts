import { besselKScaled } from './besselKScaled';
import { logGamma } from './logGamma';

/**
 * CDF of the limiting (n → ∞) Cramér–von Mises distribution (Csörgő & Faraway 1996, eq. 1.2/1.3):
 *   F(x) = Σ_{k≥0} Γ(k+½)/(Γ(k+1) π^{3/2} √x) · √(4k+1) · e^{−q} K_{1/4}(q),  q = (4k+1)²/(16x).
 * Terms are added until one is below 1e-7, the same stopping rule as scipy's _cdf_cvm_inf, so p-values
 * agree with scipy.stats.cramervonmises_2samp(method='asymptotic') including its truncation.
 * Not accurate for x > ~4 (CDF ≈ 1), exactly like scipy.
 */
export function cramerVonMisesInfCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  let total = 0;
  for (let k = 0; k < 10000; k++) {
    const u = Math.exp(logGamma(k + 0.5) - logGamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    // e^{−q}·K(q) = e^{−2q}·(e^{q}K(q))
    const z = u * Math.sqrt(y) * Math.exp(-2 * q) * besselKScaled(0.25, q);
    total += z;
    if (Math.abs(z) < 1e-7) break;
  }
  return total;
}
