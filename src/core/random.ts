/**
 * Seeded random sources and samplers, so every resampling in Model Lens is reproducible.
 *
 * - `mulberry32(seed)`: Tommy Ettinger's 32-bit generator; two outputs are combined into one
 *   53-bit uniform double in [0, 1).
 * - `normal`: Box–Muller. `gamma`: Marsaglia & Tsang (2000), "A simple method for generating gamma
 *   variables", ACM TOMS 26(3). `beta(a, b) = X / (X + Y)` with X ~ Γ(a), Y ~ Γ(b).
 * - `binomial`: Knuth, TAOCP vol. 2, §3.4.1 F (recursive beta splitting on the median order
 *   statistic, O(log n) beta draws), finishing with Bernoulli trials once n ≤ 16. Exact, no normal
 *   approximation.
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

export function normal(rng: RandomSource): number {
  let u = rng();
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export function gamma(shape: number, rng: RandomSource): number {
  if (shape < 1) return gamma(shape + 1, rng) * Math.pow(rng() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function beta(a: number, b: number, rng: RandomSource): number {
  const x = gamma(a, rng);
  const y = gamma(b, rng);
  return x / (x + y);
}

export function binomial(n: number, p: number, rng: RandomSource): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial: n must be a non-negative integer, got ${n}`);
  if (p <= 0 || n === 0) return 0;
  if (p >= 1) return n;
  let k = 0;
  let m = n;
  let q = p;
  while (m > 16) {
    const a = 1 + Math.floor(m / 2);
    const b = m - a + 1;
    const x = beta(a, b, rng);
    if (x >= q) {
      m = a - 1;
      q = q / x;
    } else {
      k += a;
      m = b - 1;
      q = (q - x) / (1 - x);
    }
  }
  for (let i = 0; i < m; i++) if (rng() < q) k++;
  return k;
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
