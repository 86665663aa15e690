import { BinarySums, ECE_BINS, eceBin, rowLogLoss } from './binarySums';
import { CellBuilder, type BinaryCells } from './binaryCells';
import type { SortedScores } from './sortedScores';

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
  const probabilities = P + N > 0 && Math.min(s.pos[0] ?? Infinity, s.neg[0] ?? Infinity) >= 0 && Math.max(s.pos[P - 1] ?? -Infinity, s.neg[N - 1] ?? -Infinity) <= 1;
  return walkBinary(s, null, P, N, probabilities, countDistinct(s, Math.max(o.maxCells ?? 4096, o.maxPoints ?? 200) + 1), o);
}

/** Weighted distinct scores: `scores` strictly descending, `pos[k]` / `neg[k]` the rows labelled 1 / 0 at scores[k]. */
interface ScoreCounts { scores: Float64Array; pos: Float64Array; neg: Float64Array }

/**
 * The same evaluation from weighted distinct scores (e.g. GROUP BY (score, label) counts from a warehouse).
 * Every figure, curve and bootstrap cell equals evaluateBinary's on the rows these counts describe (the same
 * walk over the same distinct scores in the same order).
 */
export function evaluateBinaryCounts(scores: Float64Array, pos: Float64Array, neg: Float64Array, o: BinaryOptions): BinaryResult {
  let P = 0;
  let N = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let distinct = 0;
  for (let k = 0; k < scores.length; k++) {
    if (k > 0 && !(scores[k]! < scores[k - 1]!)) throw new Error('evaluateBinaryCounts: scores must be strictly descending');
    P += pos[k]!;
    N += neg[k]!;
    if (pos[k]! + neg[k]! > 0) { lo = Math.min(lo, scores[k]!); hi = Math.max(hi, scores[k]!); distinct++; }
  }
  return walkBinary(null, { scores, pos, neg }, P, N, P + N > 0 && lo >= 0 && hi <= 1, distinct, o);
}

/**
 * One pass over the distinct scores from the highest down (from sorted rows, or from weighted distinct
 * scores): metrics, curves, best thresholds and bootstrap cells. One function with locals: the hot loop of a
 * 10M-row evaluation (a per-score callback or object fields cost ~40% more there).
 */
function walkBinary(s: SortedScores | null, c: ScoreCounts | null, P: number, N: number, probabilities: boolean, distinct: number, o: BinaryOptions): BinaryResult {
  const n = P + N;
  const maxPoints = o.maxPoints ?? 200;
  const maxCells = o.maxCells ?? 4096;
  const exactCells = distinct <= maxCells;
  const builder = new CellBuilder(exactCells ? Math.max(1, distinct) : maxCells + ECE_BINS + 2, exactCells ? 0 : n / maxCells, exactCells);
  const keepAll = distinct <= maxPoints;
  const sums = new BinarySums();
  const roc: RocCurve = { fpr: [], tpr: [], threshold: [] };
  const pr: PrCurve = { recall: [], precision: [], threshold: [] };
  let lastTp = 0;
  let lastFp = 0;
  // Best F1 and Youden's J so far: value, threshold and the counts there (objects built once at the end).
  let f1Best = -1, f1T = NaN, f1Tp = 0, f1Fp = 0;
  let jBest = -Infinity, jT = NaN, jTp = 0, jFp = 0;
  // The distinct scores from the highest down with their positive and negative counts (forEachScoreDesc's walk,
  // written out here: a callback per distinct score costs a call and a boxed number each on 10M scores).
  const pos = s ? s.pos : new Float64Array(0);
  const neg = s ? s.neg : new Float64Array(0);
  let i = pos.length - 1;
  let j = neg.length - 1;
  let k = 0;
  const K = c ? c.scores.length : 0;
  while (c ? k < K : i >= 0 || j >= 0) {
    let v: number;
    let p = 0;
    let q = 0;
    if (c) {
      v = c.scores[k]!;
      p = c.pos[k]!;
      q = c.neg[k]!;
      k++;
      if (p === 0 && q === 0) continue;
    } else {
      v = i < 0 ? neg[j]! : j < 0 ? pos[i]! : Math.max(pos[i]!, neg[j]!);
      while (i >= 0 && pos[i] === v) { p++; i--; }
      while (j >= 0 && neg[j] === v) { q++; j--; }
    }
    const lp = probabilities && p > 0 ? rowLogLoss(v, 1) : 0;
    const ln = probabilities && q > 0 ? rowLogLoss(v, 0) : 0;
    const bin = probabilities ? eceBin(v) : 0;
    const above = v >= o.threshold;
    sums.add(p, q, p * lp, q * ln, p * (1 - v) * (1 - v), q * v * v, p * v, q * v, bin, above);
    builder.add(p, q, p * lp, q * ln, p * (1 - v) * (1 - v), q * v * v, p * v, q * v, bin, above);
    const tp = sums.tp;
    const fp = sums.fp;
    // Predicting positive at score ≥ v: F1 and Youden's J of that rule.
    if (P > 0) {
      const f1 = (2 * tp) / (2 * tp + fp + (P - tp));
      if (f1 > f1Best) { f1Best = f1; f1T = v; f1Tp = tp; f1Fp = fp; }
    }
    if (P > 0 && N > 0) {
      const jj = tp / P - fp / N;
      if (jj > jBest) { jBest = jj; jT = v; jTp = tp; jFp = fp; }
    }
    if (keepAll || tp === P && fp === N || tp - lastTp >= P / maxPoints || fp - lastFp >= N / maxPoints) {
      roc.fpr.push(N > 0 ? fp / N : NaN);
      roc.tpr.push(P > 0 ? tp / P : NaN);
      roc.threshold.push(v);
      pr.recall.push(P > 0 ? tp / P : NaN);
      pr.precision.push(tp / (tp + fp));
      pr.threshold.push(v);
      lastTp = tp;
      lastFp = fp;
    }
  }
  return {
    positives: P, negatives: N, probabilities, values: sums.values(probabilities), confusion: sums.confusion(),
    roc, pr, reliability: probabilities ? reliability(builder.cells) : [], cells: builder.cells,
    best: {
      f1: P > 0 && f1Best >= 0 ? { threshold: f1T, f1: f1Best, precision: f1Tp / (f1Tp + f1Fp), recall: f1Tp / P } : null,
      youden: P > 0 && N > 0 ? { threshold: jT, j: jBest, tpr: jTp / P, fpr: jFp / N } : null,
    },
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

/** Distinct scores, counted up to `cap` (then cap): whether there are few enough for exact cells and every curve point. */
function countDistinct(s: SortedScores, cap: number): number {
  let n = 0;
  let i = 0;
  let j = 0;
  const { pos, neg } = s;
  while ((i < pos.length || j < neg.length) && n < cap) {
    const v = i >= pos.length ? neg[j]! : j >= neg.length ? pos[i]! : Math.min(pos[i]!, neg[j]!);
    while (i < pos.length && pos[i] === v) i++;
    while (j < neg.length && neg[j] === v) j++;
    n++;
  }
  return n;
}
