/**
 * Evaluation metrics of one model's predictions against a label, with optional integer row weights so a
 * bootstrap resample is a weight vector (row i drawn w[i] times) instead of a copied array. With w = null
 * every row counts once. Each metric matches scikit-learn 1.2 (accuracy_score, roc_auc_score, log_loss,
 * precision_score, recall_score, f1_score, mean_squared_error(squared=False), mean_absolute_error) with
 * `sample_weight = w`; an undefined value (no positive label, no predicted positive, one class only) is NaN
 * rather than sklearn's 0-with-a-warning, so it is never mistaken for a real score.
 *
 * Conventions: binary probabilities predict class 1 when p > 0.5 (XGBClassifier.predict); log loss clips p to
 * [eps, 1 − eps] with eps = 2.22e-16 (sklearn's eps='auto' for float64); multiclass predicts the argmax
 * (first on ties, as numpy.argmax).
 */

export type Task = 'binary' | 'multiclass' | 'regression';

/** The label and one model's output on the same rows. `p` is n × width row-major (width 1 unless multiclass). */
export interface Scored {
  task: Task;
  y: Float64Array;
  p: Float64Array;
  width: number;
  /** For binary: row indices sorted by p ascending (precomputed once; AUC per resample is then O(n)). */
  order?: Int32Array;
  /** Per-row predicted class and log loss, precomputed by `prepareScored` so each resample is one tight loop. */
  cls?: Int32Array;
  loss?: Float64Array;
}

/** Precomputes the per-row predicted class and loss (and the sort order for AUC); metrics then only sum. */
export function prepareScored(s: Scored): Scored {
  const n = s.y.length;
  if (s.task === 'regression') return s;
  const cls = new Int32Array(n);
  const loss = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cls[i] = predictedClass(s, i);
    const y = s.y[i]!;
    const q = s.task === 'binary' ? (y === 1 ? s.p[i]! : 1 - s.p[i]!) : s.p[i * s.width + y]!;
    loss[i] = -Math.log(Math.min(1 - EPS, Math.max(EPS, q)));
  }
  return { ...s, cls, loss, ...(s.task === 'binary' && !s.order ? { order: sortOrder(s.p) } : {}) };
}

export interface MetricSpec {
  id: string;
  label: string;
  tasks: readonly Task[];
  higherIsBetter: boolean;
  /** True for metrics in [0, 1] whose deltas read as percentage points. */
  proportion: boolean;
  fn: (s: Scored, w: Float64Array | null) => number;
}

const EPS = 2.220446049250313e-16;
const wt = (w: Float64Array | null, i: number): number => (w ? w[i]! : 1);

/** Predicted class of row i: p > 0.5 for binary, argmax for multiclass; regression has none. */
export function predictedClass(s: Scored, i: number): number {
  if (s.task === 'binary') return s.p[i]! > 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < s.width; k++) if (s.p[i * s.width + k]! > s.p[i * s.width + best]!) best = k;
  return best;
}

/** Row indices sorted by score ascending (stable), for `auc`. */
export function sortOrder(p: Float64Array): Int32Array {
  const idx = Int32Array.from({ length: p.length }, (_, i) => i);
  return idx.sort((a, b) => p[a]! - p[b]! || a - b);
}

function accuracy(s: Scored, w: Float64Array | null): number {
  let ok = 0;
  let tot = 0;
  const cls = s.cls;
  const y = s.y;
  for (let i = 0; i < y.length; i++) {
    const c = w ? w[i]! : 1;
    if (c === 0) continue;
    tot += c;
    if ((cls ? cls[i]! : predictedClass(s, i)) === y[i]) ok += c;
  }
  return tot > 0 ? ok / tot : NaN;
}

/** Binary confusion counts (positive class 1) under weights. */
function confusion(s: Scored, w: Float64Array | null): { tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const cls = s.cls;
  for (let i = 0; i < s.y.length; i++) {
    const c = w ? w[i]! : 1;
    if (c === 0) continue;
    const pred = cls ? cls[i] === 1 : s.p[i]! > 0.5;
    const pos = s.y[i] === 1;
    if (pred && pos) tp += c;
    else if (pred) fp += c;
    else if (pos) fn += c;
  }
  return { tp, fp, fn };
}

function precision(s: Scored, w: Float64Array | null): number {
  const { tp, fp } = confusion(s, w);
  return tp + fp > 0 ? tp / (tp + fp) : NaN;
}

