/**
 * Exact null survival function P(U ≥ u) of the Mann–Whitney U statistic for sample sizes n1, n2 without ties
 * (scipy.stats._mannwhitneyu._MWU.sf). The count of arrangements with U = k is the coefficient of q^k in the
 * Gaussian binomial [n1+n2 choose s]_q = Π_{i=1..s} (1 − q^{L+i}) / (1 − q^i), s = min(n1,n2), L = max
 * (Di Bucchianico 1999); by symmetry P(U ≥ u) = P(U ≤ n1·n2 − u). The polynomial is built only up to that
 * degree, one multiply and one (running-sum) divide per factor: O(s · n1·n2) time, O(n1·n2) memory.
 */
export function mannWhitneyExactSf(u: number, n1: number, n2: number): number {
  const s = Math.min(n1, n2);
  const L = Math.max(n1, n2);
  const K = n1 * n2 - Math.ceil(u);
  if (K < 0) return 0;
  const c = new Float64Array(K + 1);
  c[0] = 1;
  let total = 1;
  for (let i = 1; i <= s; i++) {
    const up = L + i;
    for (let k = K; k >= up; k--) c[k] = c[k]! - c[k - up]!;
    for (let k = i; k <= K; k++) c[k] = c[k]! + c[k - i]!;
    total = (total * (L + i)) / i;
  }
  let cum = 0;
  for (let k = 0; k <= K; k++) cum += c[k]!;
  return Math.min(1, cum / total);
}
