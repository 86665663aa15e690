import type { DataIssue, Dataset } from '../../data/dataset';
import type { RunOptions } from '../../data/engine';
import { CancelledError, InputError } from '../../errors';
import type { PlanExecutor } from '../../plan/executor';
import { sourceOf } from '../../plan/target';
import { evaluateFailOn, type FailOnCondition } from '../failOn';
import { isNumeric, requireColumn } from '../evaluationSql';
import { metricsOf, primaryMetric } from '../metricCatalog';
import { REGRESSION_METRIC_IDS } from '../regression';
import { confusionOf, methodText } from '../runEvaluation';
import type { BootstrapSettings } from '../summarize';
import type { EvaluationReport, MetricValue } from '../types';
import { evaluationVerdict } from '../verdict';
import type { SourceWindowsResult } from './sourceWindows';
import { sourceMulticlass } from './sourceMulticlass';
import type { SourceReference } from './sourceReference';
import { regressionSumsPlan, regressionTotalPlan, RESIDUAL_LEVELS } from './sourcePlans';
import { OVERALL_CELLS, sourceBinary, type SourceBody } from './sourceBinary';

export { DEFAULT_MAX_SCORES } from './sourceBinary';

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
  let body: SourceBody;

  if (o.score !== undefined) {
    const b = await sourceBinary(exec, ds, source, label, o, settings, issues, run);
    ({ body, windowed, referenceMetrics, estimated } = b);
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
