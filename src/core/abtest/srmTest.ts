import { chiSquareSf } from '../stats/chiSquareSf';
import { InputError } from '../errors';

export interface SrmResult {
  /** Units per variant, in the order of `expected`. */
  observed: number[];
  /** Expected share per variant (sums to 1). */
  expected: number[];
  chi2: number;
  df: number;
  pValue: number;
  /** p < threshold (0.001 by default: the common practice for sample-ratio checks). */
  detected: boolean;
  threshold: number;
}

/**
 * Sample-ratio mismatch: Pearson's χ² goodness of fit of the unit counts per variant against the expected
 * split (scipy.stats.chisquare(observed, n·expected)): χ² = Σ (O − E)² / E, df = k − 1.
 * Flagged at p < 0.001 (Kohavi, Tang & Xu 2020, ch. 21: a real SRM gives tiny p-values; 0.001 keeps false
 * alarms rare when it is checked in every analysis).
 */
export function srmTest(observed: readonly number[], expected: readonly number[], threshold = 0.001): SrmResult {
  if (observed.length !== expected.length || observed.length < 2) throw new InputError('BAD_ARGUMENT', `expected split: give one share per variant (${observed.length} variants, ${expected.length} shares).`);
  const total = observed.reduce((s, v) => s + v, 0);
  const shareSum = expected.reduce((s, v) => s + v, 0);
  if (expected.some((e) => !(e > 0)) || !(shareSum > 0)) throw new InputError('BAD_ARGUMENT', `expected split: every share must be positive (got ${expected.join('/')}).`);
  const shares = expected.map((e) => e / shareSum);
  let chi2 = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = total * shares[i]!;
    chi2 += (observed[i]! - e) ** 2 / e;
  }
  const df = observed.length - 1;
  const pValue = chiSquareSf(chi2, df);
  return { observed: [...observed], expected: shares, chi2, df, pValue, detected: pValue < threshold, threshold };
}
