import { logGamma } from './logGamma';

const logChoose = (n: number, k: number): number => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * log P(X = k) for the hypergeometric distribution: k successes in `draws` draws without replacement from a
 * population of `total` with `successes` successes (scipy.stats.hypergeom.logpmf(k, total, successes, draws)):
 *   log C(K, k) + log C(N − K, n − k) − log C(N, n). −∞ outside the support.
 */
export function hypergeometricLogPmf(k: number, total: number, successes: number, draws: number): number {
  if (k < Math.max(0, draws - (total - successes)) || k > Math.min(draws, successes)) return -Infinity;
  return logChoose(successes, k) + logChoose(total - successes, draws - k) - logChoose(total, draws);
}
