import { EVAL_METRICS, prepareScored, sortOrder, type MetricSpec, type Scored } from './metrics';

/**
 * Every evaluation metric of one model under one bootstrap draw, from two passes over the rows instead of one
 * pass per metric: a pass in row order for the counts and sums (accuracy, precision, recall, F1, log loss,
 * RMSE, MAE) and, for binary models, a pass in score order for AUC. Each sum is accumulated in the same order
 * and with the same expressions as the metric functions in metrics.ts, so the values are bit-identical to
 * calling them one by one (tests check it); on 1M rows this turns a 500-draw bootstrap from minutes into
 * seconds.
 */
export class DrawScorer {
  private readonly s: Scored;
  /** Binary only: the label in score order, and 1 where a new run of tied scores starts. */
  private readonly ySorted: Uint8Array;
  private readonly groupStart: Uint8Array;
  private readonly order: Int32Array;
  /** Multiclass: the label as an integer. Binary: label and predicted class as 0/1 bytes. */
  private readonly yInt: Int32Array;
  private readonly positive: Uint8Array;
  private readonly predicted: Uint8Array;

  constructor(scored: Scored) {
    this.s = scored.task === 'regression' || (scored.cls && scored.loss) ? scored : prepareScored(scored);
    const { y, p, cls } = this.s;
    const n = y.length;
    // Plain loops: typed-array from() with a callback costs ~0.3 s per 1M rows.
    const binary = this.s.task === 'binary';
    this.yInt = new Int32Array(cls && !binary ? n : 0);
    this.positive = new Uint8Array(binary ? n : 0);
    this.predicted = new Uint8Array(binary ? n : 0);
    if (cls && !binary) for (let i = 0; i < n; i++) this.yInt[i] = y[i]!;
    if (cls && binary) {
      for (let i = 0; i < n; i++) {
        this.positive[i] = y[i] === 1 ? 1 : 0;
        this.predicted[i] = cls[i] === 1 ? 1 : 0;
      }
    }
    this.order = binary ? (this.s.order ?? sortOrder(p)) : new Int32Array(0);
    this.ySorted = new Uint8Array(this.order.length);
    this.groupStart = new Uint8Array(this.order.length);
    for (let j = 0; j < this.order.length; j++) {
      const r = this.order[j]!;
      this.ySorted[j] = y[r] === 1 ? 1 : 0;
      this.groupStart[j] = j === 0 || p[r] !== p[this.order[j - 1]!] ? 1 : 0;
    }
  }

  /**
   * Whether `values` reproduces `metrics` for a model of this task: Model Lens' own metrics (EVAL_METRICS), each
   * applying to the task (e.g. precision is a binary metric: a multiclass model has no confusion sums here).
   */
  static covers(metrics: readonly MetricSpec[], task: Scored['task']): boolean {
    return metrics.every((m) => EVAL_METRICS.includes(m) && m.tasks.includes(task));
  }

  /** The metrics under integer weights w (row i counted w[i] times), in the order of `metrics`. */
  values(metrics: readonly MetricSpec[], w: Uint8Array): number[] {
    const sums = this.sums(w);
    const needAuc = metrics.some((m) => m.id === 'auc');
    const area = needAuc ? this.auc(w) : NaN;
    return metrics.map((m) => fromSums(m.id, sums, area));
  }

  private sums(w: Uint8Array): Sums {
    if (this.s.task === 'regression') return regressionSums(this.s.y, this.s.p, w);
    if (this.s.task === 'binary') return binarySums(this.s.loss!, this.predicted, this.positive, w);
    return classSums(this.s.cls!, this.yInt, this.s.loss!, w);
  }

