/**
 * `evaluate --source --time-column t --window day|week|month` for a binary score: one GROUP BY (window, score,
 * label) count plan, run where the data lives. The windows are drift's (timeWindows: date_trunc to the day, the
 * Monday-started week or the month, rendered by each dialect), so a window holds the same rows as the file
 * path's window key. From the counts:
 * - each window's metrics and intervals: summarizeBinaryCounts with the file path's per-window settings and
 *   bootstrap stream (2 + window), so values, cells and seeded draws are those of the file path;
 * - the overall evaluation: the windows' counts added up (rows without a time are in no window, as on files);
 * - score drift, the low-confidence share and CBPE (calibrated on the reference: the first labelled window, or a
 *   --reference's counts, sourceReference.ts): the same functions as the file path, on each window's scores
 *   expanded from their counts (sorted, as the file path sorts them).
 * The transfer guard counts what the plan brings back: distinct (window, score) pairs of usable rows.
 * N chunks number rows in time order, which needs the rows: refused.
 */
import type { Dataset } from '../../data/dataset';
import type { RunOptions } from '../../data/engine';
import { groupByWindow, parseWindow, timeWindows } from '../../drift/windows';
import { CancelledError, InputError } from '../../errors';
import type { PlanExecutor } from '../../plan/executor';
import { and, col, notNull } from '../../plan/expr';
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
import { addCountRow, descending, emptyCounts, expand, guardExpanded, labeledOf, usableOf, type ScoreCounts } from './scoreCounts';
import type { ReferenceSide } from './sourceReference';
import { binaryDerive } from './sourcePlans';

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

export async function sourceBinaryWindows(exec: PlanExecutor, ds: Dataset, source: Source, label: ColumnInfo, score: ColumnInfo, plan: InputPlan, settings: BootstrapSettings,
  o: { timeColumn: string; window: string; minEffect?: number; lowConfidenceMargin?: number; maxScores: number; reference?: ReferenceSide }, run: RunOptions): Promise<SourceWindowsResult> {
  const spec = parseWindow(o.window);
  if (!('unit' in spec)) throw new InputError('UNSUPPORTED_ON_ENGINE', `evaluate --source: --window ${o.window} cuts the rows into chunks by their order in time, which needs the rows numbered on this machine; with a source use --window day, week or month (calendar windows computed in ${exec.engine.label}), or export the rows to Parquet for chunks.`, { window: o.window });
  const w = await timeWindows(exec, { path: ds.path, relation: ds.relation, columns: ds.columns, source }, o.timeColumn, spec, run);
  try {
    const derive = binaryDerive(label, score, plan.positive!);
    // The guard: one row comes back per (window, score, label), so count the (window, score) pairs of usable rows.
    const [size] = await exec.run({
      source: w.base, derive: [...derive, { name: 'window_key', expr: w.key }], where: and(notNull(col('s')), notNull(col('window_key'))),
      aggregates: [{ name: 'pairs', agg: { fn: 'distinct', args: [col('window_key'), col('s')], mode: 'exact' }, type: 'bigint' }],
    }, run);
    const pairs = num(size?.['pairs']);
    if (pairs > o.maxScores) {
      throw new InputError('TOO_MANY_SCORES', `${ds.path} has ${pairs.toLocaleString('en-US')} distinct (${spec.unit}, score) pairs in '${score.name}' over its ${w.windows.length} windows; evaluate --source over time transfers one count per (${spec.unit}, score, label) and stops above ${o.maxScores.toLocaleString('en-US')} (window, score) pairs (--max-scores). Raise the limit with --max-scores ${Math.ceil(pairs / 1000) * 1000} (the figures stay exact), use a longer --window, or round the score in a view (e.g. round(score, 4)).`, { distinct: pairs, limit: o.maxScores });
    }
    const byWindow = await groupByWindow(exec, w, {
      derive, where: notNull(col('s')),
      groupBy: [{ name: 's', expr: col('s'), type: 'double' }, { name: 'y', expr: col('y'), type: 'integer' }],
      aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }],
    }, run);
    const counts: ScoreCounts[] = w.windows.map((win) => {
      const c = emptyCounts();
      for (const r of byWindow.get(win.key) ?? []) addCountRow(c, r);
      return c;
    });
    const ws: BootstrapSettings = { ...settings, draws: Math.min(settings.draws, WINDOW_DRAWS), maxCells: WINDOW_CELLS };
    const summaries: (Summary | null)[] = counts.map((c, i) => {
      if (run.signal?.aborted) throw new CancelledError();
      if (labeledOf(c) === 0) return null;
      const d = descending(c);
      return summarizeBinaryCounts(d.scores, d.pos, d.neg, plan, ws, 2 + i);
    });
    // The overall figures: every window's labelled counts added up.
    const all = emptyCounts();
    for (const c of counts) for (const k of ['pos', 'neg', 'unl'] as const) for (const [s, n] of c[k]) all[k].set(s, (all[k].get(s) ?? 0) + n);
    const d = descending(all);
    const overall = summarizeBinaryCounts(d.scores, d.pos, d.neg, plan, settings, 0);
    const labeled = labeledOf(all);
    const usable = usableOf(all);
    if (labeled === 0 && !o.reference) throw new InputError('NO_LABELS', `No row of ${ds.path} with a '${o.timeColumn}' has both a label ('${label.name}') and a usable score; nothing to evaluate. Give --reference (labelled rows) to estimate performance with CBPE.`, { column: label.name });
    guardExpanded(usable, `${ds.path} over time`, `Evaluate part of the period with --where "day >= '2026-11-01'", or without --time-column/--window (the overall evaluation has no such limit).`);
    // The reference: --reference's counts, else the first labelled window.
    const first = summaries.findIndex((s) => s !== null);
    const perSorted = counts.map((c) => expand(c.pos, c.neg, c.unl));
    const rowsStub: EvalRows = { n: 0, y: new Float64Array(0), v: new Float64Array(0), loss: null, top: null, window: null, business: [] };
    const ref: ReferenceSide = o.reference ?? {
      name: `the first labelled window (${w.windows[first]!.start.slice(0, 10)})`, summary: summaries[first]!,
      all: perSorted[first]!, labeled: { pos: expand(counts[first]!.pos), neg: expand(counts[first]!.neg) },
    };
    const windows = overTime(rowsStub, plan, w.windows, summaries, perSorted, counts.map(() => new Int32Array(0)), primaryMetric('binary', true),
      { summary: ref.summary, sorted: ref.all, window: o.reference ? null : first },
      { level: settings.level, minEffect: o.minEffect ?? 0.01, lowConfidenceMargin: o.lowConfidenceMargin ?? 0.1, businessColumns: [] });
    // CBPE on the windows, calibrated on the reference's (score, label) pairs, as the file path does.
    const targets: CbpeTarget[] = w.windows.map((win, i) => {
      const c = counts[i]!;
      const s = summaries[i];
      const nLabeled = labeledOf(c);
      const labeledSorted = nLabeled === perSorted[i]!.length ? perSorted[i]! : nLabeled ? expand(c.pos, c.neg) : null;
      return { index: i, start: win.start, end: win.end, all: perSorted[i]!, labeled: labeledSorted && s?.binary ? { sorted: labeledSorted, values: s.binary.values } : null };
    });
    const estimated = estimatePerformance({ name: ref.name, sorted: ref.labeled, values: ref.summary.binary!.values }, targets, plan.threshold!, settings.seed, spec.unit);
    return { overall, labeled, usable, rowsWithoutTime: w.rowsWithoutTime, windows, referenceMetrics: ref.summary.metrics, estimated };
  } finally {
    await w.release();
  }
}
