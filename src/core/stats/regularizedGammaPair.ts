import { logGamma } from './logGamma';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100000;

/**
 * Both regularized incomplete gamma functions, P(a, x) and Q(a, x), each computed where it is
 * numerically small so that neither loses relative accuracy:
 * - x < a + 1: series P = e^{−x} x^a / Γ(a+1) · Σ_n x^n / ((a+1)…(a+n)); Q = 1 − P.
 * - otherwise: modified Lentz continued fraction for Q (Numerical Recipes 3rd ed. §6.2, eq. 6.2.7); P = 1 − Q.
 */
export function regularizedGammaPair(a: number, x: number): { p: number; q: number } {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return { p: NaN, q: NaN };
  if (x === 0) return { p: 0, q: 1 };
  if (x === Infinity) return { p: 1, q: 0 };
  const logPrefactor = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < MAX_ITER; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    const p = Math.exp(logPrefactor) * sum;
    return { p, q: 1 - p };
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  const q = Math.exp(logPrefactor) * h;
  return { p: 1 - q, q };
}
