/** Greatest common divisor of two non-negative integers. */
function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Pr(D_{n,n} ≥ h/n) for equal sample sizes: 2·Σ_k (−1)^{k−1} C(2n, n−kh)/C(2n, n), evaluated Horner-style. */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
  }
  return 2 * P;
}

/**
 * Proportion of monotone lattice paths (0,0)→(m,n) that leave the band |x/m − y/n| < h/lcm(m,n),
 * computed with Viehmann's (2021, arXiv:2102.08037) recursion for 1 − p inside Hodges' (1958) "inside
 * method": one column of the path-count matrix in a sliding window, normalised as it goes.
 */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1]!;
}

export interface KsExactResult {
  /** false when the computation over- or underflowed; the caller then uses the asymptotic p-value. */
  readonly success: boolean;
  /** The statistic snapped to the lattice, h / lcm(n1, n2). */
  readonly d: number;
  readonly pValue: number;
}

/**
 * Exact two-sided p-value P(D_{n1,n2} ≥ d) of the two-sample Kolmogorov–Smirnov statistic, as
 * scipy.stats.ks_2samp(method='exact') computes it (scipy 1.10 _attempt_exact_2kssamp): d is rounded to
 * h/lcm(n1,n2); h = 0 → p = 1; equal sizes use the closed-form alternating binomial sum, unequal sizes the
 * lattice-path recursion above. Cost O(n1·n2/g) for unequal sizes.
 */
export function ksTwoSampleExact(n1: number, n2: number, d: number): KsExactResult {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const dSnapped = h / lcm;
  if (h === 0) return { success: true, d: dSnapped, pValue: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  if (!Number.isFinite(p) || p < 0 || p > 1) return { success: false, d: dSnapped, pValue: NaN };
  return { success: true, d: dSnapped, pValue: p };
}
