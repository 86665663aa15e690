import type { RandomSource } from '../../random';
import { forEachScoreDesc, type SortedScores } from '../binary/sortedScores';
import type { EstimatedMetric } from '../types';
import { needsCalibration } from './calibration';
import { fitIsotonicPooled, isotonicWalker, type IsotonicFit } from './isotonic';

/**
 * Confidence-based performance estimation (CBPE) for binary classifiers, as NannyML defines it
 * (docs/how_it_works/performance_estimation.rst, sampling_error/binary_classification.py):
 *
 * 1. On the reference (rows with labels), decide whether to calibrate (calibration.ts) and fit an isotonic
 *    calibrator; p̃ = calibrated probability, ŷ = score ≥ threshold (from the raw score).
 * 2. Per window, the expected confusion matrix: TP = Σ_{ŷ=1} p̃, FP = Σ_{ŷ=1} (1 − p̃), FN = Σ_{ŷ=0} p̃,
 *    TN = Σ_{ŷ=0} (1 − p̃); accuracy = (TP + TN)/n, precision = TP/(TP + FP), recall = TP/(TP + FN),
 *    F1 = TP/(TP + ½(FP + FN)); ROC AUC from the expected TP/FP counts cumulated down the raw scores
 *    (trapezoids; tied scores form one step here, where NannyML orders ties arbitrarily).
 * 3. Sampling error from reference components: σ/√(n·f), σ the population standard deviation of the
 *    metric's per-observation form on the reference and f the share of rows it concerns (accuracy: all rows;
 *    precision: predicted positives; recall: positives; F1: the TP+FP+FN rows with NannyML's correction
 *    factor; ROC AUC: positives of the rarer orientation, each one's share of negatives scored below it, ties
 *    counting ½). The band is estimate ± 3σ, clipped to [0, 1].
 * 4. Where a window has labels, the realised value is compared with the estimate over the same labelled rows
 *    and 3σ at that size: outside it, estimate and reality disagree (calibration no longer holds: concept
 *    shift). An estimate more than 3σ below the reference's realised value raises an alert.
 * Everything runs on sorted scores (the isotonic calibrator is non-decreasing, so p̃ follows the score order).
 */
export const CBPE_METRICS = ['rocAuc', 'accuracy', 'precision', 'recall', 'f1'] as const;
export type CbpeMetric = (typeof CBPE_METRICS)[number];
export type CbpeValues = Record<CbpeMetric, number>;

export interface CbpeModel {
  calibrated: boolean;
  fit: IsotonicFit | null;
  threshold: number;
  referenceRows: number;
  /** Realised metrics on the reference. */
  reference: CbpeValues;
  /** (σ, f) per metric. */
  components: Record<CbpeMetric, [number, number]>;
}

/** Rows used to decide whether to calibrate (NannyML's cross-validated ECE check); a seeded sample above this. */
const CALIBRATION_CHECK_ROWS = 20_000;

/** Fits CBPE on the reference's sorted scores (positives and negatives); `realizedRef` are its realised metrics. */
export function fitCbpe(ref: SortedScores, threshold: number, realizedRef: CbpeValues, rng: RandomSource): CbpeModel {
  const P = ref.pos.length;
  const N = ref.neg.length;
  const n = P + N;
  const min = Math.min(ref.pos[0] ?? Infinity, ref.neg[0] ?? Infinity);
  const max = Math.max(ref.pos[P - 1] ?? -Infinity, ref.neg[N - 1] ?? -Infinity);
  const probabilities = min >= 0 && max <= 1;
  const calibrated = !probabilities || checkCalibration(ref, realizedRef.rocAuc, rng);
  // Distinct scores with their positive share: the pooled data of the isotonic fit, and the confusion at the threshold.
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  let tp = 0, fp = 0;
  forEachScoreDesc(ref, (v, p, q) => {
    xs.push(v);
    ys.push(p / (p + q));
    ws.push(p + q);
    if (v >= threshold) { tp += p; fp += q; }
  });
  xs.reverse(); ys.reverse(); ws.reverse();
  const fn = P - tp;
  const binStd = (k: number, m: number) => (m > 0 ? Math.sqrt((k / m) * (1 - k / m)) : NaN);
  const f1Rows = tp + fp + fn;
  const factor = f1Rows / ((fn + fp) * 0.5 + tp);
  return {
    calibrated, fit: calibrated ? fitIsotonicPooled(xs, ys, ws) : null, threshold, referenceRows: n, reference: realizedRef,
    components: {
      accuracy: [binStd(tp + (N - fp), n), 1],
      precision: [binStd(tp, tp + fp), (tp + fp) / n],
      recall: [binStd(tp, P), P / n],
      f1: [factor * binStd(tp, f1Rows), f1Rows / n],
      rocAuc: aucComponents(ref),
    },
  };
}

function checkCalibration(ref: SortedScores, auc: number, rng: RandomSource): boolean {
  const n = ref.pos.length + ref.neg.length;
  const take = Math.min(n, CALIBRATION_CHECK_ROWS);
  const y = new Float64Array(take);
  const s = new Float64Array(take);
  // Every row when the reference is small; otherwise a seeded sample without replacement (selection sampling).
  let chosen = 0;
  for (let i = 0; i < n && chosen < take; i++) {
    if (take === n || rng() * (n - i) < take - chosen) {
      const isPos = i < ref.pos.length;
      y[chosen] = isPos ? 1 : 0;
      s[chosen] = isPos ? ref.pos[i]! : ref.neg[i - ref.pos.length]!;
      chosen++;
    }
  }
  return needsCalibration(y, s, auc, rng);
}

