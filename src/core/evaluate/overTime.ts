import { studentTIsf } from '../abtest/studentTPpf';
import type { TimeWindow } from '../drift/windows';
import { normalSf } from '../stats/normalSf';
import { benjaminiHochberg } from '../versions/slices';
import type { InputPlan } from './inputs';
import { metricInfo } from './metricCatalog';
import type { EvalRows } from './readRows';
import type { Summary } from './summarize';
import { categoricalScoreDrift, numericScoreDrift } from './scoreDrift';
import type { BusinessFigure, WindowFlag, WindowResult } from './types';

export interface ReferenceSide {
  summary: Summary | null;
  /** Usable scores (binary), predictions (regression) or predicted class codes (multiclass) of the reference, sorted. */
  sorted: Float64Array;
  /** Window index of the reference when it is one of the windows (it is then not flagged against itself). */
  window: number | null;
}

export interface OverTimeOptions {
  level: number;
  /** A drop is material when |delta| ≥ minEffect · |reference value| (default 1% relative). */
  minEffect: number;
  lowConfidenceMargin: number;
  businessColumns: string[];
}

/**
 * Per-window figures beyond the metrics: flags against the reference, score drift, the low-confidence share
 * and business columns. `summaries[w]` are the windows' metrics (summarize over the window's labelled rows),
 * `sorted[w]` the window's usable scores or predictions (labelled or not) sorted, `usable[w]` their rows.
 */
export function overTime(r: EvalRows, plan: InputPlan, windows: TimeWindow[], summaries: (Summary | null)[], sorted: Float64Array[], usable: Int32Array[], primary: string, ref: ReferenceSide, o: OverTimeOptions): WindowResult[] {
  const flags = windowFlags(summaries, ref, o);
  const biz = o.businessColumns.map((c, j) => businessByWindow(c, r.business[j]!, r.window!, windows.length, o.level));
  const refCounts = plan.task === 'multiclass' ? classCounts(ref.sorted, plan.classes!) : null;
  return windows.map((w, i) => {
    const s = summaries[i];
    const f = flags[i]!;
    return {
      index: i, start: w.start, end: w.end, rows: w.rows, labeledRows: s?.rows ?? 0,
      metrics: s?.metrics ?? [], flags: f, flagged: f.some((x) => x.metric === primary),
      scoreDrift: refCounts ? categoricalScoreDrift(refCounts, classCounts(sorted[i]!, plan.classes!), ref.sorted.length, i) : numericScoreDrift(ref.sorted, sorted[i]!, i),
      lowConfidenceShare: lowConfidence(r, plan, sorted[i]!, usable[i]!, o.lowConfidenceMargin),
      business: biz.map((b) => b[i]!),
    };
  });
}

/** Predicted-class counts from sorted class codes. */
function classCounts(sortedCodes: Float64Array, classes: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < sortedCodes.length;) {
    let j = i;
    while (j < sortedCodes.length && sortedCodes[j] === sortedCodes[i]) j++;
    m.set(classes[sortedCodes[i]!] ?? String(sortedCodes[i]), j - i);
    i = j;
  }
  return m;
}

/**
 * A window is flagged on a metric when it is worse than the reference by a one-sided z-test on the two
 * bootstrap standard errors (independent samples), Benjamini–Hochberg adjusted across the windows at
 * 1 − level, and the drop is material (|delta| ≥ minEffect · |reference|).
 */
