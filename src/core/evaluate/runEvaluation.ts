import type { DataIssue, Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { loadDataset } from '../data/loadDataset';
import { CancelledError, InputError } from '../errors';
import { requireModelAccess, type ModelAccess } from '../models/modelAccess';
import type { Model } from '../models/types';
import { parseWindow } from '../drift/windows';
import { sliceDefs } from '../versions/sliceDefs';
import { attachModelOutputs } from './attachModel';
import { mergeRuns, sortScores } from './binary/sortedScores';
import { estimatePerformance, mergeSorted, type CbpeTarget } from './cbpe/estimated';
import { countRows, isNumeric, numberExpr, requireColumn } from './evaluationSql';
import { evaluateFailOn, type FailOnCondition } from './failOn';
import { exprsFor, planInputs, type InputColumns, type InputPlan } from './inputs';
import { primaryMetric, type EvalTask } from './metricCatalog';
import { overTime } from './overTime';
import { readRows, rowsByWindow, selectRows, sortedValues, usableAndLabeled, type EvalRows } from './readRows';
import { weakestSegments } from './segments';
import { sortScoresParallel, summarizeWindows } from './parallelWindows';
import { summarize, type BootstrapSettings, type Summary } from './summarize';
import type { Confusion, EvaluationReport, WindowResult } from './types';
import { evaluationVerdict } from './verdict';
import { keyedWindows, type KeyedWindows } from './windowKey';

export interface EvaluateOptions extends Omit<InputColumns, 'model'> {
  dataset: string;
  /** A model file (every format Model Lens reads); its outputs are evaluated instead of a score/prediction column. */
  model?: string;
  /** Loads `model` (granted by the CLI, or the extension in a trusted workspace); without it a model file is refused. */
  models?: ModelAccess;
  /** Reference data (same columns, with labels): what windows are compared with and CBPE is calibrated on. */
  reference?: string;
  timeColumn?: string;
  window?: string;
  business?: string[];
  /** Test slices for weak segments (default true). */
  segments?: boolean;
  minSegmentRows?: number;
  /** Bootstrap draws (default 500; 0: no intervals), seed (0) and level (0.95). */
  bootstrap?: number;
  seed?: number;
  level?: number;
  lowConfidenceMargin?: number;
  /** Relative size a drop must have to flag a window or a segment (default 0.01). */
  minEffect?: number;
  failOn?: FailOnCondition[];
  /** Earlier values of a key figure (oldest first), for history conditions. */
  history?: (figure: string) => number[];
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

const OVERALL_CELLS = 4096;
export const WINDOW_CELLS = 256;
/** Bootstrap draws per window (at most): 52 weekly windows then cost less than the overall interval. */
export const WINDOW_DRAWS = 200;

/** `model-lens evaluate`: every metric with intervals, curves, segments, windows, CBPE, conditions and a verdict. */
export async function runEvaluation(engine: Engine, o: EvaluateOptions): Promise<EvaluationReport> {
  const run: RunOptions = { signal: o.signal };
  const progress = (f: number, m: string) => {
    if (o.signal?.aborted) throw new CancelledError();
    o.onProgress?.(f, m);
  };
  if ((o.timeColumn === undefined) !== (o.window === undefined)) throw new InputError('BAD_ARGUMENT', 'Give --time-column and --window together (e.g. --time-column date --window week).');
  if (o.window !== undefined) parseWindow(o.window);
  const settings: BootstrapSettings = { draws: o.bootstrap ?? 500, level: o.level ?? 0.95, seed: o.seed ?? 0, maxCells: OVERALL_CELLS, signal: o.signal };
  const opened: Dataset[] = [];
  let model: Model | undefined;
  let windows: KeyedWindows | undefined;
  try {
    progress(0.02, 'reading the data');
    model = o.model ? requireModelAccess(o.models, `Evaluating ${o.model}`).read(o.model) : undefined;
    const open = async (file: string) => {
      let ds = await loadDataset(engine, file, run);
      opened.push(ds);
      let modelOut: InputColumns['model'];
      if (model) {
        progress(0.05, `scoring ${file} with the model`);
        const a = await attachModelOutputs(engine, ds, model, run);
        opened[opened.length - 1] = a.dataset;
        ds = a.dataset;
        modelOut = { task: a.task, columns: a.columns };
      }
      return { ds, modelOut };
    };
    const main = await open(o.dataset);
    const columnsOf = (modelOut: InputColumns['model']): InputColumns => ({ label: o.label, ...(o.score !== undefined ? { score: o.score } : {}), ...(o.prediction !== undefined ? { prediction: o.prediction } : {}), ...(modelOut ? { model: modelOut } : {}), ...(o.task ? { task: o.task } : {}), ...(o.threshold !== undefined ? { threshold: o.threshold } : {}), ...(o.positive !== undefined ? { positive: o.positive } : {}) });
    const cols = columnsOf(main.modelOut);
    // The reference is opened first: the classes and the positive value are decided from both sides' values.
    const refOpened = o.reference ? await open(o.reference) : undefined;
    const plan = await planInputs(engine, main.ds, cols, run, refOpened ? [refOpened.ds] : []);
    const business = o.business ?? [];
    const businessExprs = business.map((b) => {
      const c = requireColumn(main.ds, b, 'Business');
      if (!isNumeric(c)) throw new InputError('BUSINESS_TYPE', `Business column '${b}' has type ${c.type}; it must be numeric (e.g. revenue per row).`, { column: b, type: c.type });
      return numberExpr(c);
    });
    if (o.timeColumn && o.window) windows = await keyedWindows(engine, main.ds, o.timeColumn, o.window, run);
    const base = windows?.base ?? main.ds.relation;
    const baseRows = windows ? await countRows(engine, base, run) : main.ds.rows;
    progress(0.15, 'reading labels and scores');
    const rows = await readRows(engine, base, baseRows, plan, { ...(windows ? { keyExpr: windows.keyExpr, indexOf: windows.indexOf } : {}), business: businessExprs }, run);
    // With windows, rows without a time are in no window and left out everywhere.
    const { labeled, usable } = usableAndLabeled(rows, windows !== undefined);
    if (labeled.length === 0 && !o.reference) throw new InputError('NO_LABELS', `No row of ${main.ds.path} has both a label ('${o.label}') and a usable ${plan.task === 'regression' || !plan.hasScores ? 'prediction' : 'score'}; nothing to evaluate. Give labelled rows, or --reference with labels to estimate performance (CBPE).`, { column: o.label });
    // Windows first: the overall scores are then a merge of the windows' sorted scores, not a second sort.
    let windowResults: WindowResult[] | null = null;
    let perLabeled: Int32Array[] = [];
    let perUsable: Int32Array[] = [];
    let summaries: (Summary | null)[] = [];
    let perSorted: Float64Array[] = [];
    if (windows) {
      const W = windows.windows.length;
      ({ labeled: perLabeled, usable: perUsable } = rowsByWindow(rows, W));
      const ws: BootstrapSettings = { ...settings, draws: Math.min(settings.draws, WINDOW_DRAWS), maxCells: WINDOW_CELLS };
      summaries = await summarizeWindows(rows, perLabeled, plan, ws, (done) => progress(0.2 + (0.4 * done) / W, `windows: ${done} of ${W}`));
    }
    progress(0.6, `computing metrics (${settings.draws} bootstrap draws)`);
    const merged = plan.task !== 'binary' ? undefined : windows ? {
      pos: mergeRuns(summaries.flatMap((s) => (s?.sorted ? [s.sorted.pos] : []))),
      neg: mergeRuns(summaries.flatMap((s) => (s?.sorted ? [s.sorted.neg] : []))),
    } : await sortScoresParallel(rows.y, rows.v, labeled);
    const overall = summarize(rows, labeled, plan, settings, 0, merged);

    // The reference: a labelled file, or else the first labelled window.
    let ref: { name: string; rows: EvalRows; subset: Int32Array; summary: Summary; window: number | null } | null = null;
    if (o.reference) {
      progress(0.65, 'evaluating the reference');
      const r = refOpened!;
      const rr = await readRows(engine, r.ds.relation, r.ds.rows, exprsFor(plan, columnsOf(r.modelOut), r.ds), { business: [] }, run);
      const sub = selectRows(rr, true, false);
      if (sub.length === 0) throw new InputError('NO_LABELS', `The reference ${r.ds.path} has no row with both a label and a usable score or prediction.`, { path: r.ds.path });
      ref = { name: r.ds.path, rows: rr, subset: sub, summary: summarize(rr, sub, plan, settings, 1), window: null };
    }
    if (windows) {
      if (!ref) {
        const first = summaries.findIndex((s) => s !== null);
        if (first >= 0) ref = { name: `the first labelled window (${windows.windows[first]!.start.slice(0, 10)})`, rows, subset: perLabeled[first]!, summary: summaries[first]!, window: first };
      }
      progress(0.7, 'comparing windows');
      // Each window's usable scores sorted once, for score drift, the low-confidence share and CBPE.
      perSorted = perUsable.map((u, w) => (u.length === perLabeled[w]!.length && summaries[w]?.sorted ? mergeSorted(summaries[w]!.sorted!) : sortedValues(rows, u)));
      const refSorted = !ref ? new Float64Array(0) : o.reference ? sortedValues(ref.rows, selectRows(ref.rows, false, false)) : perSorted[ref.window!]!;
      windowResults = overTime(rows, plan, windows.windows, summaries, perSorted, perUsable, primaryMetric(plan.task, plan.hasScores),
        { summary: ref?.summary ?? null, sorted: refSorted, window: ref?.window ?? null },
        { level: settings.level, minEffect: o.minEffect ?? 0.01, lowConfidenceMargin: o.lowConfidenceMargin ?? 0.1, businessColumns: business });
    }

    // CBPE: binary scores, with a reference to calibrate on, per window (or for the whole data with --reference).
    let estimated: EvaluationReport['estimated'] = null;
    if (plan.task === 'binary' && plan.hasScores && ref && (windows || o.reference)) {
      progress(0.8, 'estimating performance (CBPE)');
      const refSorted = ref.summary.sorted ?? sortScores(ref.rows.y, ref.rows.v, ref.subset);
      const targets: CbpeTarget[] = windows
        ? windows.windows.map((w, i) => cbpeTarget(rows, i, w, perSorted[i]!, perLabeled[i]!, summaries[i] ?? null))
        : [cbpeTarget(rows, 0, { start: '', end: '' }, sortedValues(rows, usable), labeled, overall)];
      estimated = estimatePerformance({ name: ref.name, sorted: refSorted, values: ref.summary.binary!.values }, targets, plan.threshold!, settings.seed, unitOf(o.window));
    }

    progress(0.9, 'looking for weak segments');
    const exclude = [o.label, o.score, o.prediction, o.timeColumn, ...business, ...(main.modelOut?.columns ?? [])].filter((x): x is string => x !== undefined);
    const defs = o.segments === false || labeled.length === 0 ? [] : await sliceDefs(engine, { relation: base, columns: main.ds.columns, rows: baseRows }, exclude, labeled, run);
    const segments = defs.length === 0 ? [] : weakestSegments(perRowScore(rows, labeled, plan), defs,
      plan.task === 'regression' ? { id: 'mae', higherIsBetter: false } : { id: 'accuracy', higherIsBetter: true },
      { level: settings.level, minRows: o.minSegmentRows ?? 30, minEffect: o.minEffect ?? 0.01 });

    const issues: DataIssue[] = [...main.ds.issues];
    const noTime = windows?.rowsWithoutTime ?? 0;
    const noValue = main.ds.rows - noTime - usable.length;
    if (noValue > 0) issues.push({ code: 'EXCLUDED_ROWS', severity: 'warning', message: `${noValue} row(s) have no usable ${plan.task === 'binary' && plan.hasScores ? 'score' : 'prediction'} (missing, NaN or infinite) and are left out.` });
    if (windows?.rowsWithoutTime) issues.push({ code: 'NO_TIME', severity: 'warning', message: `${windows.rowsWithoutTime} row(s) have no '${o.timeColumn}' and are in no window.` });
    if (!overall.exactCells && settings.draws > 0) issues.push({ code: 'BINNED_BOOTSTRAP', severity: 'info', message: `Intervals come from a bootstrap over ${OVERALL_CELLS} bins of similar rows (the data has more distinct values); metric values themselves are exact.` });

    const report: Omit<EvaluationReport, 'verdict'> = {
      kind: 'evaluation', task: plan.task, dataset: main.ds.path, model: o.model ?? null, reference: o.reference ?? null,
      columns: { label: o.label, score: o.score ?? null, prediction: o.prediction ?? null, timeColumn: o.timeColumn ?? null, business },
      positive: plan.task === 'binary' ? plan.positive : null, threshold: plan.task === 'binary' && plan.hasScores ? plan.threshold : null,
      classes: plan.classes, rows: main.ds.rows, labeledRows: labeled.length, unlabeledRows: usable.length - labeled.length,
      excludedRows: main.ds.rows - usable.length,
      primaryMetric: primaryMetric(plan.task, plan.hasScores), metrics: overall.metrics, perClass: overall.perClass ?? null,
      curves: curvesOf(overall, plan), confusion: confusionOf(overall, plan), thresholds: overall.binary && plan.hasScores ? overall.binary.best : null,
      residualQuantiles: overall.regression?.residualQuantiles ?? null, segments, windows: windowResults, referenceMetrics: ref?.summary.metrics ?? null, estimated,
      bootstrap: { draws: settings.draws, level: settings.level, seed: settings.seed, exact: overall.exactCells, method: methodText(plan.task, overall.exactCells) },
      failOn: [], issues,
    };
    report.failOn = evaluateFailOn(report as EvaluationReport, o.failOn ?? [], o.history);
    progress(1, 'done');
    return { ...report, verdict: evaluationVerdict(report, unitOf(o.window)) };
  } finally {
    model?.dispose?.();
    await windows?.release().catch(() => undefined);
    for (const d of opened.reverse()) await d.release().catch(() => undefined);
  }
}

const unitOf = (w: string | undefined): string | null => (w === 'day' || w === 'week' || w === 'month' ? w : w ? 'chunk' : null);

function cbpeTarget(r: EvalRows, index: number, w: { start: string; end: string }, all: Float64Array, labeled: Int32Array, s: Summary | null): CbpeTarget {
  const labeledSorted = labeled.length === all.length ? all : labeled.length ? mergeSorted(s?.sorted ?? sortScores(r.y, r.v, labeled)) : null;
  return { index, start: w.start, end: w.end, all, labeled: labeledSorted && s?.binary ? { sorted: labeledSorted, values: s.binary.values } : null };
}

/** Per labelled row: 1/0 correct for classifiers, |error| for regression (the segment comparison's metric). */
function perRowScore(r: EvalRows, rows: Int32Array, plan: InputPlan): Float64Array {
  const out = new Float64Array(rows.length);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j]!;
    if (plan.task === 'regression') out[j] = Math.abs(r.y[i]! - r.v[i]!);
    else if (plan.task === 'binary') out[j] = (r.v[i]! >= plan.threshold! ? 1 : 0) === r.y[i] ? 1 : 0;
    else out[j] = r.v[i] === r.y[i] ? 1 : 0;
  }
  return out;
}

