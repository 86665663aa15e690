import type { RandomSource } from '../random';
import { percentileSorted } from '../stats/percentile';
import { drawCounts, suffixSums } from './bootstrap';

/**
 * Regression metrics as scikit-learn 1.2 defines them: mean_absolute_error, √mean_squared_error, r2_score
 * (1 − Σ(y − ŷ)² / Σ(y − ȳ)², two passes; undefined — NaN — for a constant label, where scikit-learn returns
 * 1 or 0) and mean_absolute_percentage_error (|y − ŷ| / max(|y|, ε), ε = 2⁻⁵²). Residuals are y − ŷ.
 */
export const REGRESSION_METRIC_IDS = ['mae', 'rmse', 'r2', 'mape'] as const;
export const RESIDUAL_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

const EPS = 2.220446049250313e-16;

export interface RegressionResult {
  values: Float64Array;
  /** numpy.percentile (linear) of the residuals y − ŷ at RESIDUAL_QUANTILES. */
  residualQuantiles: { q: number; value: number }[];
  /** Up to `maxPoints` (prediction, residual) pairs, an evenly spaced subset of the rows for the plot. */
  scatter: { prediction: number[]; residual: number[] };
  groups: RegressionGroups;
}

/**
 * Groups for the bootstrap: every row when there are at most `maxGroups`, else rows assigned to maxGroups
 * groups at random (seeded). Resampling whole groups is a cluster bootstrap; with one row per group it is
 * the row bootstrap. Every metric is a ratio of sums, so a group keeps sums only. Labels are centred on
 * their mean first so Σy² − (Σy)²/n loses no precision.
 */
export interface RegressionGroups {
  length: number;
  exact: boolean;
  count: Float64Array;
  absErr: Float64Array;
  sqErr: Float64Array;
  yc: Float64Array;
  yc2: Float64Array;
  ape: Float64Array;
}

export function evaluateRegression(y: Float64Array, p: Float64Array, rng: RandomSource, o: { maxGroups?: number; maxPoints?: number } = {}): RegressionResult {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let abs = 0;
  let sq = 0;
  let tot = 0;
  let ape = 0;
  const res = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = y[i]! - p[i]!;
    res[i] = e;
    abs += Math.abs(e);
    sq += e * e;
    tot += (y[i]! - mean) ** 2;
    ape += Math.abs(e) / Math.max(Math.abs(y[i]!), EPS);
  }
  const values = Float64Array.from([abs / n, Math.sqrt(sq / n), tot > 0 ? 1 - sq / tot : NaN, ape / n]);
  if (n === 0) values.fill(NaN);
  const sorted = res.slice().sort();
  const maxPoints = o.maxPoints ?? 1000;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const scatter = { prediction: [] as number[], residual: [] as number[] };
  for (let i = 0; i < n; i += step) {
    scatter.prediction.push(p[i]!);
    scatter.residual.push(res[i]!);
  }
  return {
    values,
    residualQuantiles: RESIDUAL_QUANTILES.map((q) => ({ q, value: percentileSorted(sorted, q) })),
    scatter,
    groups: regressionGroups(y, p, mean, rng, o.maxGroups ?? 4096),
  };
}

function regressionGroups(y: Float64Array, p: Float64Array, mean: number, rng: RandomSource, maxGroups: number): RegressionGroups {
  const n = y.length;
  const exact = n <= maxGroups;
  const g = exact ? n : maxGroups;
  const f = () => new Float64Array(g);
  const out: RegressionGroups = { length: g, exact, count: f(), absErr: f(), sqErr: f(), yc: f(), yc2: f(), ape: f() };
  for (let i = 0; i < n; i++) {
    const k = exact ? i : Math.floor(rng() * g);
    const e = y[i]! - p[i]!;
    const c = y[i]! - mean;
    out.count[k]! += 1;
    out.absErr[k]! += Math.abs(e);
    out.sqErr[k]! += e * e;
    out.yc[k]! += c;
    out.yc2[k]! += c * c;
    out.ape[k]! += Math.abs(e) / Math.max(Math.abs(y[i]!), EPS);
  }
  return out;
}

/** `draws` resamples of the groups (each group drawn as a whole, uniformly); the four metrics per draw. */
export function regressionBootstrap(gr: RegressionGroups, draws: number, rng: RandomSource, signal?: AbortSignal): Float64Array[] {
  const ones = new Float64Array(gr.length).fill(1);
  const suffix = suffixSums(ones);
  const w = new Float64Array(gr.length);
  const out = REGRESSION_METRIC_IDS.map(() => new Float64Array(draws));
  for (let b = 0; b < draws; b++) {
    if (signal?.aborted) break;
    drawCounts(ones, suffix, rng, w);
    let n = 0, abs = 0, sq = 0, yc = 0, yc2 = 0, ape = 0;
    for (let k = 0; k < gr.length; k++) {
      const c = w[k]!;
      if (c === 0) continue;
      n += c * gr.count[k]!;
      abs += c * gr.absErr[k]!;
      sq += c * gr.sqErr[k]!;
      yc += c * gr.yc[k]!;
      yc2 += c * gr.yc2[k]!;
      ape += c * gr.ape[k]!;
    }
    const tot = yc2 - (yc * yc) / n;
    out[0]![b] = abs / n;
    out[1]![b] = Math.sqrt(sq / n);
    out[2]![b] = tot > 0 ? 1 - sq / tot : NaN;
    out[3]![b] = ape / n;
  }
  return out;
}
