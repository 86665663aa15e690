import { normalPpf } from '../stats/normalPpf';
import { studentTSf } from '../stats/studentTSf';

/**
 * Upper quantile of Student's t: the t with P(T > t) = q, ν > 0 (fractional for Welch), i.e.
 * scipy.stats.t.isf(q, ν). Bracketed bisection on studentTSf (monotone), started from the normal
 * quantile; 200 halvings reach double precision. q outside (0, 1) → NaN.
 */
export function studentTIsf(q: number, df: number): number {
  if (!(q > 0 && q < 1) || !(df > 0)) return NaN;
  if (q === 0.5) return 0;
  if (q > 0.5) return -studentTIsf(1 - q, df);
  let lo = Math.max(0, normalPpf(1 - q) * 0.5);
  let hi = Math.max(1, normalPpf(1 - q));
  while (studentTSf(hi, df) > q) hi *= 2;
  while (studentTSf(lo, df) < q) lo /= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTSf(mid, df) > q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
