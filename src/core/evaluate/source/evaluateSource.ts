import type { DataIssue, Dataset } from '../../data/dataset';
import type { RunOptions } from '../../data/engine';
import { CancelledError, InputError } from '../../errors';
import type { PlanExecutor } from '../../plan/executor';
import { sourceOf } from '../../plan/target';
import { evaluateFailOn, type FailOnCondition } from '../failOn';
import { estimatePerformance } from '../cbpe/estimated';
import { chooseBinaryLabels, type InputPlan } from '../inputs';
import { isNumeric, requireColumn } from '../evaluationSql';
import { metricsOf, primaryMetric } from '../metricCatalog';
import { REGRESSION_METRIC_IDS } from '../regression';
import { confusionOf, curvesOf, methodText } from '../runEvaluation';
import { summarizeBinaryCounts, type BootstrapSettings, type Summary } from '../summarize';
import type { EvaluationReport, MetricValue } from '../types';
import { evaluationVerdict } from '../verdict';
import { sourceBinaryWindows, type SourceWindowsResult } from './sourceWindows';
import { sourceMulticlass } from './sourceMulticlass';
import { countsOf, descending, expand, guardExpanded, labeledOf, usableOf } from './scoreCounts';
import { labelValueCounts, mergeLabelValues, referenceSide, type SourceReference } from './sourceReference';
import { binaryCountsPlan, binarySizePlan, regressionSumsPlan, regressionTotalPlan, RESIDUAL_LEVELS, scoreCountsPlan } from './sourcePlans';

/** Distinct usable scores transferred at most (each becomes at most two rows: its positives and negatives). */
export const DEFAULT_MAX_SCORES = 100_000;
const OVERALL_CELLS = 4096;

