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
  const walk = new BinaryWalk(P, N, probabilities, countDistinct(s, Math.max(o.maxCells ?? 4096, o.maxPoints ?? 200) + 1), o);
  // The distinct scores from the highest down with their positive and negative counts (forEachScoreDesc's walk,
  // written out here: a callback per distinct score costs a call and a boxed number each on 10M scores).
  const { pos, neg } = s;
  let i = P - 1;
  let j = N - 1;
  while (i >= 0 || j >= 0) {
    const v = i < 0 ? neg[j]! : j < 0 ? pos[i]! : Math.max(pos[i]!, neg[j]!);
    let p = 0;
    let q = 0;
    while (i >= 0 && pos[i] === v) { p++; i--; }
    while (j >= 0 && neg[j] === v) { q++; j--; }
    walk.step(v, p, q);
  }
  return walk.result();
}

/**
 * The same evaluation from weighted distinct scores: `scores` strictly descending, `pos[k]` / `neg[k]` the rows
 * labelled 1 / 0 at scores[k] (e.g. GROUP BY (score, label) counts from a warehouse). Every figure, curve and
 * bootstrap cell equals evaluateBinary's on the rows these counts describe (the same walk, the same order).
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
  const walk = new BinaryWalk(P, N, P + N > 0 && lo >= 0 && hi <= 1, distinct, o);
  for (let k = 0; k < scores.length; k++) if (pos[k]! + neg[k]! > 0) walk.step(scores[k]!, pos[k]!, neg[k]!);
  return walk.result();
}

/** One pass over the distinct scores from the highest down: metrics, curves, best thresholds and bootstrap cells. */
class BinaryWalk {
  private readonly builder: CellBuilder;
  private readonly keepAll: boolean;
  private readonly maxPoints: number;
  private readonly sums = new BinarySums();
  private readonly roc: RocCurve = { fpr: [], tpr: [], threshold: [] };
  private readonly pr: PrCurve = { recall: [], precision: [], threshold: [] };
  private lastTp = 0;
  private lastFp = 0;
  // Best F1 and Youden's J so far: value, threshold and the counts there (objects built once at the end).
  private f1Best = -1; private f1T = NaN; private f1Tp = 0; private f1Fp = 0;
  private jBest = -Infinity; private jT = NaN; private jTp = 0; private jFp = 0;

  constructor(private readonly P: number, private readonly N: number, private readonly probabilities: boolean, distinct: number, private readonly o: BinaryOptions) {
    const n = P + N;
    this.maxPoints = o.maxPoints ?? 200;
    const maxCells = o.maxCells ?? 4096;
    const exactCells = distinct <= maxCells;
    this.builder = new CellBuilder(exactCells ? Math.max(1, distinct) : maxCells + ECE_BINS + 2, exactCells ? 0 : n / maxCells, exactCells);
    this.keepAll = distinct <= this.maxPoints;
  }

  step(v: number, p: number, q: number): void {
    const { P, N, probabilities, sums } = this;
    const lp = probabilities && p > 0 ? rowLogLoss(v, 1) : 0;
    const ln = probabilities && q > 0 ? rowLogLoss(v, 0) : 0;
    const bin = probabilities ? eceBin(v) : 0;
    const above = v >= this.o.threshold;
    sums.add(p, q, p * lp, q * ln, p * (1 - v) * (1 - v), q * v * v, p * v, q * v, bin, above);
    this.builder.add(p, q, p * lp, q * ln, p * (1 - v) * (1 - v), q * v * v, p * v, q * v, bin, above);
    const tp = sums.tp;
    const fp = sums.fp;
    // Predicting positive at score ≥ v: F1 and Youden's J of that rule.
    if (P > 0) {
      const f1 = (2 * tp) / (2 * tp + fp + (P - tp));
      if (f1 > this.f1Best) { this.f1Best = f1; this.f1T = v; this.f1Tp = tp; this.f1Fp = fp; }
    }
    if (P > 0 && N > 0) {
      const j = tp / P - fp / N;
      if (j > this.jBest) { this.jBest = j; this.jT = v; this.jTp = tp; this.jFp = fp; }
    }
    if (this.keepAll || tp === P && fp === N || tp - this.lastTp >= P / this.maxPoints || fp - this.lastFp >= N / this.maxPoints) {
      this.roc.fpr.push(N > 0 ? fp / N : NaN);
      this.roc.tpr.push(P > 0 ? tp / P : NaN);
      this.roc.threshold.push(v);
      this.pr.recall.push(P > 0 ? tp / P : NaN);
      this.pr.precision.push(tp / (tp + fp));
      this.pr.threshold.push(v);
      this.lastTp = tp;
      this.lastFp = fp;
    }
  }

  result(): BinaryResult {
    const { P, N, probabilities, sums } = this;
    return {
      positives: P, negatives: N, probabilities, values: sums.values(probabilities), confusion: sums.confusion(),
      roc: this.roc, pr: this.pr, reliability: probabilities ? reliability(this.builder.cells) : [], cells: this.builder.cells,
      best: {
        f1: P > 0 && this.f1Best >= 0 ? { threshold: this.f1T, f1: this.f1Best, precision: this.f1Tp / (this.f1Tp + this.f1Fp), recall: this.f1Tp / P } : null,
        youden: P > 0 && N > 0 ? { threshold: this.jT, j: this.jBest, tpr: this.jTp / P, fpr: this.jFp / N } : null,
      },
    };
  }
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
