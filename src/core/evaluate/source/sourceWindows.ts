/**
 * `evaluate --source --time-column t --window day|week|month` for a binary score: one GROUP BY (window, score,
 * label) count plan, run where the data lives. The windows are drift's (timeWindows: date_trunc to the day, the
 * Monday-started week or the month, rendered by each dialect), so a window holds the same rows as the file
 * path's window key. From the counts:
 * - each window's metrics and intervals: summarizeBinaryCounts with the file path's per-window settings and
 *   bootstrap stream (2 + window), so values, cells and seeded draws are those of the file path;
 * - the overall evaluation: the windows' counts added up (rows without a time are in no window, as on files);
 * - score drift, the low-confidence share and CBPE (calibrated on the first labelled window): the same functions
 *   as the file path, on each window's scores expanded from their counts (sorted, as the file path sorts them).
 * N chunks number rows in time order, which needs the rows: refused.
 */
import type { Dataset } from '../../data/dataset';
import type { RunOptions } from '../../data/engine';
import { groupByWindow, parseWindow, timeWindows } from '../../drift/windows';
import { CancelledError, InputError } from '../../errors';
import type { PlanExecutor } from '../../plan/executor';
import { col, notNull } from '../../plan/expr';
import type { Source } from '../../plan/plan';
import type { ColumnInfo } from '../../data/dataset';
import { estimatePerformance, type CbpeTarget } from '../cbpe/estimated';
import type { InputPlan } from '../inputs';
import { primaryMetric } from '../metricCatalog';
import { overTime } from '../overTime';
import { WINDOW_CELLS, WINDOW_DRAWS } from '../runEvaluation';
import type { EvalRows } from '../readRows';
import { summarizeBinaryCounts, type BootstrapSettings, type Summary } from '../summarize';
import type { EvaluationReport, WindowResult } from '../types';
import { binaryDerive } from './sourcePlans';


/** Scores of one window: distinct values with their positive, negative and unlabelled counts. */
interface WindowCounts { pos: Map<number, number>; neg: Map<number, number>; unl: Map<number, number> }

/** Usable rows whose scores are rebuilt in memory for score drift and CBPE (8 bytes each): 400 MB. */
export const MAX_EXPANDED_ROWS = 50_000_000;

export interface SourceWindowsResult {
  overall: Summary;
  labeled: number;
  usable: number;
  rowsWithoutTime: number;
  windows: WindowResult[];
  referenceMetrics: Summary['metrics'] | null;
  estimated: EvaluationReport['estimated'];
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/** Distinct scores from the highest down with their positive and negative counts (summarizeBinaryCounts' input). */
function descending(c: WindowCounts): { scores: Float64Array; pos: Float64Array; neg: Float64Array } {
  const scores = Float64Array.from(new Set([...c.pos.keys(), ...c.neg.keys()])).sort().reverse();
  return { scores, pos: Float64Array.from(scores, (s) => c.pos.get(s) ?? 0), neg: Float64Array.from(scores, (s) => c.neg.get(s) ?? 0) };
}

/** The multiset of scores of the given counts as an ascending array (what the file path sorts from its rows). */
function expand(...maps: Map<number, number>[]): Float64Array {
  const all = new Map<number, number>();
  for (const m of maps) for (const [s, n] of m) all.set(s, (all.get(s) ?? 0) + n);
  const keys = Float64Array.from(all.keys()).sort();
  let total = 0;
  for (const k of keys) total += all.get(k)!;
  const out = new Float64Array(total);
  let at = 0;
  for (const k of keys) { const n = all.get(k)!; out.fill(k, at, at + n); at += n; }
  return out;
}

export async function sourceBinaryWindows(exec: PlanExecutor, ds: Dataset, source: Source, label: ColumnInfo, score: ColumnInfo, plan: InputPlan, settings: BootstrapSettings,
  o: { timeColumn: string; window: string; minEffect?: number; lowConfidenceMargin?: number }, run: RunOptions): Promise<SourceWindowsResult> {
  const spec = parseWindow(o.window);
  if (!('unit' in spec)) throw new InputError('UNSUPPORTED_ON_ENGINE', `evaluate --source: --window ${o.window} cuts the rows into chunks by their order in time, which needs the rows numbered on this machine; with a source use --window day, week or month (calendar windows computed in ${exec.engine.label}), or export the rows to Parquet for chunks.`, { window: o.window });
  const w = await timeWindows(exec, { path: ds.path, relation: ds.relation, columns: ds.columns, source }, o.timeColumn, spec, run);
  try {
    const byWindow = await groupByWindow(exec, w, {
      derive: binaryDerive(label, score, plan.positive!), where: notNull(col('s')),
      groupBy: [{ name: 's', expr: col('s'), type: 'double' }, { name: 'y', expr: col('y'), type: 'integer' }],
      aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }],
    }, run);
    const counts: WindowCounts[] = w.windows.map((win) => {
      const c: WindowCounts = { pos: new Map(), neg: new Map(), unl: new Map() };
      for (const r of byWindow.get(win.key) ?? []) {
        const y = r['y'];
        const m = y === null || y === undefined ? c.unl : num(y) === 1 ? c.pos : c.neg;
        const s = num(r['s']);
        m.set(s, (m.get(s) ?? 0) + num(r['n']));
      }
      return c;
    });
    const ws: BootstrapSettings = { ...settings, draws: Math.min(settings.draws, WINDOW_DRAWS), maxCells: WINDOW_CELLS };
    const sumOf = (m: Map<number, number>) => { let t = 0; for (const n of m.values()) t += n; return t; };
    const summaries: (Summary | null)[] = counts.map((c, i) => {
      if (run.signal?.aborted) throw new CancelledError();
      if (sumOf(c.pos) + sumOf(c.neg) === 0) return null;
      const d = descending(c);
      return summarizeBinaryCounts(d.scores, d.pos, d.neg, plan, ws, 2 + i);
    });
    // The overall figures: every window's labelled counts added up.
    const all: WindowCounts = { pos: new Map(), neg: new Map(), unl: new Map() };
    for (const c of counts) for (const k of ['pos', 'neg', 'unl'] as const) for (const [s, n] of c[k]) all[k].set(s, (all[k].get(s) ?? 0) + n);
    const d = descending(all);
    const overall = summarizeBinaryCounts(d.scores, d.pos, d.neg, plan, settings, 0);
    const labeled = sumOf(all.pos) + sumOf(all.neg);
    const usable = labeled + sumOf(all.unl);
    if (labeled === 0) throw new InputError('NO_LABELS', `No row of ${ds.path} with a '${o.timeColumn}' has both a label ('${label.name}') and a usable score; nothing to evaluate.`, { column: label.name });