/** NannyML's ROC AUC sampling-error components, from sorted scores (Welford over the positives' shares). */
function aucComponents(ref: SortedScores): [number, number] {
  const P = ref.pos.length;
  const N = ref.neg.length;
  if (P === 0 || N === 0) return [NaN, 0];
  // NannyML flips labels and scores when positives are the majority: the "positives" are then the negatives,
  // ranked by 1 − score, i.e. from the highest score down.
  const flip = P / (P + N) > 0.5;
  const [a, b] = flip ? [ref.neg, ref.pos] : [ref.pos, ref.neg];
  let count = 0, mean = 0, m2 = 0;
  const push = (share: number, times: number) => {
    for (let t = 0; t < times; t++) {
      count++;
      const d = share - mean;
      mean += d / count;
      m2 += d * (share - mean);
    }
  };
  // Walk the distinct scores in the order of increasing (possibly flipped) score.
  let i = flip ? a.length - 1 : 0;
  let j = flip ? b.length - 1 : 0;
  let below = 0;
  const step = flip ? -1 : 1;
  const inA = (k: number) => k >= 0 && k < a.length;
  const inB = (k: number) => k >= 0 && k < b.length;
  while (inA(i) || inB(j)) {
    const v = !inA(i) ? b[j]! : !inB(j) ? a[i]! : flip ? Math.max(a[i]!, b[j]!) : Math.min(a[i]!, b[j]!);
    let ca = 0, cb = 0;
    while (inA(i) && a[i] === v) { ca++; i += step; }
    while (inB(j) && b[j] === v) { cb++; j += step; }
    push((below + 0.5 * cb) / b.length, ca);
    below += cb;
  }
  return [Math.sqrt(m2 / count), a.length / (P + N)];
}

/** CBPE point estimates from the window's raw scores, sorted ascending. */
export function estimateSorted(m: CbpeModel, sorted: Float64Array): CbpeValues {
  let TP = 0, FP = 0, FN = 0, TN = 0, area = 0;
  let i = sorted.length - 1;
  const walk = m.fit ? isotonicWalker(m.fit) : null;
  while (i >= 0) {
    const v = sorted[i]!;
    let c = 0;
    while (i >= 0 && sorted[i] === v) { c++; i--; }
    const p = walk ? walk(v) : v;
    if (v >= m.threshold) { TP += c * p; FP += c * (1 - p); }
    else { FN += c * p; TN += c * (1 - p); }
    // Expected positives/negatives cumulated from the top: TP + FN so far and FP + TN so far.
    const posNow = TP + FN;
    const negNow = FP + TN;
    const pos0 = posNow - c * p;
    const neg0 = negNow - c * (1 - p);
    area += (negNow - neg0) * (posNow + pos0) * 0.5;
  }
  const n = sorted.length;
  const P = TP + FN;
  const N = FP + TN;
  return { accuracy: (TP + TN) / n, precision: TP / (TP + FP), recall: TP / (TP + FN), f1: TP / (TP + 0.5 * (FP + FN)), rocAuc: P > 0 && N > 0 ? area / (P * N) : NaN };
}

export function samplingError(m: CbpeModel, metric: CbpeMetric, n: number): number {
  const [sd, f] = m.components[metric];
  return sd / Math.sqrt(n * f);
}

/**
 * One window: the estimate over all its scored rows (`all`, sorted), and where it has at least `minLabeled`
 * labelled rows, their realised metrics compared with the estimate over those rows (`labeledSorted`).
 */
export function estimateWindow(m: CbpeModel, all: Float64Array, labeled: { sorted: Float64Array; realized: Partial<CbpeValues> } | null, minLabeled = 30): EstimatedMetric[] {
  const est = all.length ? estimateSorted(m, all) : null;
  const useLabels = labeled !== null && labeled.sorted.length >= minLabeled;
  const estL = useLabels ? (labeled.sorted.length === all.length ? est : estimateSorted(m, labeled.sorted)) : null;
  return CBPE_METRICS.map((name) => {
    const value = est && Number.isFinite(est[name]) ? est[name] : null;
    const se = value === null ? NaN : samplingError(m, name, all.length);
    const okSe = Number.isFinite(se);
    const band: [number, number] | null = value !== null && okSe ? [Math.max(0, value - 3 * se), Math.min(1, value + 3 * se)] : null;
    const r = useLabels ? labeled.realized[name] : undefined;
    const realizedValue = r !== undefined && Number.isFinite(r) ? r : null;
    let disagrees = false;
    if (realizedValue !== null && estL && Number.isFinite(estL[name])) {
      const seL = samplingError(m, name, labeled!.sorted.length);
      disagrees = Number.isFinite(seL) && Math.abs(realizedValue - estL[name]) > 3 * seL;
    }
    const ref = m.reference[name];
    // Too few rows (< minLabeled) give no alert: the estimate and its band mean little there.
    const alert = value !== null && okSe && all.length >= minLabeled && Number.isFinite(ref) && value < ref - 3 * se;
    return { name, value, band, samplingError: okSe ? se : null, realized: realizedValue, disagrees, alert };
  });
}
