import { studentTSf } from '../../stats/studentTSf';
import { prepareNumeric } from '../prepareNumeric';
import type { DriftTest } from '../types';

function meanVar(x: Float64Array): { mean: number; variance: number } {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i]!;
  m /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i]! - m) ** 2;
  return { mean: m, variance: ss / (x.length - 1) };
}

/**
 * Two-sample Student t-test with pooled variance — Evidently's 't_test', which calls
 * scipy.stats.ttest_ind(ref, cur) with its default equal_var=True:
 * s² = ((n₁−1)s₁² + (n₂−1)s₂²)/(n₁+n₂−2), t = (x̄₁ − x̄₂)/√(s²(1/n₁ + 1/n₂)), p = 2·T_{n₁+n₂−2}.sf(|t|).
 * Needs ≥ 2 finite values per side (scipy would return NaN). Zero pooled variance: scipy returns NaN; we return
 * t = 0, p = 1 when the means are equal and t = ±∞, p = 0 otherwise.
 */
export const tTest: DriftTest = {
  id: 't_test',
  label: 't-test p-value',
  appliesTo: ['numeric'],
  defaultThreshold: 0.05,
  scoreKind: 'pValue',
  run(reference, current) {
    const r = prepareNumeric(reference, 'reference', 't_test', 2);
    const c = prepareNumeric(current, 'current', 't_test', 2);
    const a = meanVar(r.sorted);
    const b = meanVar(c.sorted);
    const n1 = r.sorted.length;
    const n2 = c.sorted.length;
    const df = n1 + n2 - 2;
    const svar = ((n1 - 1) * a.variance + (n2 - 1) * b.variance) / df;
    const denom = Math.sqrt(svar * (1 / n1 + 1 / n2));
    const diff = a.mean - b.mean;
    let t: number;
    if (denom === 0) t = diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
    else t = diff / denom;
    const p = Math.min(1, 2 * studentTSf(Math.abs(t), df));
    return { statistic: t, pValue: p, score: p, details: { df, referenceDropped: r.dropped, currentDropped: c.dropped } };
  },
};
