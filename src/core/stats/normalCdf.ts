import { regularizedGammaQ } from './regularizedGammaQ';

/**
 * Standard normal CDF Φ(z) = ½ erfc(−z/√2) (scipy.stats.norm.cdf / scipy.special.ndtr).
 * erfc(t) = Q(½, t²) for t ≥ 0 (A&S 7.1.2 with 6.5.17), so the lower tail keeps full relative accuracy
 * down to Φ ≈ 1e-300. NaN → NaN.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z === 0) return 0.5;
  const half = 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
  return z < 0 ? half : 1 - half;
}
