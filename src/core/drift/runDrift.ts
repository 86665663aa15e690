import type { Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { and, not, notNull, type Expr } from '../plan/expr';
import type { PlanExecutor } from '../plan/executor';
import { sourceOf, withFilter } from '../plan/target';
import { InputError } from '../errors';
import { planColumns } from './columnPlan';
import { compareSides } from './compareSides';
import type { DriftReport, DriftWindow } from './driftReport';
import type { DriftSettings } from './driftSettings';
import type { ColumnScan, DriftSide } from './driftSide';
import { groupByWindow, parseWindow, timeWindows, windowKeyValue, type TimeWindow, type Windowing } from './windows';
import { scanAggregates, scanFromRow } from './driftSide';
import { countPlan } from './pullSamples';
import { windowGridSamples } from './windowGrids';
import { WindowPasses } from './windowPasses';

const wholeSide = (ds: Dataset): DriftSide => ({ path: ds.path, source: sourceOf(ds), rows: ds.rows, columns: ds.columns });
const windowSide = (ds: Dataset, w: Windowing, win: TimeWindow): DriftSide => ({ path: ds.path, source: withFilter(w.base, win.where), rows: win.rows, columns: ds.columns, start: win.start, end: win.end });

/**
 * Drift of `current` against `reference`, end to end:
 * 1. plan: kinds (inferKind), tests and thresholds per column (planColumns), decided once;
 * 2. compare the whole reference with the whole current, one column in memory at a time (compareSides);
 * 3. with settings.timeColumn + window: split the current data into windows and compare each with the
 *    reference. Without `current`, the single dataset is split and its first window is the reference;
 *    the top-level comparison is then the first window against all later windows, and on the embedded engine
 *    the plan, that comparison and every window come from two streamed passes over the file (windowPasses.ts).
 * Throws InputError 'BAD_ARGUMENT' (inconsistent settings), 'NO_COLUMNS', and the planning/windowing codes.
 */
export async function runDrift(engine: Engine | PlanExecutor, reference: Dataset, current: Dataset | undefined, settings: DriftSettings, options: RunOptions = {}): Promise<DriftReport> {
  const driftShare = settings.driftShare ?? 0.5;
  if (!(driftShare > 0 && driftShare <= 1)) throw new InputError('BAD_ARGUMENT', `--drift-share must be in (0, 1]; got ${driftShare}.`, { driftShare });
  if ((settings.timeColumn === undefined) !== (settings.window === undefined)) {
    throw new InputError('BAD_ARGUMENT', '--time-column and --window go together: give both (e.g. --time-column date --window week) or neither.');
  }
  if (!current && settings.timeColumn === undefined) {
    throw new InputError('BAD_ARGUMENT', 'drift needs a reference and a current dataset, or one dataset with --time-column and --window to compare its time windows.');
  }
  const spec = settings.window === undefined ? undefined : parseWindow(settings.window);
  const seed = settings.seed ?? 1;
  const windowed = current ?? reference;
  let windowing: Windowing | undefined;
  let scanning: Promise<unknown> | undefined;
  let opened: WindowPasses | undefined;
  try {
    if (spec && settings.timeColumn !== undefined) windowing = await timeWindows(engine, windowed, settings.timeColumn, spec, options);
    let refSide = wholeSide(reference);
    let curSide = current ? wholeSide(current) : refSide;
    let compared = windowing?.windows ?? [];
    if (!current && windowing) {
      const first = windowing.windows[0]!;
      refSide = windowSide(reference, windowing, first);
      const restRows = windowing.windows.slice(1).reduce((s, w) => s + w.rows, 0);
      const later = windowing.windows.slice(1);
      curSide = { path: reference.path, source: withFilter(windowing.base, laterWindows(windowing, first)), rows: restRows, columns: reference.columns, start: later[0]!.start, end: later.at(-1)!.end };
      compared = windowing.windows.slice(1);
    }
    // One file's windows against its first: the plan and the top-level comparison come from the windows' passes.
    const passes = !current && windowing ? await WindowPasses.open(engine, windowing, options) : undefined;
    opened = passes;
    const plan = await planColumns(engine, refSide, curSide, settings, options, passes);
    if (!plan.plans.some((p) => p.role === 'feature')) {
      throw new InputError('NO_COLUMNS', `no feature column can be tested for drift${plan.skipped.length ? ` (skipped: ${plan.skipped.map((s) => `${s.column}: ${s.reason}`).join('; ')})` : ''}. Check --columns / --exclude.`, { skipped: plan.skipped });
    }
    const infos = plan.plans.map((p) => windowed.columns.find((c) => c.name === p.column)!);
    // Every window's column scans: from the windows' passes where they hold them (windowNonNull), else from one
    // grouped plan, which with the passes starts now: DuckDB's threads scan while the main thread builds the
    // samples and the top-level comparison (1M rows: it ran alone at the end).
    const windowScans = async (): Promise<Map<string, ColumnScan[]>> => {
      const rows = await groupByWindow(engine, windowing!, { aggregates: scanAggregates(infos, false, true) }, options);
      return new Map(windowing!.windows.map((win) => [win.key, scanFromRow(rows.get(win.key)?.[0] ?? { n: 0 }, infos, false).columns]));
    };
    const overTime = passes && settings.timeColumn !== undefined && settings.window !== undefined;
    const known = overTime ? await passes.windowScans(plan.plans) : undefined;
    const early = overTime && !known ? windowScans() : undefined;
    scanning = early?.catch(() => undefined);
    const passed = await passes?.samples(plan.plans);
    // Without windows, nothing needs a column's grids once it is tested: they are dropped as the test runs.
    const top = await compareSides(engine, refSide, curSide, plan.plans, driftShare, seed, { reference: plan.reference, current: plan.current, useCachedCounts: true, releaseGrids: !windowing, ...(passed ? { gridSamples: passed.top } : {}) }, options);
    const report: DriftReport = {
      reference: summary(refSide),
      current: summary(curSide),
      columns: top.columns,
      dataset: top.dataset,
      ...(top.target ? { target: top.target } : {}),
      ...(top.prediction ? { prediction: top.prediction } : {}),
      skipped: plan.skipped,
      issues: [...reference.issues, ...(current?.issues ?? []), ...plan.issues],
    };
    if (windowing && settings.timeColumn !== undefined && settings.window !== undefined) {
      // Every window's column scans and category counts come from grouped plans (one pass each, not one per window).
      const w = windowing;
      const scans = known ?? await (early ?? windowScans());
      const counted = plan.plans.filter((p) => p.useCounts && p.counts);
      const perColumn = await Promise.all(counted.map((p) => passes?.windowCounts(p.column, p.kind === 'numeric') ?? groupByWindow(engine, w, countPlan(p.column, p.kind === 'numeric'), options)));
      // Every window's grids and bucket values in two streamed passes (DuckDB; elsewhere one grid pass per window).
      const grids = passed?.windows ?? (current ? await windowGridSamples(engine, w, compared, { source: refSide.source, rows: refSide.rows }, plan.plans, options) : undefined);
      const windows: DriftWindow[] = [];
      for (const win of compared) {
        const side = windowSide(windowed, windowing, win);
        const current = scans.get(win.key)!;
        const currentCounts = new Map(counted.map((p, j) => [p.column, new Map((perColumn[j]!.get(win.key) ?? []).map((r) => [String(r['k']), Number(r['n'])]))]));
        const c = await compareSides(engine, refSide, side, plan.plans, driftShare, seed, { reference: plan.reference, current, currentCounts, ...(grids ? { gridSamples: grids.get(win.key)! } : {}) }, options);
        windows.push({ start: win.start, end: win.end, rows: win.rows, columns: c.columns, dataset: c.dataset, ...(c.target ? { target: c.target } : {}), ...(c.prediction ? { prediction: c.prediction } : {}) });
      }
      report.windows = windows;
      report.windowing = { timeColumn: settings.timeColumn, window: settings.window, reference: current ? 'reference file' : 'first window', rowsWithoutTime: windowing.rowsWithoutTime };
    }
    return report;
  } finally {
    await scanning; // never a statement over a released window table (N chunks)
    await opened?.settle(); // nor a first pass started early (WindowPasses.scanBoth) still running
    await windowing?.release();
  }
}

/** Dataset drift was detected: overall, or in any time window. The CLI exits with 1 when this is true. */
export function driftDetected(report: DriftReport): boolean {
  return report.dataset.drifted || (report.windows ?? []).some((w) => w.dataset.drifted);
}

/**
 * Rows of every window after `first`: a window key and not in the first window. One predicate, where an OR of
 * every later window's filter made each scan of the current side test all of them per row (52 weekly windows:
 * 11 of the 27 CPU-seconds of a 1M-row run).
 */
function laterWindows(w: Windowing, first: TimeWindow): Expr {
  return and(notNull(windowKeyValue(w.key)), not(first.where));
}

function summary(side: DriftSide): DriftReport['reference'] {
  return { path: side.path, rows: side.rows, ...(side.start !== undefined ? { start: side.start } : {}), ...(side.end !== undefined ? { end: side.end } : {}) };
}
