import type { RandomSource } from '../random';
import { drawCounts, suffixSums } from './bootstrap';

/**
 * Multiclass metrics as scikit-learn 1.2 computes them: accuracy_score, precision_recall_fscore_support per
 * class and averaged ('macro': plain mean over classes, 'weighted': weighted by support) with
 * zero_division=0 inside the averages (a class never predicted counts as precision 0 there, as scikit-learn
 * does; per class it is reported as undefined), and log_loss over the probability columns (clipped to
 * [ε, 1 − ε], ε = 2⁻⁵², then renormalised per row). The classes are those present in the label or the
 * prediction (scikit-learn's unique_labels), coded 0 … k − 1.
 */
export const MULTICLASS_METRIC_IDS = ['accuracy', 'precisionMacro', 'recallMacro', 'f1Macro', 'precisionWeighted', 'recallWeighted', 'f1Weighted', 'logLoss'] as const;

const EPS = 2.220446049250313e-16;

export interface MulticlassRows {
  /** Label code per row. */
  y: Int32Array;
  /** Predicted class code per row. */
  pred: Int32Array;
  /** Per-row log loss when probabilities are known, else null. */
  loss: Float64Array | null;
  /** Number of class codes. */
  k: number;
}

/** log_loss's per-row term: −ln of the label's clipped probability over the sum of all clipped probabilities. */
export function multiclassRowLoss(p: Float64Array, row: number, k: number, label: number): number {
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.min(1 - EPS, Math.max(EPS, p[row * k + c]!));
  return -Math.log(Math.min(1 - EPS, Math.max(EPS, p[row * k + label]!)) / sum);
}

export interface PerClassValues { precision: number; recall: number; f1: number; support: number; predicted: number }

/**
 * Metrics from a k × k confusion matrix (rows: label, columns: prediction) and the summed log loss.
 * `present[c]` marks the classes scikit-learn would list; absent classes are left out of the averages.
 */
export function metricsFromConfusion(cm: Float64Array, k: number, lossSum: number, hasLoss: boolean, present: Uint8Array): { values: Float64Array; perClass: PerClassValues[] } {
  let n = 0;
  let correct = 0;
  const perClass: PerClassValues[] = [];
  for (let c = 0; c < k; c++) {
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += cm[c * k + j]!;
      predicted += cm[j * k + c]!;
    }
    const tp = cm[c * k + c]!;
    n += support;
    correct += tp;
    const precision = predicted > 0 ? tp / predicted : NaN;
    const recall = support > 0 ? tp / support : NaN;
    const f1 = Number.isNaN(precision) || Number.isNaN(recall) ? NaN : precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ precision, recall, f1, support, predicted });
  }
  const zero = (v: number) => (Number.isNaN(v) ? 0 : v);
  let m = 0;
  const macro = [0, 0, 0];
  const weighted = [0, 0, 0];
  perClass.forEach((pc, c) => {
    if (!present[c]) return;
    m += 1;
    const vals = [zero(pc.precision), zero(pc.recall), zero(pc.f1)];
    for (let i = 0; i < 3; i++) {
      macro[i]! += vals[i]!;
      weighted[i]! += vals[i]! * pc.support;
    }
  });
  const values = new Float64Array(MULTICLASS_METRIC_IDS.length);
  values[0] = n > 0 ? correct / n : NaN;
  for (let i = 0; i < 3; i++) {
    values[1 + i] = m > 0 ? macro[i]! / m : NaN;
    values[4 + i] = n > 0 ? weighted[i]! / n : NaN;
  }
  values[7] = hasLoss && n > 0 ? lossSum / n : NaN;
  return { values, perClass };
}

/** Cells for the bootstrap: rows grouped by (label, prediction), each group split into loss bins of similar loss. */
export interface MulticlassCells {
  length: number;
  exact: boolean;
  count: Float64Array;
  lossSum: Float64Array;
  /** Confusion index label·k + prediction. */
  cmIndex: Int32Array;
}

export interface MulticlassResult {
  values: Float64Array;
  perClass: PerClassValues[];
  confusion: Float64Array;
  present: Uint8Array;
  cells: MulticlassCells;
}