export function curvesOf(s: Summary, plan: InputPlan): EvaluationReport['curves'] {
  if (s.binary && plan.hasScores) return { roc: s.binary.roc, pr: s.binary.pr, ...(s.binary.probabilities ? { reliability: s.binary.reliability } : {}) };
  if (s.regression) return { residuals: s.regression.scatter };
  return {};
}

export function confusionOf(s: Summary, plan: InputPlan): Confusion | null {
  if (s.binary) {
    const c = s.binary.confusion;
    return { labels: plan.classes!, matrix: [[c.tn, c.fp], [c.fn, c.tp]], ...(plan.hasScores ? { threshold: plan.threshold! } : {}) };
  }
  if (s.multiclass) {
    const k = plan.classes!.length;
    const keep = plan.classes!.map((_, i) => i).filter((i) => s.multiclass!.present[i]);
    return { labels: keep.map((i) => plan.classes![i]!), matrix: keep.map((i) => keep.map((j) => s.multiclass!.confusion[i * k + j]!)) };
  }
  return null;
}

export function methodText(task: EvalTask, exact: boolean): string {
  if (task === 'regression') return exact ? 'percentile bootstrap over rows' : 'percentile bootstrap over 4,096 random groups of rows (cluster bootstrap)';
  if (task === 'multiclass') return exact ? 'percentile bootstrap over rows' : 'percentile bootstrap over (label, prediction) groups split by log loss';
  return exact ? 'percentile bootstrap over rows (rows with the same label and score resampled together)' : 'percentile bootstrap over bins of similar scores, shifted to centre on the exact values';
}