export interface SourceEvaluateOptions {
  label: string;
  score?: string;
  prediction?: string;
  task?: 'binary' | 'regression' | 'multiclass';
  threshold?: number;
  positive?: string;
  bootstrap?: number;
  seed?: number;
  level?: number;
  /** Refuse when the table has more distinct usable scores than this (default DEFAULT_MAX_SCORES). */
  maxScores?: number;
  /** Labelled reference rows (binary scores): what windows are flagged against and CBPE is calibrated on. */
  reference?: SourceReference;
  /** Performance over time (binary scores): calendar windows computed in the database, CBPE on them. */
  timeColumn?: string;
  window?: string;
  minEffect?: number;
  lowConfidenceMargin?: number;
  failOn?: FailOnCondition[];
  history?: (figure: string) => number[];
  signal?: AbortSignal;
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/**
 * `model-lens evaluate --source`: the evaluation computed from aggregates run where the data lives.
 * Binary scores: GROUP BY (score, label) counts give every metric, curve, best threshold and bootstrap cell
 * exactly as the file path computes them from the same rows (the same walk over the same distinct scores, the
 * same seeded draws). Regression: MAE, RMSE, R² (two passes) and MAPE from sums, residual quantiles from the
 * engine's exact percentile where it has one (else its approximate one, labelled). Binary scores also take
 * calendar windows (sourceWindows.ts) and a labelled reference (sourceReference.ts: window flags, CBPE). --model,
 * business columns and weak segments need rows and are refused (see the CLI).
 */
export async function runSourceEvaluation(exec: PlanExecutor, ds: Dataset, o: SourceEvaluateOptions): Promise<EvaluationReport> {
  const run: RunOptions = { signal: o.signal };
  const check = () => { if (o.signal?.aborted) throw new CancelledError(); };
  const source = sourceOf(ds);
  const label = requireColumn(ds, o.label, 'Label');
  if ([o.score, o.prediction].filter((x) => x !== undefined).length !== 1) throw new InputError('BAD_ARGUMENT', 'Give exactly one of a score column (--score) or a prediction column (--prediction).');
  const settings: BootstrapSettings = { draws: o.bootstrap ?? 500, level: o.level ?? 0.95, seed: o.seed ?? 0, maxCells: OVERALL_CELLS, signal: o.signal };
  const issues: DataIssue[] = [];
  let windowed: SourceWindowsResult | undefined;
  let referenceMetrics: EvaluationReport['referenceMetrics'] = null;
  let estimated: EvaluationReport['estimated'] = null;
  let body: Omit<EvaluationReport, 'verdict' | 'failOn' | 'kind' | 'dataset' | 'model' | 'reference' | 'columns' | 'segments' | 'windows' | 'referenceMetrics' | 'estimated' | 'issues'>;

  if (o.score !== undefined) {
    if (o.task && o.task !== 'binary') throw new InputError('BAD_ARGUMENT', `--score is for binary classifiers; for a ${o.task} model give --prediction.`);
    const score = requireColumn(ds, o.score, 'Score');
    if (!isNumeric(score)) throw new InputError('SCORE_TYPE', `Score column '${score.name}' has type ${score.type}; it must be numeric (a probability of the positive class, or any score where higher means more likely positive).`, { column: score.name, type: score.type });
    const timed = o.timeColumn !== undefined || o.window !== undefined;
    if (timed && (o.timeColumn === undefined || o.window === undefined)) throw new InputError('BAD_ARGUMENT', 'Give --time-column and --window together (e.g. --time-column date --window week).');
    const current = await labelValueCounts(exec, ds, o.label, 'Label', run);
    const values = o.reference ? mergeLabelValues(current, await labelValueCounts(o.reference.exec, o.reference.ds, o.label, 'Reference label', run), o.reference.ds.path, o.label) : current;
    const { classes, positive } = chooseBinaryLabels(label, values.slice(0, 2).map((v) => v.value), values.length > 2, o.positive);
    check();
    // The guard counts what the counts plan brings back: labelled scores, every usable score (with a reference:
    // CBPE needs the unlabelled ones), or (windows) the (window, score) pairs, counted in sourceBinaryWindows.
    const [size] = await exec.run(binarySizePlan(source, label, score, positive, timed ? null : o.reference ? 'usable' : 'labeled'), run);
    let usable = num(size?.['usable']);
    let labeled = num(size?.['labeled']);
    const distinct = num(size?.['scores']);
    const maxScores = o.maxScores ?? DEFAULT_MAX_SCORES;
    if (!timed && distinct > maxScores) {
      throw new InputError('TOO_MANY_SCORES', `${ds.path} has ${distinct.toLocaleString('en-US')} distinct scores in '${score.name}' among ${o.reference ? 'usable' : 'labelled'} rows; evaluate --source transfers one count per (score, label) pair and stops above ${maxScores.toLocaleString('en-US')} distinct scores (about ${(maxScores * 2 * 24).toLocaleString('en-US')} bytes). Raise the limit with --max-scores ${Math.ceil(distinct / 1000) * 1000} (the figures stay exact), or round the score in a view (e.g. round(score, 4)) and evaluate that view.`, { distinct, limit: maxScores });
    }
    if (labeled === 0 && !o.reference) throw new InputError('NO_LABELS', `No row of ${ds.path} has both a label ('${o.label}') and a usable score; nothing to evaluate. Give --reference (labelled rows) to estimate performance with CBPE.`, { column: o.label });
    check();
    const plan: InputPlan = { task: 'binary', hasScores: true, classes, positive, threshold: o.threshold ?? 0.5, labelExpr: '', valueExprs: [], multiclassProbabilities: false };
    const ref = o.reference ? await referenceSide(o.reference, o.label, o.score, plan, settings, maxScores, run) : undefined;
    let overall: Summary;
    if (timed) {
      const t = await sourceBinaryWindows(exec, ds, source, label, score, plan, settings, { timeColumn: o.timeColumn!, window: o.window!, maxScores, ...(ref ? { reference: ref } : {}), ...(o.minEffect !== undefined ? { minEffect: o.minEffect } : {}), ...(o.lowConfidenceMargin !== undefined ? { lowConfidenceMargin: o.lowConfidenceMargin } : {}) }, run);
      windowed = t;
      ({ overall, labeled, usable } = t);
      referenceMetrics = t.referenceMetrics;
      estimated = t.estimated;
    } else {
      const c = countsOf(await exec.run(ref ? scoreCountsPlan(source, label, score, positive) : binaryCountsPlan(source, label, score, positive), run));
      const d = descending(c);
      overall = summarizeBinaryCounts(d.scores, d.pos, d.neg, plan, settings, 0);
      if (ref) {
        // CBPE on the whole table as one target, calibrated on the reference (the file path's --reference without windows).
        guardExpanded(usableOf(c), ds.path, 'Narrow it with --where.');
        const all = expand(c.pos, c.neg, c.unl);
        const nl = labeledOf(c);
        const labeledSorted = nl === all.length ? all : nl ? expand(c.pos, c.neg) : null;
        estimated = estimatePerformance({ name: ref.name, sorted: ref.labeled, values: ref.summary.binary!.values },
          [{ index: 0, start: '', end: '', all, labeled: labeledSorted ? { sorted: labeledSorted, values: overall.binary!.values } : null }], plan.threshold!, settings.seed, null);
        referenceMetrics = ref.summary.metrics;
      }
    }
    if (!overall.exactCells && settings.draws > 0) issues.push({ code: 'BINNED_BOOTSTRAP', severity: 'info', message: `Intervals come from a bootstrap over ${OVERALL_CELLS} bins of similar rows (the data has more distinct values); metric values themselves are exact.` });
    body = {
      task: 'binary', positive, threshold: plan.threshold, classes, rows: ds.rows, labeledRows: labeled, unlabeledRows: usable - labeled, excludedRows: ds.rows - usable,
      primaryMetric: primaryMetric('binary', true), metrics: overall.metrics, perClass: null, curves: curvesOf(overall, plan), confusion: confusionOf(overall, plan),
      thresholds: overall.binary!.best, residualQuantiles: null,
      bootstrap: { draws: settings.draws, level: settings.level, seed: settings.seed, exact: overall.exactCells, method: methodText('binary', overall.exactCells) },
    };
  } else {
    const pred = requireColumn(ds, o.prediction!, 'Prediction');
    if (o.reference) throw new InputError('UNSUPPORTED_ON_ENGINE', `evaluate --source: --reference is read for a binary score (--score): the windows' flags and CBPE come from its (score, label) counts. A regression's or multiclass model's reference needs rows: export both to Parquet and run 'model-lens evaluate FILE --reference REF'.`, { option: 'reference' });
    if (o.timeColumn !== undefined || o.window !== undefined) throw new InputError('UNSUPPORTED_ON_ENGINE', `evaluate --source: --time-column/--window evaluate binary scores (--score) over time on a source; a regression's or multiclass model's per-window intervals and flags come from a bootstrap over rows. Evaluate one window at a time with --where "day >= '2026-11-01' and day < '2026-11-08'", or export the rows to Parquet and evaluate the file with --time-column/--window.`, { option: 'window' });
    if (o.task === 'multiclass') {
      const m = await sourceMulticlass(exec, ds.path, source, label, pred, settings, run);
      const s = m.summary;
      body = {
        task: 'multiclass', positive: null, threshold: null, classes: m.plan.classes, rows: ds.rows, labeledRows: m.labeled, unlabeledRows: m.usable - m.labeled, excludedRows: ds.rows - m.usable,
        primaryMetric: primaryMetric('multiclass', false), metrics: s.metrics, perClass: s.perClass ?? null, curves: {}, confusion: confusionOf(s, m.plan), thresholds: null, residualQuantiles: null,
        bootstrap: { draws: settings.draws, level: settings.level, seed: settings.seed, exact: s.exactCells, method: methodText('multiclass', s.exactCells) },
      };
      return finish(body);
    }
    if (o.task !== 'regression') throw new InputError('UNSUPPORTED_ON_ENGINE', `evaluate --source reads a prediction column as a regression (--task regression) or a multiclass classifier's classes (--task multiclass); give --task, or a binary score with --score. 0/1 predictions of a binary classifier need per-row reading: export the rows to a Parquet file and run 'model-lens evaluate FILE --prediction ${pred.name} --label ${label.name}'.`, { engine: exec.engine.name });
    for (const c of [label, pred]) if (!isNumeric(c)) throw new InputError('LABEL_TYPE', `Column '${c.name}' has type ${c.type}; a regression evaluation needs numeric label and prediction columns.`, { column: c.name, type: c.type });
    const exactQ = exec.dialect.capabilities.exactQuantiles;
    const [s] = await exec.run(regressionSumsPlan(source, label, pred, exactQ), run);
    const n = num(s?.['labeled']);
    const usable = num(s?.['usable']);
    if (!(n > 0)) throw new InputError('NO_LABELS', `No row of ${ds.path} has both a label ('${o.label}') and a usable prediction; nothing to evaluate.`, { column: o.label });
    check();
    const mean = num(s?.['sum_y']) / n;
    const [t] = await exec.run(regressionTotalPlan(source, label, pred, mean), run);
    const sq = num(s?.['sum_sq']);
    const tot = num(t?.['sum_tot']);
    const values = [num(s?.['sum_abs']) / n, Math.sqrt(sq / n), tot > 0 ? 1 - sq / tot : NaN, num(s?.['sum_ape']) / n];
    const wanted = new Set(metricsOf('regression', false).map((m) => m.id));
    const metrics: MetricValue[] = REGRESSION_METRIC_IDS.filter((id) => wanted.has(id)).map((id, i) => Number.isFinite(values[i]!)
      ? { name: id, value: values[i]!, ci: null, note: 'no interval: a regression bootstrap needs rows (evaluate a file for intervals)' }
      : { name: id, value: null, ci: null, note: id === 'r2' ? 'the label is constant' : 'undefined for these rows' });
    const q = (s?.['q'] as number[] | null) ?? [];
    const approxQ = !exactQ && !exec.dialect.capabilities.approxQuantilesExact;
    if (approxQ) issues.push({ code: 'APPROXIMATE_QUANTILES', severity: 'info', message: `Residual quantiles are ${exec.engine.label}'s approximate quantiles (its sketch's rank error); every other figure is exact.` });
    issues.push({ code: 'NO_RESIDUAL_PLOT', severity: 'info', message: 'The residual-vs-prediction plot needs rows and is not drawn for a source table.' });
    body = {
      task: 'regression', positive: null, threshold: null, classes: null, rows: ds.rows, labeledRows: n, unlabeledRows: usable - n, excludedRows: ds.rows - usable,
      primaryMetric: primaryMetric('regression', false), metrics, perClass: null, curves: {}, confusion: null, thresholds: null,
      residualQuantiles: RESIDUAL_LEVELS.map((level, i) => ({ q: level, value: Number(q[i]) })),
      bootstrap: { draws: 0, level: settings.level, seed: settings.seed, exact: true, method: 'no bootstrap (a source table is evaluated from sums)' },
    };
  }
  return finish(body);

  function finish(b: typeof body): EvaluationReport {
    const noTime = windowed?.rowsWithoutTime ?? 0;
    const excluded = b.excludedRows - noTime;
    if (excluded > 0) issues.push({ code: 'EXCLUDED_ROWS', severity: 'warning', message: `${excluded} row(s) have no usable ${b.task === 'binary' ? 'score' : 'prediction'} (missing, NaN or infinite) and are left out.` });
    if (noTime) issues.push({ code: 'NO_TIME', severity: 'warning', message: `${noTime} row(s) have no '${o.timeColumn}' and are in no window.` });
    issues.push({ code: 'NO_SEGMENTS', severity: 'info', message: 'Weak segments are not searched on a source table (they need per-row results); evaluate an exported file for them.' });
    const report: Omit<EvaluationReport, 'verdict'> = {
      kind: 'evaluation', dataset: ds.path, model: null, reference: o.reference?.given ?? null,
      columns: { label: o.label, score: o.score ?? null, prediction: o.prediction ?? null, timeColumn: windowed ? o.timeColumn! : null, business: [] },
      ...b, segments: [], windows: windowed?.windows ?? null, referenceMetrics, estimated, failOn: [], issues,
    };
    report.failOn = evaluateFailOn(report as EvaluationReport, o.failOn ?? [], o.history);
    return { ...report, verdict: evaluationVerdict(report, windowed ? o.window! : null) };
  }
}
