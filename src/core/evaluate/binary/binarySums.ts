/**
 * The nine binary metrics from groups of rows visited from the highest score down. A group is one distinct
 * score (the exact evaluation) or a bin of neighbouring scores (a bootstrap draw over bins, see binaryCells):
 * its positive and negative counts, the sums of their per-row log losses, Brier terms and scores, its
 * calibration bin and whether it lies at or above the decision threshold. The formulas are scikit-learn 1.2's:
 *
 * - rocAuc: trapezoidal area under (FP, TP) over the groups, / (P·N)   (roc_auc_score; ties count ½)
 * - prAuc: Σ_groups ΔTP/P · TP/(TP+FP)                                  (average_precision_score)
 * - accuracy, precision, recall, f1 at "score ≥ threshold"             (the *_score functions on those predictions)
 * - logLoss: mean of −ln q_y, q = clip(p, ε, 1−ε) renormalised, ε = 2⁻⁵²  (log_loss, eps='auto')
 * - brier: mean of (y − p)²                                           (brier_score_loss)
 * - ece: Σ_bins n_b/n · |mean(y)_b − mean(p)_b| over 10 equal-width bins binned as calibration_curve does
 *
 * A metric that is undefined (no positives for AUC, nothing predicted positive for precision, …) is NaN; the
 * report turns NaN into null with a reason, where scikit-learn would raise or return 0 with a warning.
 */
export const BINARY_METRIC_IDS = ['rocAuc', 'prAuc', 'accuracy', 'precision', 'recall', 'f1', 'logLoss', 'brier', 'ece'] as const;
export type BinaryMetricId = (typeof BINARY_METRIC_IDS)[number];

export const ECE_BINS = 10;
/** np.linspace(0, 1, 11)[1:-1]: the inner bin edges calibration_curve searches (0.30000000000000004 …). */
const INNER_EDGES = Array.from({ length: ECE_BINS - 1 }, (_, i) => (i + 1) * 0.1);

/** calibration_curve's bin of a probability: np.searchsorted(inner edges, p) (side 'left', so 0.1 is in bin 0). */
export function eceBin(p: number): number {
  // A first guess from p·10, then moved to where the exact edges put it (edges like 0.30000000000000004).
  let k = Math.min(ECE_BINS - 1, Math.max(0, Math.ceil(p * ECE_BINS) - 1));
  while (k > 0 && !(INNER_EDGES[k - 1]! < p)) k--;
  while (k < INNER_EDGES.length && INNER_EDGES[k]! < p) k++;
  return k;
}

const EPS = 2.220446049250313e-16;

/** log_loss's per-row loss of a row labelled `label` (0/1) at probability p (clipped, then renormalised as sklearn does). */
export function rowLogLoss(p: number, label: number): number {
  const q1 = Math.min(1 - EPS, Math.max(EPS, p));
  const q0 = 1 - q1;
  return -Math.log((label === 1 ? q1 : q0) / (q0 + q1));
}

export class BinarySums {
  /** Positives and negatives added so far (read by the exact pass after each group). */
  tp = 0;
  fp = 0;
  private area = 0;
  private ap = 0;
  private tpAt = 0;
  private fpAt = 0;
  private loss = 0;
  private brier = 0;
  private readonly binCount = new Float64Array(ECE_BINS);
  private readonly binTrue = new Float64Array(ECE_BINS);
  private readonly binPred = new Float64Array(ECE_BINS);

  /**
   * Adds one group (the next lower score). `lossPos` … are sums over the group's positive / negative rows;
   * `atOrAbove` says the group is predicted positive at the threshold.
   */
  add(pos: number, neg: number, lossPos: number, lossNeg: number, brierPos: number, brierNeg: number, scorePos: number, scoreNeg: number, bin: number, atOrAbove: boolean): void {
    const tp0 = this.tp;
    const fp0 = this.fp;
    this.tp += pos;
    this.fp += neg;
    this.area += (this.fp - fp0) * (this.tp + tp0) * 0.5;
    if (pos > 0) this.ap += pos * (this.tp / (this.tp + this.fp));
    if (atOrAbove) {
      this.tpAt += pos;
      this.fpAt += neg;
    }
    this.loss += lossPos + lossNeg;
    this.brier += brierPos + brierNeg;
    this.binCount[bin]! += pos + neg;
    this.binTrue[bin]! += pos;
    this.binPred[bin]! += scorePos + scoreNeg;
  }

  /** The metrics in BINARY_METRIC_IDS order; `probabilities` false leaves logLoss, brier and ece NaN. */
  values(probabilities: boolean): Float64Array {
    const P = this.tp;
    const N = this.fp;
    const n = P + N;
    const tp = this.tpAt;
    const fp = this.fpAt;
    const fn = P - tp;
    const tn = N - fp;
    let ece = 0;
    for (let b = 0; b < ECE_BINS; b++) {
      const c = this.binCount[b]!;
      if (c > 0) ece += (c / n) * Math.abs(this.binTrue[b]! / c - this.binPred[b]! / c);
    }
    const out = new Float64Array(BINARY_METRIC_IDS.length);
    out[0] = P > 0 && N > 0 ? this.area / (P * N) : NaN;
    out[1] = P > 0 ? this.ap / P : NaN;
    out[2] = n > 0 ? (tp + tn) / n : NaN;
    out[3] = tp + fp > 0 ? tp / (tp + fp) : NaN;
    out[4] = P > 0 ? tp / P : NaN;
    out[5] = tp + fp > 0 && P > 0 ? (2 * tp) / (2 * tp + fp + fn) : NaN;
    out[6] = probabilities && n > 0 ? this.loss / n : NaN;
    out[7] = probabilities && n > 0 ? this.brier / n : NaN;
    out[8] = probabilities && n > 0 ? ece : NaN;
    return out;
  }

  /** Confusion counts at the threshold (predicted positive = score ≥ threshold). */
  confusion(): { tp: number; fp: number; fn: number; tn: number } {
    return { tp: this.tpAt, fp: this.fpAt, fn: this.tp - this.tpAt, tn: this.fp - this.fpAt };
  }
}