/**
 * Every multiclass metric of the rows, plus bootstrap cells: at most `maxCells`, each (label, prediction)
 * group split into equal-count bins by per-row loss (one row per cell when the data is that small, which
 * makes the cell bootstrap the row bootstrap).
 */
export function evaluateMulticlass(r: MulticlassRows, maxCells = 4096): MulticlassResult {
  const { y, pred, loss, k } = r;
  const n = y.length;
  const cm = new Float64Array(k * k);
  let lossSum = 0;
  for (let i = 0; i < n; i++) {
    cm[y[i]! * k + pred[i]!]! += 1;
    if (loss) lossSum += loss[i]!;
  }
  const present = new Uint8Array(k);
  for (let c = 0; c < k; c++) for (let j = 0; j < k; j++) if (cm[c * k + j]! > 0) { present[c] = 1; present[j] = 1; }
  const { values, perClass } = metricsFromConfusion(cm, k, lossSum, loss !== null, present);
  return { values, perClass, confusion: cm, present, cells: multiclassCells(r, cm, maxCells) };
}

function multiclassCells(r: MulticlassRows, cm: Float64Array, maxCells: number): MulticlassCells {
  const { y, pred, loss, k } = r;
  const n = y.length;
  const groups = Array.from(cm).filter((c) => c > 0).length;
  const exact = !loss || n <= maxCells;
  const perGroup = loss ? (exact ? Infinity : Math.max(1, Math.floor(maxCells / Math.max(1, groups)))) : 1;
  const count: number[] = [];
  const lossSum: number[] = [];
  const cmIndex: number[] = [];
  if (!loss) {
    cm.forEach((c, idx) => { if (c > 0) { count.push(c); lossSum.push(0); cmIndex.push(idx); } });
  } else {
    // Rows of each (label, prediction) group by ascending loss, cut into perGroup equal-count bins.
    const members = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const key = y[i]! * k + pred[i]!;
      let list = members.get(key);
      if (!list) members.set(key, (list = []));
      list.push(i);
    }
    for (const [key, rows] of [...members].sort((a, b) => a[0] - b[0])) {
      const losses = Float64Array.from(rows, (i) => loss[i]!).sort();
      const bins = Math.min(perGroup, losses.length);
      for (let b = 0; b < bins; b++) {
        const lo = Math.floor((b * losses.length) / bins);
        const hi = Math.floor(((b + 1) * losses.length) / bins);
        let s = 0;
        for (let j = lo; j < hi; j++) s += losses[j]!;
        count.push(hi - lo);
        lossSum.push(s);
        cmIndex.push(key);
      }
    }
  }
  return { length: count.length, exact, count: Float64Array.from(count), lossSum: Float64Array.from(lossSum), cmIndex: Int32Array.from(cmIndex) };
}

/** `draws` resamples of the cells; per draw the eight metrics and each present class's precision, recall and F1. */
export function multiclassBootstrap(res: MulticlassResult, k: number, hasLoss: boolean, draws: number, rng: RandomSource, signal?: AbortSignal): { metrics: Float64Array[]; perClass: Float64Array[][] } {
  const c = res.cells;
  const suffix = suffixSums(c.count);
  const drawn = new Float64Array(c.length);
  const metrics = MULTICLASS_METRIC_IDS.map(() => new Float64Array(draws));
  const perClass = Array.from({ length: k }, () => [new Float64Array(draws), new Float64Array(draws), new Float64Array(draws)]);
  const cm = new Float64Array(k * k);
  for (let b = 0; b < draws; b++) {
    if (signal?.aborted) break;
    drawCounts(c.count, suffix, rng, drawn);
    cm.fill(0);
    let loss = 0;
    for (let j = 0; j < c.length; j++) {
      const d = drawn[j]!;
      if (d === 0) continue;
      cm[c.cmIndex[j]!]! += d;
      loss += (d / c.count[j]!) * c.lossSum[j]!;
    }
    const v = metricsFromConfusion(cm, k, loss, hasLoss, res.present);
    v.values.forEach((x, m) => { metrics[m]![b] = x; });
    v.perClass.forEach((pc, cl) => {
      perClass[cl]![0]![b] = pc.precision;
      perClass[cl]![1]![b] = pc.recall;
      perClass[cl]![2]![b] = pc.f1;
    });
  }
  return { metrics, perClass };
}
