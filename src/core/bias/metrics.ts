import type { ConfusionCounts, MaybeNumber } from './types';

/**
 * Base per-group metrics, each a function of the confusion counts (fairlearn's base metrics:
 * fairlearn.metrics selection_rate, true_positive_rate, false_positive_rate, false_negative_rate,
 * true_negative_rate; precision/NPV/accuracy as in sklearn.metrics). A ratio whose denominator is
 * zero is undefined and says why — it is never reported as 0 and never NaN.
 *
 *   baseRate = (tp+fn)/n        selectionRate = (tp+fp)/n     accuracy = (tp+tn)/n
 *   tpr = tp/(tp+fn)  fnr = fn/(tp+fn)   fpr = fp/(fp+tn)  tnr = tn/(fp+tn)
 *   precision (PPV) = tp/(tp+fp)        npv = tn/(tn+fn)
 */
export type BaseMetricId = 'baseRate' | 'selectionRate' | 'tpr' | 'fpr' | 'fnr' | 'tnr' | 'precision' | 'npv' | 'accuracy';

export interface BaseMetric {
  id: BaseMetricId;
  label: string;
  compute: (c: ConfusionCounts) => MaybeNumber;
}

function ratio(num: number, den: number, reason: string): MaybeNumber {
  return den > 0 ? { value: num / den } : { value: null, reason };
}

const NO_ROWS = 'no rows';
const NO_POS = 'no actual positives';
const NO_NEG = 'no actual negatives';

/** The registry, in report order. */
export const BASE_METRICS: readonly BaseMetric[] = [
  { id: 'baseRate', label: 'base rate', compute: (c) => ratio(c.tp + c.fn, c.n, NO_ROWS) },
  { id: 'selectionRate', label: 'selection rate', compute: (c) => ratio(c.tp + c.fp, c.n, NO_ROWS) },
  { id: 'tpr', label: 'true positive rate', compute: (c) => ratio(c.tp, c.tp + c.fn, NO_POS) },
  { id: 'fpr', label: 'false positive rate', compute: (c) => ratio(c.fp, c.fp + c.tn, NO_NEG) },
  { id: 'fnr', label: 'false negative rate', compute: (c) => ratio(c.fn, c.tp + c.fn, NO_POS) },
  { id: 'tnr', label: 'true negative rate', compute: (c) => ratio(c.tn, c.fp + c.tn, NO_NEG) },
  { id: 'precision', label: 'precision (PPV)', compute: (c) => ratio(c.tp, c.tp + c.fp, 'no predicted positives') },
  { id: 'npv', label: 'negative predictive value', compute: (c) => ratio(c.tn, c.tn + c.fn, 'no predicted negatives') },
  { id: 'accuracy', label: 'accuracy', compute: (c) => ratio(c.tp + c.tn, c.n, NO_ROWS) },
];

export function baseMetric(id: BaseMetricId): BaseMetric {
  const m = BASE_METRICS.find((b) => b.id === id);
  if (!m) throw new RangeError(`unknown base metric ${id}; valid: ${BASE_METRICS.map((b) => b.id).join(', ')}`);
  return m;
}

/** All base metrics of one group. */
export function computeBaseMetrics(c: ConfusionCounts): Record<BaseMetricId, MaybeNumber> {
  const out = {} as Record<BaseMetricId, MaybeNumber>;
  for (const m of BASE_METRICS) out[m.id] = m.compute(c);
  return out;
}
