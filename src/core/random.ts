/**
 * Seeded random sources and samplers, so every resampling in Model Lens is reproducible.
 *
 * - `mulberry32(seed)`: Tommy Ettinger's 32-bit generator; two outputs are combined into one
 *   53-bit uniform double in [0, 1).
 * - `binomial`: exact, no normal approximation. np < 10: inversion (BINV); otherwise Hörmann's
 *   BTRS transformed rejection with squeeze (1993), as in TensorFlow/PyTorch; p > ½ by symmetry.
 * - `multinomial(n, p)`: sequential conditional binomials, x_i ~ Bin(n − Σ_{j<i} x_j, p_i / Σ_{j≥i} p_j).
 */
export type RandomSource = () => number;

export function mulberry32(seed: number): RandomSource {
  let a = seed >>> 0;
  const next32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

export function binomial(n: number, p: number, rng: RandomSource): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial: n must be a non-negative integer, got ${n}`);
  if (p <= 0 || n === 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, rng);
  return n * p < 10 ? binomialInversion(n, p, rng) : binomialBtrs(n, p, rng);
}

/** Sequential search from 0 (Kachitvichyanukul & Schmeiser 1988, BINV); expected O(np) steps, used for np < 10. */
function binomialInversion(n: number, p: number, rng: RandomSource): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  let r = Math.pow(q, n);
  let u = rng();
  let x = 0;
  while (u > r) {
    u -= r;
    x++;
    if (x > n) return binomialInversion(n, p, rng); // rounding ran past the support: redraw
    r *= a / x - s;
  }
  return x;
}

/** Stirling series tail fc(k) = ln k! − [(k+½)ln(k+1) − (k+1) + ½ln 2π]. */
const FC = [0.08106146679532733, 0.04134069595540946, 0.027677925684997717, 0.02079067210376584, 0.01664469118982126, 0.013876128823072875, 0.011896709945893313, 0.010411265261973668, 0.00925546218270945, 0.008330563433359472];
function fc(k: number): number {
  if (k < FC.length) return FC[k] ?? 0;
  const k1 = k + 1;
  const k1sq = k1 * k1;
  return (1 / 12 - (1 / 360 - 1 / 1260 / k1sq) / k1sq) / k1;
}

/** BTRS: Hörmann (1993), "The generation of binomial random variates", J. Stat. Comput. Simul. 46; exact, O(1) expected. p ≤ ½, np ≥ 10. */
function binomialBtrs(n: number, p: number, rng: RandomSource): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const r = p / q;
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  for (;;) {
    const u = rng() - 0.5;
    let v = rng();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    const bound =
      (m + 0.5) * Math.log((m + 1) / (r * (n - m + 1))) +
      (n + 1) * Math.log((n - m + 1) / (n - k + 1)) +
      (k + 0.5) * Math.log((r * (n - k + 1)) / (k + 1)) +
      fc(m) + fc(n - m) - fc(k) - fc(n - k);
    if (v <= bound) return k;
  }
}

export function multinomial(n: number, probabilities: readonly number[], rng: RandomSource): number[] {
  const out = new Array<number>(probabilities.length).fill(0);
  let remainingN = n;
  let remainingP = probabilities.reduce((s, v) => s + v, 0);
  for (let i = 0; i < probabilities.length && remainingN > 0; i++) {
    const pi = probabilities[i] ?? 0;
    const x = i === probabilities.length - 1 ? remainingN : binomial(remainingN, remainingP > 0 ? Math.min(1, pi / remainingP) : 0, rng);
    out[i] = x;
    remainingN -= x;
    remainingP -= pi;
  }
  return out;
}
