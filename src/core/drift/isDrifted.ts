import type { DriftTest } from './types';

/**
 * The one place the direction of "drifted" is decided, from the test's scoreKind:
 * - 'pValue': drifted when p < threshold (reject at significance level α = threshold). Evidently is not
 *   uniform here — ks uses p ≤ t, t_test/TVD/MMD use p < t — so we take the textbook strict rule; the two only
 *   differ when p equals the threshold exactly.
 * - 'distance': drifted when score ≥ threshold, as every Evidently distance (wasserstein, psi, jensenshannon,
 *   kl_div, hellinger) does.
 * A NaN score is never drifted.
 */
export function isDrifted(test: Pick<DriftTest, 'scoreKind'>, score: number, threshold: number): boolean {
  if (Number.isNaN(score)) return false;
  return test.scoreKind === 'pValue' ? score < threshold : score >= threshold;
}