  /** metrics.ts `auc` under weights: the same tie groups, visited in the same order. */
  private auc(w: Uint8Array): number {
    const { order, ySorted, groupStart } = this;
    let negBelow = 0;
    let sum = 0;
    let wPos = 0;
    let gPos = 0;
    let gNeg = 0;
    for (let j = 0; j < order.length; j++) {
      if (groupStart[j] === 1 && j > 0) {
        sum += gPos * (negBelow + 0.5 * gNeg);
        negBelow += gNeg;
        wPos += gPos;
        gPos = 0;
        gNeg = 0;
      }
      const c = w[order[j]!]!;
      const pos = c * ySorted[j]!;
      gPos += pos;
      gNeg += c - pos;
    }
    if (order.length > 0) {
      sum += gPos * (negBelow + 0.5 * gNeg);
      negBelow += gNeg;
      wPos += gPos;
    }
    return wPos > 0 && negBelow > 0 ? sum / (wPos * negBelow) : NaN;
  }
}

interface Sums {
  tot: number;
  ok: number;
  tp: number;
  fp: number;
  fn: number;
  loss: number;
  sq: number;
  abs: number;
}

/** metrics.ts' rmse and mae sums (every row, as they do). */
function regressionSums(y: Float64Array, p: Float64Array, w: Uint8Array): Sums {
  let tot = 0;
  let sq = 0;
  let abs = 0;
  for (let i = 0; i < y.length; i++) {
    const c = w[i]!;
    const d = p[i]! - y[i]!;
    sq += c * d * d;
    abs += c * Math.abs(d);
    tot += c;
  }
  return { tot, ok: 0, tp: 0, fp: 0, fn: 0, loss: 0, sq, abs };
}

/**
 * metrics.ts' accuracy, confusion and log-loss sums of a binary model, branch-free: a row drawn 0 times adds
 * exact zeros (integer counts, and 0 · loss = 0 with the loss finite), so every sum equals the metric
 * functions', which skip such rows. The predicted class and the label are 0/1 bytes (correct = they are equal;
 * binary labels are 0/1, which evaluate's readLabel enforces).
 */
function binarySums(pre: Float64Array, predicted: Uint8Array, positive: Uint8Array, w: Uint8Array): Sums {
  let tot = 0;
  let ok = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let loss = 0;
  for (let i = 0; i < pre.length; i++) {
    const c = w[i]!;
    tot += c;
    loss += c * pre[i]!;
    const pc = c * predicted[i]!;
    const pos = positive[i]!;
    const t = pc * pos;
    tp += t;
    fp += pc - t;
    fn += c * pos - t;
    ok += c - pc - c * pos + 2 * t;
  }
  return { tot, ok, tp, fp, fn, loss, sq: 0, abs: 0 };
}

/** The same for a multiclass model: accuracy and log loss (precision, recall and F1 are binary metrics). */
function classSums(cls: Int32Array, y: Int32Array, pre: Float64Array, w: Uint8Array): Sums {
  let tot = 0;
  let ok = 0;
  let loss = 0;
  for (let i = 0; i < cls.length; i++) {
    const c = w[i]!;
    tot += c;
    ok += cls[i] === y[i] ? c : 0;
    loss += c * pre[i]!;
  }
  return { tot, ok, tp: 0, fp: 0, fn: 0, loss, sq: 0, abs: 0 };
}

/** The formulas of metrics.ts applied to the sums. */
function fromSums(id: string, s: Sums, auc: number): number {
  switch (id) {
    case 'auc':
      return auc;
    case 'accuracy':
      return s.tot > 0 ? s.ok / s.tot : NaN;
    case 'log_loss':
      return s.tot > 0 ? s.loss / s.tot : NaN;
    case 'precision':
      return s.tp + s.fp > 0 ? s.tp / (s.tp + s.fp) : NaN;
    case 'recall':
      return s.tp + s.fn > 0 ? s.tp / (s.tp + s.fn) : NaN;
    case 'f1':
      return 2 * s.tp + s.fp + s.fn > 0 && s.tp + s.fp > 0 && s.tp + s.fn > 0 ? (2 * s.tp) / (2 * s.tp + s.fp + s.fn) : NaN;
    case 'rmse':
      return s.tot > 0 ? Math.sqrt(s.sq / s.tot) : NaN;
    case 'mae':
      return s.tot > 0 ? s.abs / s.tot : NaN;
    default:
      throw new Error(`DrawScorer: no formula for metric '${id}'`);
  }
}
