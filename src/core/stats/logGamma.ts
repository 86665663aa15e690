/**
 * Natural log of the gamma function, ln Γ(x), for x > 0 (reflection for x < 0.5).
 *
 * Lanczos approximation with g = 7, n = 9 (coefficients of Godfrey / Numerical Recipes 3rd ed. §6.1),
 * relative accuracy ~1e-15 in Γ; for x ≥ 10 the Stirling series with Bernoulli terms up to B_14
 * (Abramowitz & Stegun 6.1.41) is used, which is more accurate for large arguments.
 * Reflection: ln Γ(x) = ln(π / |sin πx|) − ln Γ(1 − x).
 *
 * @returns NaN for x ≤ 0 integers (poles) and NaN input.
 */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.91893853320467274178;
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156];

export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  if (x < 0.5) {
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  if (x >= 10) {
    const r = 1 / x;
    const r2 = r * r;
    let s = 0;
    for (let k = STIRLING.length - 1; k >= 0; k--) s = s * r2 + STIRLING[k]!;
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + s * r;
  }
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
