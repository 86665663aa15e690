import { forEachTieGroup } from '../stats/forEachTieGroup';

/**
 * ∫ |F_u(x) − F_v(x)|^p dx between the ECDFs of two sorted samples (scipy.stats._stats_py._cdf_distance
 * without the final root): between consecutive pooled distinct values z_i < z_{i+1} both ECDFs are constant,
 * so the integral is Σ |F_u(z_i) − F_v(z_i)|^p (z_{i+1} − z_i). One merge pass, O(n).
 */
export function cdfDistanceIntegral(u: Float64Array, v: Float64Array, p: 1 | 2): number {
  let cu = 0;
  let cv = 0;
  let prev = NaN;
  let prevDiff = 0;
  let total = 0;
  forEachTieGroup(u, v, (value, a, b) => {
    if (!Number.isNaN(prev)) total += (p === 1 ? Math.abs(prevDiff) : prevDiff * prevDiff) * (value - prev);
    cu += a;
    cv += b;
    prevDiff = cu / u.length - cv / v.length;
    prev = value;
  });
  return total;
}
