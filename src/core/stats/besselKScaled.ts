/**
 * Exponentially scaled modified Bessel function of the second kind, eˣ·K_ν(x), for x > 0
 * (scipy.special.kve). From the integral K_ν(x) = ∫₀^∞ e^{−x cosh t} cosh(νt) dt (DLMF 10.32.9):
 * eˣK_ν(x) = ∫₀^∞ e^{−x(cosh t − 1)} cosh(νt) dt, evaluated with the trapezoidal rule at step min(1/32, ½/√x) (the integrand's width is ~1/√x), which
 * converges exponentially for this analytic, doubly-exponentially decaying integrand
 * (Trefethen & Weideman 2014); summation stops once terms fall below 1e-18 of the sum.
 */
export function besselKScaled(nu: number, x: number): number {
  if (Number.isNaN(x) || Number.isNaN(nu) || x <= 0) return NaN;
  const h = Math.min(1 / 32, 0.5 / Math.sqrt(x));
  let sum = 0.5;
  for (let k = 1; k < 100000; k++) {
    const t = k * h;
    const term = Math.exp(-x * (Math.cosh(t) - 1)) * Math.cosh(nu * t);
    sum += term;
    if (term < 1e-18 * sum) break;
  }
  return sum * h;
}
