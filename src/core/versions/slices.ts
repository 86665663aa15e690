import { normalPpf } from '../stats/normalPpf';
import { normalSf } from '../stats/normalSf';
import type { MetricSpec, Scored } from './metrics';
import { percentileSorted } from '../stats/percentile';

/** A subgroup of rows: a level of a categorical column or a quantile bin of a numeric one. */
export interface SliceDef {
  column: string;
  /** e.g. 'north', or '[41700, 55200)' for a bin. */
  value: string;
  rows: Int32Array;
}

export interface SliceResult {
  column: string;
  value: string;
  rows: number;
  metric: string;
  a: number;
  b: number;
  delta: number;
  ci: [number, number] | null;
  /** Two-sided p-value of the paired z-test of delta = 0. */
  pValue: number | null;
  /** Benjamini–Hochberg adjusted p-value across all slices. */
  adjustedP: number | null;
  /** B significantly and materially worse here: adjusted p < 1 − level, delta in the worse direction, |delta| ≥ minEffect·|A|. */
  worse: boolean;
}

/** Slice metrics are means of a per-row score, so the paired difference of A and B is a mean too. */
export const SLICE_METRICS = ['accuracy', 'log_loss', 'mae'] as const;
export type SliceMetric = (typeof SLICE_METRICS)[number];

/** Per-row score whose mean is the metric: 1/0 correct (accuracy), the log loss, or |error| (MAE). */
export function rowScores(s: Scored, metric: SliceMetric): Float64Array {
  const n = s.y.length;
  if (metric === 'mae') return Float64Array.from({ length: n }, (_, i) => Math.abs(s.p[i]! - s.y[i]!));
  if (metric === 'log_loss') return s.loss ?? new Float64Array(n).fill(NaN);
  return Float64Array.from({ length: n }, (_, i) => (s.cls![i] === s.y[i] ? 1 : 0));
}

/** Quantile bin edges (numpy.quantile, linear) at 0, ¼, ½, ¾, 1 of the finite values, duplicates merged. */
export function quantileEdges(values: Float64Array, bins = 4): number[] {
  // A plain loop: Float64Array.prototype.filter calls back per value (~0.35 s on 1M values here).
  const finite = new Float64Array(values.length);
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) finite[m++] = values[i]!;
  if (m === 0) return [];
  const v = finite.subarray(0, m).sort();
  return [...new Set(Array.from({ length: bins + 1 }, (_, i) => percentileSorted(v, i / bins)))];
}

/**
 * Benjamini–Hochberg step-up adjusted p-values (statsmodels multipletests(method='fdr_bh')):
 * p_(k) · m / k, made monotone from the largest down, capped at 1.
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const idx = p.map((_, i) => i).sort((x, y) => p[x]! - p[y]!);
  const out = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    running = Math.min(running, (p[idx[k]!]! * m) / (k + 1));
    out[idx[k]!] = running;
  }
  return out;
}

/**
 * A vs B in every slice with at least `minRows` rows. The slice metric is a mean of per-row scores, so its
 * delta is the mean of the paired row differences d_i = score_B,i − score_A,i; the standard error is
 * sd(d)/√n (the paired z-test; n ≥ 30), giving the interval delta ± z_{1−α/2}·se and a two-sided p-value.
 * Many slices are tested at once, so "B is worse" needs a Benjamini–Hochberg adjusted p below 1 − level:
 * the false-discovery rate across slices is controlled at that level. On large data tiny differences are
 * significant, so the drop must also be material: |delta| ≥ minEffect · |A's value| (default 1% relative).
 * O(total slice rows).
 */
export function sliceResults(a: Scored, b: Scored, slices: readonly SliceDef[], metric: MetricSpec & { id: SliceMetric }, o: { level: number; minRows: number; minEffect?: number }): SliceResult[] {
  const sa = rowScores(a, metric.id);
  const sb = rowScores(b, metric.id);
  const z = normalPpf(1 - (1 - o.level) / 2);
  const out: SliceResult[] = [];
  for (const s of slices) {
    const n = s.rows.length;
    if (n < o.minRows) continue;
    let ma = 0;
    let mb = 0;
    for (const r of s.rows) {
      ma += sa[r]! / n;
      mb += sb[r]! / n;
    }
    const delta = mb - ma;
    let ss = 0;
    for (const r of s.rows) ss += (sb[r]! - sa[r]! - delta) ** 2;
    const se = Math.sqrt(ss / (n - 1) / n);
    if (!Number.isFinite(delta)) continue;
    const p = se > 0 ? 2 * normalSf(Math.abs(delta) / se) : delta === 0 ? 1 : 0;
    out.push({ column: s.column, value: s.value, rows: n, metric: metric.id, a: ma, b: mb, delta, ci: [delta - z * se, delta + z * se], pValue: p, adjustedP: null, worse: false });
  }
  const adjusted = benjaminiHochberg(out.map((r) => r.pValue!));
  out.forEach((r, i) => {
    r.adjustedP = adjusted[i]!;
    r.worse = (metric.higherIsBetter ? r.delta < 0 : r.delta > 0) && r.adjustedP < 1 - o.level && Math.abs(r.delta) >= (o.minEffect ?? 0.01) * Math.abs(r.a);
  });
  return out.sort((x, y) => Number(y.worse) - Number(x.worse) || (metric.higherIsBetter ? x.delta - y.delta : y.delta - x.delta));
}
