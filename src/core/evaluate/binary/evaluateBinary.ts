import { BinarySums, ECE_BINS, eceBin, rowLogLoss } from './binarySums';
import { CellBuilder, type BinaryCells } from './binaryCells';
import { forEachScoreDesc, type SortedScores } from './sortedScores';

export interface RocCurve { fpr: number[]; tpr: number[]; threshold: number[] }
export interface PrCurve { recall: number[]; precision: number[]; threshold: number[] }
export interface ReliabilityBin { lo: number; hi: number; count: number; meanPredicted: number; fractionPositive: number }
export interface BestThresholds {
  /** The threshold (predict positive when score ≥ it) with the highest F1; the highest such threshold on ties. */
  f1: { threshold: number; f1: number; precision: number; recall: number } | null;
  /** The threshold with the largest Youden's J = TPR − FPR; the highest such threshold on ties. */
  youden: { threshold: number; j: number; tpr: number; fpr: number } | null;
}

export interface BinaryResult {
  positives: number;
  negatives: number;
  /** All scores lie in [0, 1], so log loss, Brier and ECE are defined. */
  probabilities: boolean;
  /** In BINARY_METRIC_IDS order; NaN where undefined. */
  values: Float64Array;
  confusion: { tp: number; fp: number; fn: number; tn: number };
  /** ROC and PR points from the highest threshold down ((0, 0) of the ROC curve implied), at most maxPoints + 1. */
  roc: RocCurve;
  pr: PrCurve;
  reliability: ReliabilityBin[];
  best: BestThresholds;
  cells: BinaryCells;
}

export interface BinaryOptions {
  threshold: number;
  /** Curve points kept (every distinct threshold when there are at most this many). Default 200. */
  maxPoints?: number;
  /** Bootstrap cells (every distinct score when there are at most this many). Default 4096. */
  maxCells?: number;
}

/**
 * Every binary metric, curve and best threshold of one set of scored rows, exactly, in one pass over the
 * distinct scores from the highest down (sklearn's _binary_clf_curve order), plus the cells a bootstrap
 * resamples. O(n) after sorting.
 */
export function evaluateBinary(s: SortedScores, o: BinaryOptions): BinaryResult {
  const P = s.pos.length;
  const N = s.neg.length;
  const n = P + N;
  const maxPoints = o.maxPoints ?? 200;
  const maxCells = o.maxCells ?? 4096;
  const probabilities = n > 0 && Math.min(s.pos[0] ?? Infinity, s.neg[0] ?? Infinity) >= 0 && Math.max(s.pos[P - 1] ?? -Infinity, s.neg[N - 1] ?? -Infinity) <= 1;
  let distinct = 0;
  forEachScoreDesc(s, () => { distinct++; });
  const exactCells = distinct <= maxCells;
  const builder = new CellBuilder(exactCells ? Math.max(1, distinct) : maxCells + ECE_BINS + 2, exactCells ? 0 : n / maxCells, exactCells);
  const keepAll = distinct <= maxPoints;
  const sums = new BinarySums();
  const roc: RocCurve = { fpr: [], tpr: [], threshold: [] };
  const pr: PrCurve = { recall: [], precision: [], threshold: [] };
  let lastTp = 0;
  let lastFp = 0;
  let bestF1: BestThresholds['f1'] = null;
  let bestJ: BestThresholds['youden'] = null;
  let seen = 0;
  forEachScoreDesc(s, (v, p, q) => {
    seen++;
    const [lp, ln] = probabilities ? rowLogLoss(v) : [0, 0];
    const bin = probabilities ? eceBin(v) : 0;
    const above = v >= o.threshold;
    sums.add(p, q, p * lp, q * ln, p * (1 - v) * (1 - v), q * v * v, p * v, q * v, bin, above);
    builder.add(p, q, p * lp, q * ln, p * (1 - v) * (1 - v), q * v * v, p * v, q * v, bin, above);
    const tp = sums.tp;
    const fp = sums.fp;
    // Predicting positive at score ≥ v: F1 and Youden's J of that rule.
    if (P > 0) {
      const f1 = (2 * tp) / (2 * tp + fp + (P - tp));
      if (!bestF1 || f1 > bestF1.f1) bestF1 = { threshold: v, f1, precision: tp / (tp + fp), recall: tp / P };
    }
    if (P > 0 && N > 0) {
      const j = tp / P - fp / N;
      if (!bestJ || j > bestJ.j) bestJ = { threshold: v, j, tpr: tp / P, fpr: fp / N };
    }
    if (keepAll || seen === distinct || tp - lastTp >= P / maxPoints || fp - lastFp >= N / maxPoints) {
      roc.fpr.push(N > 0 ? fp / N : NaN);
      roc.tpr.push(P > 0 ? tp / P : NaN);
      roc.threshold.push(v);
      pr.recall.push(P > 0 ? tp / P : NaN);
      pr.precision.push(tp / (tp + fp));
      pr.threshold.push(v);
      lastTp = tp;
      lastFp = fp;
    }
  });
  return {
    positives: P, negatives: N, probabilities, values: sums.values(probabilities), confusion: sums.confusion(),
    roc, pr, reliability: probabilities ? reliability(builder.cells) : [], best: { f1: bestF1, youden: bestJ }, cells: builder.cells,
  };
}

/** calibration_curve(strategy='uniform', n_bins=10) with the count of each non-empty bin, from the cells' sums. */
function reliability(c: BinaryCells): ReliabilityBin[] {
  const count = new Float64Array(ECE_BINS);
  const pos = new Float64Array(ECE_BINS);
  const sum = new Float64Array(ECE_BINS);
  for (let k = 0; k < c.length; k++) {
    const b = c.bin[k]!;
    count[b]! += c.pos[k]! + c.neg[k]!;
    pos[b]! += c.pos[k]!;
    sum[b]! += c.scorePos[k]! + c.scoreNeg[k]!;
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < ECE_BINS; b++) {
    if (count[b]! > 0) out.push({ lo: b / ECE_BINS, hi: (b + 1) / ECE_BINS, count: count[b]!, meanPredicted: sum[b]! / count[b]!, fractionPositive: pos[b]! / count[b]! });
  }
  return out;
}
