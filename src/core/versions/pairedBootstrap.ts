import { CancelledError } from '../errors';
import type { RandomSource } from '../random';
import { percentileSorted } from '../stats/percentile';
import { DrawScorer } from './drawSums';
import type { MetricSpec, Scored } from './metrics';

export interface DeltaInterval {
  /** metric(B) − metric(A) on the full data. */
  delta: number;
  /** Percentile interval of the resampled deltas; null when fewer than 10 draws gave a defined value. */
  ci: [number, number] | null;
  /** Standard deviation of the resampled deltas (the bootstrap standard error); NaN with fewer than 10 draws. */
  se: number;
  /** Draws where the metric was undefined for A or B (e.g. a resample without positives), left out. */
  undefinedDraws: number;
}

/**
 * Paired (case-resampling) bootstrap of metric deltas B − A: each draw resamples the rows once, with
 * replacement, and scores both models on the same resample, so the row-to-row correlation of A and B is kept
 * (Efron & Tibshirani 1993, §16; the standard way to compare two models on one test set). A draw is a weight
 * vector of multiplicities, which each metric accepts. The interval is the (α/2, 1 − α/2) percentile interval.
 * `rows` restricts resampling to a subset (a slice); by default all rows. Model Lens' own metrics are scored
 * together per draw (DrawScorer: two passes over the rows per model, whatever the number of metrics); other
 * metric functions one by one, O(draws · n · metrics).
 */
export function pairedBootstrap(a: Scored, b: Scored, metrics: readonly MetricSpec[], o: { draws: number; level: number; random: RandomSource; rows?: Int32Array; signal?: AbortSignal; onDraw?: (done: number) => void }): DeltaInterval[] {
  const n = a.y.length;
  const rows = o.rows;
  const m = rows ? rows.length : n;
  const deltas = metrics.map(() => [] as number[]);
  const undef = metrics.map(() => 0);
  const fused = a.task === b.task && DrawScorer.covers(metrics, a.task) ? [new DrawScorer(a), new DrawScorer(b)] as const : null;
  // Multiplicities as bytes: 1 MB per 1M rows keeps the AUC pass's lookups (in score order) in cache. A row
  // drawn more than 255 times in one resample (probability ~1e-500 per draw) is refused rather than wrapped.
  const w = new Uint8Array(n);
  const wf = fused ? null : new Float64Array(n);
  for (let d = 0; d < o.draws && m > 0; d++) {
    if (o.signal?.aborted) throw new CancelledError();
    if (d % 20 === 0) o.onDraw?.(d);
    w.fill(0);
    // Without a subset, row k is index k: one random access a draw instead of two.
    let wrapped = false;
    if (rows) {
      for (let k = 0; k < m; k++) {
        const r = rows[Math.floor(o.random() * m)]!;
        wrapped ||= w[r] === 255;
        w[r]! += 1;
      }
    } else {
      for (let k = 0; k < m; k++) {
        const r = Math.floor(o.random() * m);
        wrapped ||= w[r] === 255;
        w[r]! += 1;
      }
    }
    if (wrapped) throw new Error('pairedBootstrap: a row was drawn more than 255 times in one resample');
    let deltasOfDraw: number[];
    if (fused) {
      const va = fused[0].values(metrics, w);
      const vb = fused[1].values(metrics, w);
      deltasOfDraw = vb.map((x, j) => x - va[j]!);
    } else {
      wf!.set(w);
      deltasOfDraw = metrics.map((spec) => spec.fn(b, wf) - spec.fn(a, wf));
    }
    deltasOfDraw.forEach((v, j) => {
      if (Number.isFinite(v)) deltas[j]!.push(v);
      else undef[j]! += 1;
    });
  }
  const alpha = 1 - o.level;
  // The subset's own delta weighs its rows once (every row when there is no subset).
  let whole: Float64Array | null = null;
  if (rows) {
    whole = new Float64Array(n);
    for (const r of rows) whole[r] = 1;
  }
  return metrics.map((spec, j) => {
    const ds = Float64Array.from(deltas[j]!).sort();
    return {
      delta: spec.fn(b, whole) - spec.fn(a, whole),
      ci: ds.length >= 10 ? [percentileSorted(ds, alpha / 2), percentileSorted(ds, 1 - alpha / 2)] : null,
      se: ds.length >= 10 ? sd(ds) : NaN,
      undefinedDraws: undef[j]!,
    };
  });
}

function sd(x: Float64Array): number {
  let m = 0;
  for (const v of x) m += v / x.length;
  let ss = 0;
  for (const v of x) ss += (v - m) ** 2;
  return Math.sqrt(ss / (x.length - 1));
}
