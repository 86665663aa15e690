import { cdfDistanceIntegral } from '../cdfDistance';
import { prepareNumeric } from '../prepareNumeric';
import type { DriftTest } from '../types';

/**
 * Energy distance — Evidently's 'energy' (scipy.stats.energy_distance): for one-dimensional samples
 * D = √2 · (∫ (F_ref − F_cur)² dx)^{1/2} (Székely & Rizzo 2013; scipy's CDF form), computed with one sort and
 * one merge pass: O(n log n), never the O(n²) pairwise form. Distance, drifted when ≥ 0.1.
 */
export const energy: DriftTest = {
  id: 'energy',
  label: 'Energy distance',
  appliesTo: ['numeric'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  run(reference, current) {
    const r = prepareNumeric(reference, 'reference', 'energy');
    const c = prepareNumeric(current, 'current', 'energy');
    const score = Math.SQRT2 * Math.sqrt(cdfDistanceIntegral(r.sorted, c.sorted, 2));
    return { statistic: score, pValue: null, score, details: { referenceDropped: r.dropped, currentDropped: c.dropped } };
  },
};
