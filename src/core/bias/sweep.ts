import { attributeSets } from './attributeSets';
import { computeBaseMetrics } from './metrics';
import { computeDisparities } from './spec';
import type { ConfusionCounts } from './types';

/**
 * Threshold sweep from per-group score histograms: with b(s) = max{k : k/B ≤ s}, a row is selected
 * at threshold t_k = k/B iff b(s) ≥ k, so TP(t_k) = Σ_{b≥k} pos[b] and FP(t_k) = Σ_{b≥k} neg[b]
 * (cumulative sums from the top). Each point gives per-group selection rate, TPR and FPR and the
 * parity metrics of the spec table (demographic parity difference/ratio, equalized odds difference),
 * with the same small-group and undefined-value rules as the headline numbers.
 */
export interface SweepPoint {
  threshold: number;
  groups: { group: string; selectionRate: number | null; tpr: number | null; fpr: number | null }[];
  demographicParityDifference: number | null;
  demographicParityRatio: number | null;
  equalizedOddsDifference: number | null;
}

type Histogram = { pos: number[]; neg: number[] };

export function countsAtThresholds(h: Histogram, bins: number): ConfusionCounts[] {
  const out: ConfusionCounts[] = new Array<ConfusionCounts>(bins + 1);
  const P = h.pos.reduce((s, v) => s + v, 0);
  const N = h.neg.reduce((s, v) => s + v, 0);
  let tp = 0, fp = 0;
  for (let k = bins; k >= 0; k--) {
    tp += h.pos[k] ?? 0;
    fp += h.neg[k] ?? 0;
    out[k] = { n: P + N, tp, fp, fn: P - tp, tn: N - fp };
  }
  return out;
}

export function thresholdSweep(hist: Map<string, Histogram>, attributes: readonly string[], bins: number, minGroupSize: number, step = 5): Map<string, SweepPoint[]> {
  const overall = countsAtThresholds(hist.get('\u0000') ?? { pos: [], neg: [] }, bins);
  const out = new Map<string, SweepPoint[]>();
  for (const set of attributeSets(attributes)) {
    const groups = [...hist.entries()].filter(([k]) => k.startsWith(`${set.name}\u0000`)).map(([k, h]) => ({ group: k.slice(set.name.length + 1), at: countsAtThresholds(h, bins) }));
    const points: SweepPoint[] = [];
    for (let k = 0; k <= bins; k += step) {
      const gm = groups.map((g) => {
        const c = g.at[k] ?? { n: 0, tp: 0, fp: 0, fn: 0, tn: 0 };
        return { group: g.group, small: c.n < minGroupSize, metrics: computeBaseMetrics(c) };
      });
      const d = computeDisparities(gm, computeBaseMetrics(overall[k] ?? { n: 0, tp: 0, fp: 0, fn: 0, tn: 0 }));
      points.push({
        threshold: k / bins,
        groups: gm.map((g) => ({ group: g.group, selectionRate: g.metrics.selectionRate.value, tpr: g.metrics.tpr.value, fpr: g.metrics.fpr.value })),
        demographicParityDifference: d['demographicParityDifference']?.value ?? null,
        demographicParityRatio: d['demographicParityRatio']?.value ?? null,
        equalizedOddsDifference: d['equalizedOddsDifference']?.value ?? null,
      });
    }
    out.set(set.name, points);
  }
  return out;
}
