import { differenceBetweenGroups, differenceToOverall, ratioBetweenGroups, ratioToOverall, type Comparison, type GroupValue } from './disparity';
import type { BaseMetricId } from './metrics';
import type { MaybeNumber } from './types';

/**
 * The disparity spec table, in the manner of fairlearn's METRICS_SPEC
 * (fairlearn/metrics/_generated_metrics.py, _fairness_metrics.py): each row names the base metrics
 * and which variants exist; difference/ratio "between groups" and "to overall" are derived.
 * With several base metrics (equalized odds: TPR and FPR), fairlearn's `agg="worst_case"` applies:
 * difference = max over the base metrics' differences, ratio = min over their ratios
 * (https://fairlearn.org/main/api_reference/generated/fairlearn.metrics.equalized_odds_difference.html).
 */
export interface DisparitySpec {
  id: 'demographicParity' | 'equalizedOdds' | 'equalOpportunity' | 'predictiveParity' | 'accuracyParity';
  label: string;
  bases: readonly BaseMetricId[];
  ratio: boolean;
}

export const DISPARITY_SPECS: readonly DisparitySpec[] = [
  { id: 'demographicParity', label: 'selection rate (demographic parity)', bases: ['selectionRate'], ratio: true },
  { id: 'equalizedOdds', label: 'worst of true and false positive rates (equalized odds)', bases: ['tpr', 'fpr'], ratio: true },
  { id: 'equalOpportunity', label: 'true positive rate (equal opportunity)', bases: ['tpr'], ratio: true },
  { id: 'predictiveParity', label: 'precision (predictive parity)', bases: ['precision'], ratio: false },
  { id: 'accuracyParity', label: 'accuracy', bases: ['accuracy'], ratio: true },
];

export interface GroupMetricValues {
  group: string;
  small: boolean;
  metrics: Record<BaseMetricId, MaybeNumber>;
}

type Variant = 'Difference' | 'Ratio' | 'DifferenceToOverall' | 'RatioToOverall';

function worstCase(parts: Comparison[], pick: 'max' | 'min'): Comparison {
  const bad = parts.find((p) => p.value === null);
  if (bad) return bad;
  return parts.reduce((best, p) => ((pick === 'max' ? (p.value ?? 0) > (best.value ?? 0) : (p.value ?? 0) < (best.value ?? 0)) ? p : best));
}

/** All disparity metrics of one attribute (or intersection), keyed like `demographicParityRatioToOverall`. */
export function computeDisparities(groups: readonly GroupMetricValues[], overall: Record<BaseMetricId, MaybeNumber>): Record<string, Comparison> {
  const out: Record<string, Comparison> = {};
  for (const spec of DISPARITY_SPECS) {
    const series = spec.bases.map((b) => ({ values: groups.map((g): GroupValue => ({ group: g.group, small: g.small, value: g.metrics[b] })), overall: overall[b] }));
    const variants: [Variant, (s: (typeof series)[number]) => Comparison, 'max' | 'min'][] = [
      ['Difference', (s) => differenceBetweenGroups(s.values), 'max'],
      ['DifferenceToOverall', (s) => differenceToOverall(s.values, s.overall), 'max'],
    ];
    if (spec.ratio) {
      variants.push(['Ratio', (s) => ratioBetweenGroups(s.values), 'min'], ['RatioToOverall', (s) => ratioToOverall(s.values, s.overall), 'min']);
    }
    for (const [variant, f, pick] of variants) out[`${spec.id}${variant}`] = worstCase(series.map(f), pick);
  }
  return out;
}
