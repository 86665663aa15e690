import { mulberry32 } from '../../random';
import { prepareNumeric } from '../prepareNumeric';
import type { DriftTest } from '../types';

/** Each side is subsampled (seeded, without replacement) to at most this many values: the test is O(n²). */
export const MMD_MAX_PER_SIDE = 500;
export const MMD_PERMUTATIONS = 100;

function subsample(x: Float64Array, max: number, random: () => number): Float64Array {
  if (x.length <= max) return x;
  const a = Float64Array.from(x);
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a.slice(0, max);
}

/** Unbiased MMD² (Gretton et al. 2012, eq. 3) for the labelling `isX` over the pooled kernel matrix. */
function mmd2(K: Float64Array, isX: Uint8Array, m: number, n: number): number {
  const N = m + n;
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < N; i++) {
    const row = i * N;
    for (let j = i + 1; j < N; j++) {
      const k = K[row + j]!;
      if (isX[i] && isX[j]) a += k;
      else if (!isX[i] && !isX[j]) b += k;
      else c += k;
    }
  }
  return (2 * a) / (m * (m - 1)) + (2 * b) / (n * (n - 1)) - (2 * c) / (m * n);
}

/**
 * Empirical maximum mean discrepancy with an RBF kernel k(x, y) = exp(−γ(x − y)²) — Evidently's
 * 'emperical_mmd' statistic (unbiased MMD²). Differences from Evidently, on purpose: γ = 1/median of the pooled
 * squared distances (median heuristic; Evidently fixes γ = 1, which makes the score depend on the column's
 * units), and the score is a permutation p-value (100 label permutations, p = (1 + #{MMD²_perm ≥ MMD²})/101),
 * where Evidently compares MMD² itself with the threshold as if it were a p-value.
 * O(n²): each side is first subsampled to MMD_MAX_PER_SIDE = 500 values with options.random (default: a fixed
 * seed), so results are reproducible for the same random source. Needs ≥ 2 finite values per side.
 */
export const empiricalMmd: DriftTest = {
  id: 'empirical_mmd',
  label: 'Empirical MMD (permutation p-value)',
  appliesTo: ['numeric'],
  defaultThreshold: 0.05,
  scoreKind: 'pValue',
  run(reference, current, options) {
    const random = options?.random ?? mulberry32(0x5eed);
    const r = prepareNumeric(reference, 'reference', 'empirical_mmd', 2);
    const c = prepareNumeric(current, 'current', 'empirical_mmd', 2);
    const x = subsample(r.sorted, MMD_MAX_PER_SIDE, random);
    const y = subsample(c.sorted, MMD_MAX_PER_SIDE, random);
    const m = x.length;
    const n = y.length;
    const N = m + n;
    const z = new Float64Array(N);
    z.set(x, 0);
    z.set(y, m);
    const d2 = new Float64Array((N * (N - 1)) / 2);
    let p = 0;
    for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) d2[p++] = (z[i]! - z[j]!) ** 2;
    const med = Float64Array.from(d2).sort()[Math.floor(d2.length / 2)]!;
    const gamma = med > 0 ? 1 / med : 1;
    const K = new Float64Array(N * N);
    p = 0;
    for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) K[i * N + j] = Math.exp(-gamma * d2[p++]!);
    const isX = new Uint8Array(N);
    isX.fill(1, 0, m);
    const observed = mmd2(K, isX, m, n);
    let atLeast = 0;
    for (let b = 0; b < MMD_PERMUTATIONS; b++) {
      for (let i = N - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const t = isX[i]!;
        isX[i] = isX[j]!;
        isX[j] = t;
      }
      if (mmd2(K, isX, m, n) >= observed) atLeast++;
    }
    const pValue = (1 + atLeast) / (1 + MMD_PERMUTATIONS);
    return { statistic: observed, pValue, score: pValue, details: { gamma, subsampledTo: [m, n], permutations: MMD_PERMUTATIONS, referenceDropped: r.dropped, currentDropped: c.dropped } };
  },
};
