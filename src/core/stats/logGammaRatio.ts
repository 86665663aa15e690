import { logGamma } from './logGamma';

const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188];
const series = (x: number): number => {
  const r = 1 / x;
  const r2 = r * r;
  let s = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) s = s * r2 + STIRLING[k]!;
  return s * r;
};

/**
 * ln Γ(a + b) − ln Γ(a) without the cancellation of subtracting two huge log-gammas: for a ≥ 10 Stirling's
 * series (A&S 6.1.41) gives (a − ½)·ln(1 + b/a) + b·ln(a + b) − b + S(a + b) − S(a), every term well
 * conditioned; otherwise the plain difference.
 */
export function logGammaRatio(a: number, b: number): number {
  if (a < 10 || a + b < 10) return logGamma(a + b) - logGamma(a);
  return (a - 0.5) * Math.log1p(b / a) + b * Math.log(a + b) - b + (series(a + b) - series(a));
}