function windowFlags(summaries: (Summary | null)[], ref: ReferenceSide, o: OverTimeOptions): WindowFlag[][] {
  const out: WindowFlag[][] = summaries.map(() => []);
  if (!ref.summary) return out;
  for (const rm of ref.summary.metrics) {
    const info = metricInfo(rm.name);
    if (!info || rm.value === null) continue;
    const seRef = ref.summary.se.get(rm.name) ?? NaN;
    const cand: { w: number; delta: number; p: number }[] = [];
    summaries.forEach((s, w) => {
      if (!s || w === ref.window) return;
      const m = s.metrics.find((x) => x.name === rm.name);
      const se = s.se.get(rm.name) ?? NaN;
      if (!m || m.value === null || !Number.isFinite(se) || !Number.isFinite(seRef)) return;
      const delta = m.value - rm.value!;
      const sd = Math.sqrt(se * se + seRef * seRef);
      const worseZ = (info.higherIsBetter ? -delta : delta) / sd;
      const p = sd > 0 ? normalSf(worseZ) : worseZ > 0 ? 0 : 1;
      cand.push({ w, delta, p });
    });
    const adj = benjaminiHochberg(cand.map((c) => c.p));
    cand.forEach((c, j) => {
      const worse = info.higherIsBetter ? c.delta < 0 : c.delta > 0;
      if (worse && adj[j]! < 1 - o.level && Math.abs(c.delta) >= o.minEffect * Math.abs(rm.value!)) out[c.w]!.push({ metric: rm.name, delta: c.delta, pValue: c.p, adjustedP: adj[j]! });
    });
  }
  return out;
}

/**
 * Share of predictions near the decision boundary: binary |score − threshold| < margin, evaluated exactly as
 * written (floating-point, like numpy) at the two ends of the run it forms in the sorted scores (binary
 * searches); multiclass a top class probability below 0.5; null otherwise.
 */
function lowConfidence(r: EvalRows, plan: InputPlan, sorted: Float64Array, rows: Int32Array, margin: number): number | null {
  if (sorted.length === 0) return null;
  if (plan.task === 'binary' && plan.hasScores) {
    const t = plan.threshold!;
    const near = (i: number) => Math.abs(sorted[i]! - t) < margin;
    // Scores below t: "near" turns from false to true going up; at or above t: from true to false.
    const mid = firstIndex(sorted.length, (i) => sorted[i]! >= t);
    const from = firstIndex(mid, near);
    const to = mid + firstIndex(sorted.length - mid, (k) => !near(mid + k));
    return (to - from) / sorted.length;
  }
  if (plan.task === 'multiclass' && r.top) {
    let low = 0;
    for (const i of rows) if (r.top[i]! < 0.5) low++;
    return low / rows.length;
  }
  return null;
}

/** The first i in [0, n) where a monotone (false … true) predicate holds, or n. */
function firstIndex(n: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (holds(m)) hi = m;
    else lo = m + 1;
  }
  return lo;
}

/**
 * Mean and sum of a business column per window, over the rows with a value, with Student-t intervals (the sum's
 * is n times the mean's). One pass over the rows for every window (Welford's running mean and M2).
 */
export function businessByWindow(column: string, values: Float64Array, window: Int32Array, windows: number, level: number): BusinessFigure[] {
  const n = new Float64Array(windows);
  const mean = new Float64Array(windows);
  const m2 = new Float64Array(windows);
  for (let i = 0; i < values.length; i++) {
    const w = window[i]!;
    const x = values[i]!;
    if (w < 0 || !Number.isFinite(x)) continue;
    const k = (n[w]! += 1);
    const d = x - mean[w]!;
    mean[w]! += d / k;
    m2[w]! += d * (x - mean[w]!);
  }
  return Array.from({ length: windows }, (_, w): BusinessFigure => {
    const k = n[w]!;
    if (k === 0) return { column, count: 0, mean: null, meanCi: null, sum: null, sumCi: null };
    const mu = mean[w]!;
    if (k < 2) return { column, count: k, mean: mu, meanCi: null, sum: mu * k, sumCi: null };
    const half = studentTIsf((1 - level) / 2, k - 1) * Math.sqrt(m2[w]! / (k - 1) / k);
    return { column, count: k, mean: mu, meanCi: [mu - half, mu + half], sum: mu * k, sumCi: [k * (mu - half), k * (mu + half)] };
  });
}