    if (usable > MAX_EXPANDED_ROWS) throw new InputError('TOO_MANY_ROWS', `evaluate --source over time: ${ds.path} has ${usable.toLocaleString('en-US')} usable rows in its windows; score drift, the low-confidence share and CBPE rebuild each window's scores here from their counts (8 bytes a row), and stop above ${MAX_EXPANDED_ROWS.toLocaleString('en-US')} rows. Evaluate part of the period with --where "day >= '2026-11-01'", or without --time-column/--window (the overall evaluation has no such limit).`, { rows: usable, limit: MAX_EXPANDED_ROWS });
    // The reference: the first labelled window (a --reference file is refused on a source).
    const first = summaries.findIndex((s) => s !== null);
    const perSorted = counts.map((c) => expand(c.pos, c.neg, c.unl));
    const rowsStub: EvalRows = { n: 0, y: new Float64Array(0), v: new Float64Array(0), loss: null, top: null, window: null, business: [] };
    const ref = summaries[first]!;
    const windows = overTime(rowsStub, plan, w.windows, summaries, perSorted, counts.map(() => new Int32Array(0)), primaryMetric('binary', true),
      { summary: ref, sorted: perSorted[first]!, window: first },
      { level: settings.level, minEffect: o.minEffect ?? 0.01, lowConfidenceMargin: o.lowConfidenceMargin ?? 0.1, businessColumns: [] });
    // CBPE on the windows, calibrated on the first labelled window's (score, label) pairs, as the file path does.
    const targets: CbpeTarget[] = w.windows.map((win, i) => {
      const c = counts[i]!;
      const s = summaries[i];
      const nLabeled = sumOf(c.pos) + sumOf(c.neg);
      const labeledSorted = nLabeled === perSorted[i]!.length ? perSorted[i]! : nLabeled ? expand(c.pos, c.neg) : null;
      return { index: i, start: win.start, end: win.end, all: perSorted[i]!, labeled: labeledSorted && s?.binary ? { sorted: labeledSorted, values: s.binary.values } : null };
    });
    const refCounts = counts[first]!;
    const estimated = estimatePerformance({ name: `the first labelled window (${w.windows[first]!.start.slice(0, 10)})`, sorted: { pos: expand(refCounts.pos), neg: expand(refCounts.neg) }, values: ref.binary!.values },
      targets, plan.threshold!, settings.seed, spec.unit);
    return { overall, labeled, usable, rowsWithoutTime: w.rowsWithoutTime, windows, referenceMetrics: ref.metrics, estimated };
  } finally {
    await w.release();
  }
}