function recall(s: Scored, w: Float64Array | null): number {
  const { tp, fn } = confusion(s, w);
  return tp + fn > 0 ? tp / (tp + fn) : NaN;
}

function f1(s: Scored, w: Float64Array | null): number {
  const { tp, fp, fn } = confusion(s, w);
  return 2 * tp + fp + fn > 0 && tp + fp > 0 && tp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : NaN;
}

/**
 * Weighted ROC AUC = P(score_pos > score_neg) + ½ P(tie), the Mann–Whitney form of the trapezoidal area
 * sklearn integrates. One pass over `order` (scores ascending) per call, tie groups handled together.
 */
function auc(s: Scored, w: Float64Array | null): number {
  const order = s.order ?? sortOrder(s.p);
  let negBelow = 0;
  let sum = 0;
  let wPos = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    let gPos = 0;
    let gNeg = 0;
    const v = s.p[order[i]!]!;
    while (j < order.length && s.p[order[j]!] === v) {
      const r = order[j]!;
      const c = wt(w, r);
      if (s.y[r] === 1) gPos += c;
      else gNeg += c;
      j++;
    }
    sum += gPos * (negBelow + 0.5 * gNeg);
    negBelow += gNeg;
    wPos += gPos;
    i = j;
  }
  return wPos > 0 && negBelow > 0 ? sum / (wPos * negBelow) : NaN;
}

function logLoss(s: Scored, w: Float64Array | null): number {
  let tot = 0;
  let loss = 0;
  const pre = s.loss;
  if (pre) {
    for (let i = 0; i < pre.length; i++) {
      const c = w ? w[i]! : 1;
      loss += c * pre[i]!;
      tot += c;
    }
    return tot > 0 ? loss / tot : NaN;
  }
  for (let i = 0; i < s.y.length; i++) {
    const c = wt(w, i);
    if (c === 0) continue;
    const y = s.y[i]!;
    let q: number;
    if (s.task === 'binary') q = y === 1 ? s.p[i]! : 1 - s.p[i]!;
    else q = s.p[i * s.width + y]!;
    loss -= c * Math.log(Math.min(1 - EPS, Math.max(EPS, q)));
    tot += c;
  }
  return tot > 0 ? loss / tot : NaN;
}

function rmse(s: Scored, w: Float64Array | null): number {
  let tot = 0;
  let sq = 0;
  for (let i = 0; i < s.y.length; i++) {
    const c = wt(w, i);
    const d = s.p[i]! - s.y[i]!;
    sq += c * d * d;
    tot += c;
  }
  return tot > 0 ? Math.sqrt(sq / tot) : NaN;
}

function mae(s: Scored, w: Float64Array | null): number {
  let tot = 0;
  let a = 0;
  for (let i = 0; i < s.y.length; i++) {
    const c = wt(w, i);
    a += c * Math.abs(s.p[i]! - s.y[i]!);
    tot += c;
  }
  return tot > 0 ? a / tot : NaN;
}

/** Every evaluation metric, in the order reports list them. */
export const EVAL_METRICS: readonly MetricSpec[] = [
  { id: 'auc', label: 'AUC', tasks: ['binary'], higherIsBetter: true, proportion: true, fn: auc },
  { id: 'accuracy', label: 'accuracy', tasks: ['binary', 'multiclass'], higherIsBetter: true, proportion: true, fn: accuracy },
  { id: 'log_loss', label: 'log loss', tasks: ['binary', 'multiclass'], higherIsBetter: false, proportion: false, fn: logLoss },
  { id: 'precision', label: 'precision', tasks: ['binary'], higherIsBetter: true, proportion: true, fn: precision },
  { id: 'recall', label: 'recall', tasks: ['binary'], higherIsBetter: true, proportion: true, fn: recall },
  { id: 'f1', label: 'F1', tasks: ['binary'], higherIsBetter: true, proportion: true, fn: f1 },
  { id: 'rmse', label: 'RMSE', tasks: ['regression'], higherIsBetter: false, proportion: false, fn: rmse },
  { id: 'mae', label: 'MAE', tasks: ['regression'], higherIsBetter: false, proportion: false, fn: mae },
];

export function metricsFor(task: Task): MetricSpec[] {
  return EVAL_METRICS.filter((m) => m.tasks.includes(task));
}
