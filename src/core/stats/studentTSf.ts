import { regularizedBeta } from './regularizedBeta';

/**
 * Survival function of Student's t distribution with ν > 0 degrees of freedom (scipy.stats.t.sf),
 * ν may be fractional (Welch). For t ≥ 0: sf = ½ I_{ν/(ν+t²)}(ν/2, ½) (A&S 26.7.1 via 26.5.27);
 * for t < 0: sf = 1 − sf(−t). The argument ν/(ν+t²) is formed as 1/(1 + t²/ν) to avoid overflow.
 */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || df <= 0) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const x = 1 / (1 + (t * t) / df);
  const tail = 0.5 * regularizedBeta(x, df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}
