import { logGamma } from './logGamma';

/**
 * Exact one-sided one-sample Kolmogorov–Smirnov survival function P(Dₙ⁺ ≥ x) (scipy.special.smirnov),
 * by the Birnbaum–Tingey (1951) formula
 *   P(Dₙ⁺ ≥ x) = x · Σ_{j=0}^{⌊n(1−x)⌋} C(n, j) (1 − x − j/n)^{n−j} (x + j/n)^{j−1}.
 * Every term is positive, so the sum is accumulated in log space without cancellation
 * (log-sum-exp around the largest term). O(n) work. x ≤ 0 → 1, x ≥ 1 → 0.
 */
export function smirnovSf(n: number, x: number): number {
  if (Number.isNaN(x) || !Number.isInteger(n) || n < 1) return NaN;
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const jmax = Math.floor(n * (1 - x) + 1e-12 * n);
  const lgN = logGamma(n + 1);
  const logs = new Float64Array(jmax + 1);
  let maxLog = -Infinity;
  for (let j = 0; j <= jmax; j++) {
    const a = 1 - x - j / n;
    const b = x + j / n;
    let lt = lgN - logGamma(j + 1) - logGamma(n - j + 1) + (j - 1) * Math.log(b);
    if (n - j > 0) lt += a > 0 ? (n - j) * Math.log(a) : -Infinity;
    logs[j] = lt;
    if (lt > maxLog) maxLog = lt;
  }
  let s = 0;
  for (let j = 0; j <= jmax; j++) s += Math.exp(logs[j]! - maxLog);
  return Math.min(1, x * s * Math.exp(maxLog));
}
