import { cdfDistanceIntegral } from '../cdfDistance';
import { prepareNumeric } from '../prepareNumeric';
import type { DriftTest } from '../types';

/**
 * Normed first Wasserstein distance — Evidently's 'wasserstein':
 * W₁(ref, cur) / max(σ_ref, 0.001), W₁ = ∫ |F_ref − F_cur| dx (scipy.stats.wasserstein_distance),
 * σ_ref the population standard deviation (numpy.std, ddof = 0), two-pass. O(n log n).
 * Distance: drifted when ≥ threshold (default 0.1).
 */
export const wasserstein: DriftTest = {
  id: 'wasserstein',
  label: 'Wasserstein distance (normed)',
  appliesTo: ['numeric'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  run(reference, current) {
    const r = prepareNumeric(reference, 'reference', 'wasserstein');
    const c = prepareNumeric(current, 'current', 'wasserstein');
    const x = r.sorted;
    let mean = 0;
    for (let i = 0; i < x.length; i++) mean += x[i]!;
    mean /= x.length;
    let ss = 0;
    for (let i = 0; i < x.length; i++) ss += (x[i]! - mean) ** 2;
    const std = Math.sqrt(ss / x.length);
    const w = cdfDistanceIntegral(r.sorted, c.sorted, 1);
    const score = w / Math.max(std, 0.001);
    return { statistic: score, pValue: null, score, details: { wasserstein: w, referenceStd: std, referenceDropped: r.dropped, currentDropped: c.dropped } };
  },
};
