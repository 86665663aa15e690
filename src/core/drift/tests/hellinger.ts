import { sturgesBinning } from '../../stats/sturgesBinning';
import { forEachTieGroup } from '../../stats/forEachTieGroup';
import { binnedFrequencies } from '../binnedFrequencies';
import type { DriftTest, DriftTestOptions } from '../types';

/**
 * Hellinger distance H = √(1 − clip(Σ √(p_i q_i), 0, 1)) — Evidently's 'hellinger'. No smoothing.
 * - categorical: p, q the category shares over the union of categories.
 * - numeric (Evidently): Sturges bins computed over the DISTINCT pooled values (numpy.histogram_bin_edges(keys,
 *   'sturges')), then the shares of each sample per bin (Evidently's density·width equals count/n for equal
 *   widths). options.binning overrides the edges.
 */
export const hellinger: DriftTest = {
  id: 'hellinger',
  label: 'Hellinger distance',
  appliesTo: ['numeric', 'categorical', 'boolean'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  run(reference, current, options) {
    let opts: DriftTestOptions | undefined = options;
    if (reference.kind === 'numeric' && !options?.binning) {
      opts = {
        ...options,
        binning: (r, c) => {
          const distinct: number[] = [];
          forEachTieGroup(r, c, (v) => distinct.push(v));
          // Evidently always bins numeric columns for Hellinger, even with few distinct values.
          return sturgesBinning(Float64Array.from(distinct), new Float64Array(0));
        },
      };
    }
    const f = binnedFrequencies(reference, current, 'hellinger', opts, false);
    let bc = 0;
    for (let i = 0; i < f.bins; i++) bc += Math.sqrt(f.reference[i]! * f.current[i]!);
    const score = Math.sqrt(1 - Math.min(1, Math.max(0, bc)));
    return { statistic: score, pValue: null, score, details: f.details };
  },
};
