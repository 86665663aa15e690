/**
 * Every metric `model-lens evaluate` reports, by id: the name a person reads, a one-line definition, the
 * task it applies to and which direction is better. Reports, panels, --fail-on conditions and the history
 * all look metrics up here, so an id means the same thing everywhere.
 */
export type EvalTask = 'binary' | 'multiclass' | 'regression';

export interface MetricInfo {
  id: string;
  /** Human name, e.g. "ROC AUC". */
  label: string;
  /** One line a manager can read. */
  definition: string;
  tasks: readonly EvalTask[];
  higherIsBetter: boolean;
  /** Values in [0, 1] (shown as proportions; deltas read as points). */
  proportion: boolean;
  /** Needs probability scores (not only predicted classes). */
  needsScores: boolean;
}

const m = (id: string, label: string, definition: string, tasks: readonly EvalTask[], higherIsBetter: boolean, proportion: boolean, needsScores: boolean): MetricInfo =>
  ({ id, label, definition, tasks, higherIsBetter, proportion, needsScores });

const B: readonly EvalTask[] = ['binary'];
const BM: readonly EvalTask[] = ['binary', 'multiclass'];
const MC: readonly EvalTask[] = ['multiclass'];
const R: readonly EvalTask[] = ['regression'];

/** In the order reports list them. */
export const METRICS: readonly MetricInfo[] = [
  m('rocAuc', 'ROC AUC', 'Chance that a random positive is scored above a random negative (0.5 = guessing, 1 = perfect).', B, true, true, true),
  m('prAuc', 'PR AUC (average precision)', 'Precision averaged over every recall level; compare it with the share of positives.', B, true, true, true),
  m('accuracy', 'Accuracy', 'Share of predictions that are right.', BM, true, true, false),
  m('precision', 'Precision', 'Of the cases predicted positive, the share that really are.', B, true, true, false),
  m('recall', 'Recall', 'Of the real positives, the share the model finds.', B, true, true, false),
  m('f1', 'F1', 'Harmonic mean of precision and recall.', B, true, true, false),
  m('logLoss', 'Log loss', 'Average penalty for confident wrong probabilities (lower is better).', BM, false, false, true),
  m('brier', 'Brier score', 'Mean squared gap between the probability and the outcome (lower is better).', B, false, true, true),
  m('ece', 'Calibration error (ECE)', 'Average gap between predicted probability and observed rate, over 10 equal-width bins.', B, false, true, true),
  m('precisionMacro', 'Precision (macro)', 'Precision of each class, averaged with equal weight per class.', MC, true, true, false),
  m('recallMacro', 'Recall (macro)', 'Recall of each class, averaged with equal weight per class.', MC, true, true, false),
  m('f1Macro', 'F1 (macro)', 'F1 of each class, averaged with equal weight per class.', MC, true, true, false),
  m('precisionWeighted', 'Precision (weighted)', 'Precision of each class, weighted by how often the class occurs.', MC, true, true, false),
  m('recallWeighted', 'Recall (weighted)', 'Recall of each class, weighted by how often the class occurs.', MC, true, true, false),
  m('f1Weighted', 'F1 (weighted)', 'F1 of each class, weighted by how often the class occurs.', MC, true, true, false),
  m('mae', 'Mean absolute error', 'Average size of the error, in the label’s units (lower is better).', R, false, false, false),
  m('rmse', 'Root mean squared error', 'Typical error size, weighting large misses more (lower is better).', R, false, false, false),
  m('r2', 'R²', 'Share of the label’s variance the predictions explain (1 = perfect, 0 = predicting the mean).', R, true, false, false),
  m('mape', 'Mean absolute percentage error', 'Average error relative to the true value (lower is better).', R, false, false, false),
];

const BY_ID = new Map(METRICS.map((x) => [x.id, x]));

export function metricInfo(id: string): MetricInfo | undefined {
  return BY_ID.get(id);
}

/** The metrics of a task, in report order; without scores the ones that need them are left out. */
export function metricsOf(task: EvalTask, hasScores: boolean): MetricInfo[] {
  return METRICS.filter((x) => x.tasks.includes(task) && (hasScores || !x.needsScores));
}

/** The metric a verdict, a flagged window and a default check use: ROC AUC (accuracy without scores), accuracy, RMSE. */
export function primaryMetric(task: EvalTask, hasScores: boolean): string {
  if (task === 'binary') return hasScores ? 'rocAuc' : 'accuracy';
  return task === 'multiclass' ? 'accuracy' : 'rmse';
}
