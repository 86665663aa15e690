import type { ColumnInfo, DataIssue, Dataset } from '../../data/dataset';
import type { RunOptions } from '../../data/engine';
import { CancelledError, InputError } from '../../errors';
import type { PlanExecutor } from '../../plan/executor';
import type { Source } from '../../plan/plan';
import { estimatePerformance } from '../cbpe/estimated';
import { chooseBinaryLabels, type InputPlan } from '../inputs';
import { isNumeric, requireColumn } from '../evaluationSql';
import { primaryMetric } from '../metricCatalog';
import { confusionOf, curvesOf, methodText } from '../runEvaluation';
import { summarizeBinaryCounts, type BootstrapSettings, type Summary } from '../summarize';
import type { EvaluationReport } from '../types';
import { sourceBinaryWindows, type SourceWindowsResult } from './sourceWindows';
import { countsOf, descending, expand, guardExpanded, labeledOf, usableOf } from './scoreCounts';
import { labelValueCounts, mergeLabelValues, referenceSide } from './sourceReference';
import { binaryCountsPlan, binarySizePlan, scoreCountsPlan } from './sourcePlans';
import type { SourceEvaluateOptions } from './evaluateSource';

/** Distinct usable scores transferred at most (each becomes at most two rows: its positives and negatives). */
export const DEFAULT_MAX_SCORES = 100_000;
/** Bootstrap cells of the overall figures (as the file path). */
export const OVERALL_CELLS = 4096;

/** The report's task-specific part, as every branch of runSourceEvaluation produces it. */
export type SourceBody = Omit<EvaluationReport, 'verdict' | 'failOn' | 'kind' | 'dataset' | 'model' | 'reference' | 'columns' | 'segments' | 'windows' | 'referenceMetrics' | 'estimated' | 'issues'>;

export interface SourceBinaryResult {
  body: SourceBody;
  windowed?: SourceWindowsResult;
  referenceMetrics: EvaluationReport['referenceMetrics'];
  estimated: EvaluationReport['estimated'];
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/**
 * A binary score evaluated from GROUP BY (score, label) counts: every metric, curve, best threshold and bootstrap
 * cell exactly as the file path computes them from the same rows; with windows (sourceWindows.ts) and a labelled
 * reference (sourceReference.ts: window flags, CBPE on the whole table or per window). Info issues go to `issues`.
 */
export async function sourceBinary(exec: PlanExecutor, ds: Dataset, source: Source, label: ColumnInfo, o: SourceEvaluateOptions, settings: BootstrapSettings, issues: DataIssue[], run: RunOptions): Promise<SourceBinaryResult> {
  const check = () => { if (o.signal?.aborted) throw new CancelledError(); };
  if (o.task && o.task !== 'binary') throw new InputError('BAD_ARGUMENT', `--score is for binary classifiers; for a ${o.task} model give --prediction.`);
  const score = requireColumn(ds, o.score!, 'Score');
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
  const ref = o.reference ? await referenceSide(o.reference, o.label, o.score!, plan, settings, maxScores, run) : undefined;
  let overall: Summary;
  let windowed: SourceWindowsResult | undefined;
  let referenceMetrics: EvaluationReport['referenceMetrics'] = null;
  let estimated: EvaluationReport['estimated'] = null;
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
  const body: SourceBody = {
    task: 'binary', positive, threshold: plan.threshold, classes, rows: ds.rows, labeledRows: labeled, unlabeledRows: usable - labeled, excludedRows: ds.rows - usable,
    primaryMetric: primaryMetric('binary', true), metrics: overall.metrics, perClass: null, curves: curvesOf(overall, plan), confusion: confusionOf(overall, plan),
    thresholds: overall.binary!.best, residualQuantiles: null,
    bootstrap: { draws: settings.draws, level: settings.level, seed: settings.seed, exact: overall.exactCells, method: methodText('binary', overall.exactCells) },
  };
  return { body, ...(windowed ? { windowed } : {}), referenceMetrics, estimated };
}
