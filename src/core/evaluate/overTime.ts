import { studentTIsf } from '../abtest/studentTPpf';
import { defaultTest } from '../drift/defaultTest';
import { getDriftTest } from '../drift/registry';
import type { TimeWindow } from '../drift/windows';
import { mulberry32 } from '../random';
import { normalSf } from '../stats/normalSf';
import { benjaminiHochberg } from '../versions/slices';
import type { InputPlan } from './inputs';
import { metricInfo } from './metricCatalog';
import type { EvalRows } from './readRows';
import type { Summary } from './summarize';
import type { BusinessFigure, ScoreDrift, WindowFlag, WindowResult } from './types';

export interface ReferenceSide {
  summary: Summary | null;
  /** Usable scores (binary), predictions (regression) or predicted class codes (multiclass) of the reference. */
  values: Float64Array;
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
 * `usable[w]` the window's rows with a usable score or prediction (labelled or not).
 */
export function overTime(r: EvalRows, plan: InputPlan, windows: TimeWindow[], summaries: (Summary | null)[], usable: Int32Array[], primary: string, ref: ReferenceSide, o: OverTimeOptions): WindowResult[] {
  const flags = windowFlags(summaries, ref, o);
  const biz = o.businessColumns.map((c, j) => businessByWindow(c, r.business[j]!, r.window!, windows.length, o.level));
  return windows.map((w, i) => {
    const s = summaries[i];
    const f = flags[i]!;
    return {
      index: i, start: w.start, end: w.end, rows: w.rows, labeledRows: s?.rows ?? 0,
      metrics: s?.metrics ?? [], flags: f, flagged: f.some((x) => x.metric === primary),
      scoreDrift: scoreDrift(plan, ref.values, pick(r.v, usable[i]!), i),
      lowConfidenceShare: lowConfidence(r, plan, usable[i]!, o.lowConfidenceMargin),
      business: biz.map((b) => b[i]!),
    };
  });
}

function pick(v: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++) out[j] = v[rows[j]!]!;
  return out;
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

/** Evidently's default drift test of the window's scores (numeric) or predicted classes (categorical) against the reference's. */
function scoreDrift(plan: InputPlan, reference: Float64Array, current: Float64Array, w: number): ScoreDrift | null {
  if (reference.length === 0 || current.length === 0) return null;
  if (plan.task === 'multiclass') {
    const counts = (v: Float64Array) => {
      const m = new Map<string, number>();
      for (const x of v) m.set(plan.classes![x] ?? String(x), (m.get(plan.classes![x] ?? String(x)) ?? 0) + 1);
      return m;
    };
    const rc = counts(reference);
    const cc = counts(current);
    const choice = defaultTest('categorical', reference.length, new Set([...rc.keys(), ...cc.keys()]).size);
    const res = getDriftTest(choice.testId).run({ kind: 'categorical', counts: rc }, { kind: 'categorical', counts: cc }, { random: mulberry32(w) });
    return driftResult(choice.testId, choice.threshold, res);
  }
  const unique = new Set<number>();
  for (const arr of [reference, current]) for (let i = 0; i < arr.length && unique.size <= 5; i++) unique.add(arr[i]!);
  const choice = defaultTest('numeric', reference.length, unique.size);
  const res = getDriftTest(choice.testId).run({ kind: 'numeric', values: reference }, { kind: 'numeric', values: current }, { random: mulberry32(w) });
  return driftResult(choice.testId, choice.threshold, res);
}

function driftResult(testId: string, threshold: number, res: { statistic: number; pValue: number | null; score: number }): ScoreDrift {
  const t = getDriftTest(testId);
  return { test: testId, statistic: res.statistic, pValue: res.pValue, score: res.score, threshold, drifted: t.scoreKind === 'pValue' ? res.score < threshold : res.score >= threshold };
}

function lowConfidence(r: EvalRows, plan: InputPlan, rows: Int32Array, margin: number): number | null {
  if (rows.length === 0) return null;
  let low = 0;
  if (plan.task === 'binary' && plan.hasScores) {
    for (const i of rows) if (Math.abs(r.v[i]! - plan.threshold!) < margin) low++;
  } else if (plan.task === 'multiclass' && r.top) {
    for (const i of rows) if (r.top[i]! < 0.5) low++;
  } else return null;
  return low / rows.length;
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
