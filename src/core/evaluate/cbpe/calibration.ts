import type { RandomSource } from '../../random';
import { fitIsotonic, fitIsotonicBinary, predictIsotonic, type IsotonicFit } from './isotonic';

/**
 * NannyML's rule for whether scores need calibrating before CBPE (nannyml/calibration.py, needs_calibration):
 * no when the reference holds one class or its ROC AUC is above 0.999; otherwise 10 stratified shuffle splits
 * (10% test, per class), an isotonic calibrator fitted on each training part, and the expected calibration
 * error of the pooled test parts with 10 equal-count bins, before and after: calibrate when it goes down.
 * Seeded here (NannyML fixes random_state=42 of scikit-learn's splitter), so the splits differ from NannyML's
 * but follow the same design.
 */
export function needsCalibration(y: Float64Array, s: Float64Array, auc: number, rng: RandomSource, splits = 10): boolean {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? pos : neg).push(i);
  if (pos.length === 0 || neg.length === 0 || !(auc <= 0.999)) return false;
  const testY: number[] = [];
  const raw: number[] = [];
  const cal: number[] = [];
  for (let k = 0; k < splits; k++) {
    const test = new Set([...sample(pos, Math.max(1, Math.round(0.1 * pos.length)), rng), ...sample(neg, Math.max(1, Math.round(0.1 * neg.length)), rng)]);
    const trainPos: number[] = [];
    const trainNeg: number[] = [];
    for (let i = 0; i < y.length; i++) if (!test.has(i)) (y[i] === 1 ? trainPos : trainNeg).push(s[i]!);
    const fit = fitIsotonicBinary(Float64Array.from(trainPos).sort(), Float64Array.from(trainNeg).sort());
    for (const i of test) {
      testY.push(y[i]!);
      raw.push(s[i]!);
      cal.push(predictIsotonic(fit, s[i]!));
    }
  }
  return equalCountEce(testY, raw) > equalCountEce(testY, cal);
}

/** k distinct members of `from`, uniformly (partial Fisher–Yates on a copy). */
function sample(from: readonly number[], k: number, rng: RandomSource): number[] {
  const a = from.slice();
  const m = Math.min(k, a.length);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, m);
}

/**
 * ECE over equal-count bins of the rows sorted by probability (NannyML's _get_bin_index_edges and
 * _calculate_expected_calibration_error): bin width ⌊n / bins⌋ (bins = n // 2 when n ≤ 2·bins), the last edge
 * moved to n; Σ (rows in bin / n) · |mean p − mean y|.
 */
export function equalCountEce(y: readonly number[], p: readonly number[], bins = 10): number {
  const n = p.length;
  let count = bins;
  if (n <= 2 * bins) count = Math.floor(n / 2);
  if (count < 2) return 0;
  const width = Math.floor(n / count);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
  const edges: number[] = [];
  for (let e = 0; e <= n; e += width) edges.push(e);
  edges[edges.length - 1] = n;
  let ece = 0;
  for (let b = 0; b + 1 < edges.length; b++) {
    const lo = edges[b]!;
    const hi = edges[b + 1]!;
    if (hi <= lo) continue;
    let sp = 0;
    let sy = 0;
    for (let j = lo; j < hi; j++) {
      sp += p[order[j]!]!;
      sy += y[order[j]!]!;
    }
    ece += ((hi - lo) / n) * Math.abs(sp / (hi - lo) - sy / (hi - lo));
  }
  return ece;
}

/** The calibrator CBPE uses: isotonic regression of the label on the score, fitted on the whole reference. */
export function fitCalibrator(y: Float64Array, s: Float64Array): IsotonicFit {
  return fitIsotonic(s, y);
}
