import { normalCdf } from './normalCdf';

/**
 * Standard normal quantile Φ⁻¹(p) (scipy.stats.norm.ppf / scipy.special.ndtri), 0 < p < 1.
 *
 * P. J. Acklam's rational approximation (relative error < 1.15e-9), refined by one Halley step
 * x ← x − e / (1 + x·e/2) with e = (Φ(x) − p)·√(2π)·e^{x²/2}, which brings it to ~1e-15.
 * p = 0 → −∞, p = 1 → +∞, outside [0, 1] or NaN → NaN.
 */
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  if (p > 1 - P_LOW) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
}

export function normalPpf(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  // Work in the lower half so that Φ(x) − p is computed without cancellation; use symmetry for p > ½.
  if (p > 0.5) return -normalPpf(1 - p);
  let x = acklam(p);
  for (let i = 0; i < 2; i++) {
    const e = (normalCdf(x) - p) * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    x = x - e / (1 + (x * e) / 2);
  }
  return x;
}
