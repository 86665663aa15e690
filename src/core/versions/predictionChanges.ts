import { countCategories } from '../drift/countCategories';
import { defaultTest } from '../drift/defaultTest';
import { isDrifted } from '../drift/isDrifted';
import type { DriftSample } from '../drift/types';
import type { Task } from './metrics';

export interface PredictionChanges {
  rows: number;
  /** Classifiers: share of rows with the same predicted class. Regression: share with |B − A| ≤ 1% of sd(A). */
  agreement: number;
  agreementRule: string;
  /** Classifiers: 1 − agreement; null for regression. */
  flipRate: number | null;
  /** Classifiers: counts[i][j] = rows A predicts class i and B class j. */
  flipMatrix: { classes: string[]; counts: number[][] } | null;
  /** Over d = B − A of the compared output (P(class 1), the value, or the probability of A's class). */
  meanDiff: number;
  meanAbsDiff: number;
  maxAbsDiff: number;
  /** 20 equal-width bins over [−max|d|, +max|d|] (numpy.histogram semantics). */
  diffHistogram: { edges: number[]; counts: number[] };
  /** Drift of B's output distribution against A's, with Evidently's default test for the sample size. */
  drift: { test: string; label: string; statistic: number; pValue: number | null; score: number; threshold: number; drifted: boolean };
}

const argmax = (p: Float64Array, i: number, w: number): number => {
  let best = 0;
  for (let k = 1; k < w; k++) if (p[i * w + k]! > p[i * w + best]!) best = k;
  return best;
};

/** Distinct values across `arrays` (NaN counts once, as in a Set), counting stops at `cap`. */
function distinctUpTo(arrays: readonly Float64Array[], cap: number): number {
  const seen = new Set<number>();
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      seen.add(a[i]!);
      if (seen.size >= cap) return cap;
    }
  }
  return seen.size;
}

/** How B's predictions differ from A's on the same rows (no label needed). */
export function predictionChanges(task: Task, a: Float64Array, b: Float64Array, width: number, n: number): PredictionChanges {
  const d = new Float64Array(n);
  const outA = new Float64Array(n);
  const outB = new Float64Array(n);
  let agree = 0;
  let matrix: number[][] | null = null;
  let classes: string[] = [];
  if (task === 'regression') {
    for (let i = 0; i < n; i++) [outA[i], outB[i], d[i]] = [a[i]!, b[i]!, b[i]! - a[i]!];
    let mean = 0;
    for (let i = 0; i < n; i++) mean += a[i]! / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (a[i]! - mean) ** 2;
    const tol = 0.01 * Math.sqrt(ss / Math.max(1, n - 1));
    for (let i = 0; i < n; i++) if (Math.abs(d[i]!) <= tol) agree++;
  } else {
    const k = task === 'binary' ? 2 : width;
    classes = Array.from({ length: k }, (_, i) => String(i));
    matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let i = 0; i < n; i++) {
      const ca = task === 'binary' ? (a[i]! > 0.5 ? 1 : 0) : argmax(a, i, width);
      const cb = task === 'binary' ? (b[i]! > 0.5 ? 1 : 0) : argmax(b, i, width);
      matrix[ca]![cb]! += 1;
      if (ca === cb) agree++;
      const j = task === 'binary' ? i : i * width + ca;
      [outA[i], outB[i], d[i]] = [a[j]!, b[j]!, b[j]! - a[j]!];
    }
  }
  let sum = 0;
  let sumAbs = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    sum += d[i]!;
    sumAbs += Math.abs(d[i]!);
    maxAbs = Math.max(maxAbs, Math.abs(d[i]!));
  }
  const bins = 20;
  const span = maxAbs > 0 ? maxAbs : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => -span + (2 * span * i) / bins);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor(((d[i]! + span) / (2 * span)) * bins))]! += 1;
  // The default test depends on n_unique only up to 6 (Evidently's thresholds are 2 and 5).
  const choice = defaultTest('numeric', n, distinctUpTo([outA, outB], 6));
  const test = choice.test;
  // Few distinct outputs (e.g. classes) on a small dataset: the policy compares them by their counts.
  const sample = (v: Float64Array): DriftSample => (choice.compareAs === 'numeric' ? { kind: 'numeric', values: v } : { kind: 'categorical', counts: countCategories(Array.from(v)).counts });
  const r = test.run(sample(outA), sample(outB));
  return {
    rows: n,
    agreement: n ? agree / n : NaN,
    agreementRule: task === 'regression' ? '|B − A| ≤ 1% of the standard deviation of A' : 'same predicted class',
    flipRate: task === 'regression' ? null : n ? 1 - agree / n : NaN,
    flipMatrix: matrix ? { classes, counts: matrix } : null,
    meanDiff: n ? sum / n : NaN,
    meanAbsDiff: n ? sumAbs / n : NaN,
    maxAbsDiff: maxAbs,
    diffHistogram: { edges, counts },
    drift: { test: test.id, label: test.label, statistic: r.statistic, pValue: r.pValue, score: r.score, threshold: choice.threshold, drifted: isDrifted(test, r.score, choice.threshold) },
  };
}
