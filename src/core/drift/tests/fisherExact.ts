import { InputError } from '../../errors';
import { prepareCounts } from '../prepareCounts';
import type { DriftTest } from '../types';

/**
 * Fisher's exact test on the 2×2 table [[ref a, ref b], [cur a, cur b]] (a, b = the two categories sorted) —
 * scipy.stats.fisher_exact(table, 'two-sided'): p = Σ P(X = x) over all x with P(X = x) ≤ P(X = x_obs), X
 * hypergeometric (population N, successes = reference total, draws = count of a). Statistic: the sample
 * odds ratio (ref a · cur b)/(ref b · cur a) (∞ when a denominator cell is 0; NaN when a row/column is empty,
 * then p = 1, as scipy).
 * PMF ratios come from the recurrence P(x+1)/P(x) = (K−x)(n−x)/((x+1)(N−K−n+x+1)) around the mode and are
 * normalised by their sum (no large-factorial cancellation; O(n) for n draws). Ties in the PMF are
 * included with relative tolerance 1e-7 (scipy uses 1e-14 with exact log-gamma PMFs).
 * Evidently's 'fisher_exact'.
 */
export const fisherExact: DriftTest = {
  id: 'fisher_exact',
  label: "Fisher's exact test p-value",
  appliesTo: ['boolean', 'categorical'],
  defaultThreshold: 0.05,
  scoreKind: 'pValue',
  run(reference, current) {
    const al = prepareCounts(reference, current, 'fisher_exact');
    if (al.keys.length > 2) {
      throw new InputError('TOO_MANY_CATEGORIES', `Drift test 'fisher_exact' needs a binary column but it has ${al.keys.length} categories; use chisquare or jensenshannon.`, { testId: 'fisher_exact', categories: al.keys.length });
    }
    if (al.keys.length < 2) return { statistic: NaN, pValue: 1, score: 1, details: { categories: al.keys } };
    const a = al.reference[0]!;
    const b = al.reference[1]!;
    const c = al.current[0]!;
    const d = al.current[1]!;
    const odds = b > 0 && c > 0 ? (a * d) / (b * c) : Infinity;
    const K = a + b;
    const N = a + b + c + d;
    const n = a + c;
    const lo = Math.max(0, n - (N - K));
    const hi = Math.min(n, K);
    const mode = Math.floor(((n + 1) * (K + 1)) / (N + 2));
    const w = new Float64Array(hi - lo + 1);
    w[mode - lo] = 1;
    for (let x = mode; x < hi; x++) w[x + 1 - lo] = (w[x - lo]! * (K - x) * (n - x)) / ((x + 1) * (N - K - n + x + 1));
    for (let x = mode; x > lo; x--) w[x - 1 - lo] = (w[x - lo]! * x * (N - K - n + x)) / ((K - x + 1) * (n - x + 1));
    let total = 0;
    for (let i = 0; i < w.length; i++) total += w[i]!;
    const wObs = w[a - lo]!;
    let tail = 0;
    for (let i = 0; i < w.length; i++) if (w[i]! <= wObs * (1 + 1e-7)) tail += w[i]!;
    const p = Math.min(1, tail / total);
    return { statistic: odds, pValue: p, score: p, details: { table: [[a, b], [c, d]], categories: al.keys } };
  },
};
