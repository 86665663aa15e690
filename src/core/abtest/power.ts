import { normalCdf } from '../stats/normalCdf';
import { normalPpf } from '../stats/normalPpf';
import { normalSf } from '../stats/normalSf';

/** Cohen's h for two proportions (statsmodels proportion_effectsize): 2·asin√p₁ − 2·asin√p₂. */
export function proportionEffectSize(p1: number, p2: number): number {
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}

/**
 * Power of the two-sided two-sample z test (statsmodels NormalIndPower.power): with n = 1/(1/n₁ + 1/(ratio·n₁)),
 * c = z_{1−α/2}: power = Φ̄(c − d√n) + Φ(−c − d√n).
 */
export function normalIndPower(effectSize: number, nobs1: number, alpha: number, ratio = 1): number {
  const n = 1 / (1 / nobs1 + 1 / (ratio * nobs1));
  const crit = normalPpf(1 - alpha / 2);
  const shift = Math.abs(effectSize) * Math.sqrt(n);
  return normalSf(crit - shift) + normalCdf(-crit - shift);
}

/**
 * Units in the first arm for a target power (statsmodels NormalIndPower.solve_power for nobs1, two-sided):
 * power is increasing in n₁, so the root is bracketed by doubling and found by bisection to double precision.
 */
export function solveNobs1(effectSize: number, alpha: number, power: number, ratio = 1): number {
  if (!(Math.abs(effectSize) > 0) || !(alpha > 0 && alpha < 1) || !(power > alpha && power < 1)) return NaN;
  let lo = 1e-9;
  let hi = 2;
  while (normalIndPower(effectSize, hi, alpha, ratio) < power) hi *= 2;
  for (let i = 0; i < 300 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (normalIndPower(effectSize, mid, alpha, ratio) < power) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The effect size a two-sided z test detects with the given power from n₁ and ratio·n₁ units (inverse of solveNobs1). */
export function solveEffectSize(nobs1: number, alpha: number, power: number, ratio = 1): number {
  if (!(nobs1 > 0) || !(alpha > 0 && alpha < 1) || !(power > alpha && power < 1)) return NaN;
  let lo = 0;
  let hi = 1;
  while (normalIndPower(hi, nobs1, alpha, ratio) < power) hi *= 2;
  for (let i = 0; i < 300 && hi - lo > 1e-14 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (normalIndPower(mid, nobs1, alpha, ratio) < power) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
