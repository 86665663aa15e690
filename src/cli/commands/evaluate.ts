import { Engine } from '../../core/data/engine';
import { InputError } from '../../core/errors';
import { evaluationToHtml } from '../../core/evaluate/render/evaluationHtml';
import { evaluationToMarkdown } from '../../core/evaluate/render/evaluationMarkdown';
import { evaluationToText } from '../../core/evaluate/render/evaluationText';
import { failOnNames, failOnText, parseFailOn } from '../../core/evaluate/failOn';
import { runEvaluation, type EvaluateOptions } from '../../core/evaluate/runEvaluation';
import type { EvaluationReport } from '../../core/evaluate/types';
import { figureHistory } from '../../core/history/historyQuery';
import { readHistory } from '../../core/history/historyStore';
import { oneOf, parseCommandArgs } from '../args';
import { EXIT_CHECK_FAILED, EXIT_OK, type CliCommand } from '../command';
import { emit, progressReporter } from '../output';
import { grantModelAccess } from '../../core/models/modelAccess';
import { SOURCE_HELP, SOURCE_OPTIONS } from '../sourceArgs';
import { EVALUATE_SOURCE_HELP, evaluateSourceCli } from './evaluateSource';
import { REFERENCE_OPTIONS } from './evaluateSourceReference';

function conditionsExit(report: EvaluationReport): number {
  const failed = report.failOn.filter((f) => f.status === 'fail');
  for (const f of failed) process.stderr.write(`model-lens evaluate: condition failed: ${failOnText(f)}\n`);
  return failed.length ? EXIT_CHECK_FAILED : EXIT_OK;
}

const fail = (msg: string): never => {
  throw new InputError('BAD_ARGUMENT', `evaluate: ${msg} Run 'model-lens evaluate --help'.`);
};

function number(option: string, text: string | undefined, min: number, max: number, integer = false): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x))) fail(`--${option} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}; got '${text}'.`);
  return x;
}

const list = (v: string[] | undefined) => (v ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');

export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  summary: 'Is the model still good? Metrics with intervals, curves, weak segments, performance over time, CBPE estimates',
  help: `Usage: model-lens evaluate <dataset> --label y (--score s | --prediction p | --model M) [options]

Evaluates a model's predictions against the truth (CSV, TSV, Parquet, JSON Lines, Arrow). Every metric comes
with a bootstrap confidence interval and equals scikit-learn's (sklearn.metrics):
  binary      rocAuc, prAuc, accuracy, precision, recall, f1, logLoss, brier, ece; ROC, PR and reliability curves,
              the confusion matrix at the threshold, the thresholds that maximise F1 and Youden's J
  multiclass  accuracy, precision/recall/f1 per class and macro/weighted (precisionMacro, f1Weighted, …), logLoss
  regression  mae, rmse, r2, mape, residual quantiles and residuals against predictions
plus the weakest segments (each category and numeric quartile where the model does significantly worse than
elsewhere, Benjamini–Hochberg adjusted). Rows without a label are unlabelled (used for estimates); rows without a
finite score or prediction (empty, NaN, ±Infinity) are left out and counted.

Input:
  --label y              the true outcome column (required)
  --score s              binary: the probability (or any score) of the positive class
  --prediction p         the predicted class or value; the task is guessed from the label (or give --task)
  --model M              a model file (XGBoost JSON/UBJSON, LightGBM text, ONNX): its outputs are evaluated
  --task binary|multiclass|regression
  --threshold t          binary: predicted positive when score >= t (default 0.5)
  --positive v           binary: the positive label value (default 1 / true)

Performance over time:
  --time-column C --window day|week|month|<N>chunks
                         every metric per window with its interval; windows significantly worse than the reference
                         are flagged; per window also the score drift against the reference, the share of
                         low-confidence predictions and the business columns; CBPE estimates for binary scores
  --reference F          labelled reference data with the same columns (default: the first labelled window)
  --business col[,col]   numeric business columns (e.g. revenue): mean and sum per window with intervals
  --low-confidence m     binary: a prediction is low-confidence when |score − threshold| < m (default 0.1)

Statistics:
  --bootstrap n          bootstrap draws (default 500; 0: no intervals)    --seed k   (default 0)
  --level l              interval level (default 0.95)
  --min-effect r         relative drop that flags a window or a segment (default 0.01)
  --no-segments          skip the weakest-segment search

Checks and output:
  --fail-on <cond>       exit 1 when the condition holds (repeatable): <metric><op><value> such as 'rocAuc<0.8',
                         'ece>0.05', 'latest.accuracy<0.9', 'estimated.rocAuc<0.75', 'flaggedWindows>0',
                         'weakSegments>0', 'disagreements>0', or against the run history:
                         'rocAuc dropped > 0.02 vs median of last 4 runs' (with --history)
  --history DIR --history-check ID
                         the run history (.modellens/history) and the check whose figures history conditions read
  --format text|json|md|html (default: text)   --out F   write to F instead of stdout (never an input file)

Names for --fail-on: ${failOnNames().join(', ')}.
${EVALUATE_SOURCE_HELP}

${SOURCE_HELP}

Exit codes: 0 every condition passed, 1 a --fail-on condition failed, 2 bad input.`,
  async run(argv, { signal }) {
    const { values: v, positionals } = parseCommandArgs('evaluate', argv, {
      label: { type: 'string' }, score: { type: 'string' }, prediction: { type: 'string' }, model: { type: 'string' },
      task: { type: 'string' }, threshold: { type: 'string' }, positive: { type: 'string' },
      'time-column': { type: 'string' }, window: { type: 'string' }, reference: { type: 'string' }, business: { type: 'string', multiple: true },
      'low-confidence': { type: 'string' }, bootstrap: { type: 'string' }, seed: { type: 'string' }, level: { type: 'string' },
      'min-effect': { type: 'string' }, 'no-segments': { type: 'boolean' }, 'fail-on': { type: 'string', multiple: true },
      history: { type: 'string' }, 'history-check': { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      'max-scores': { type: 'string' }, ...REFERENCE_OPTIONS, ...SOURCE_OPTIONS,
    });
    const fromSource = v['source'] !== undefined;
    if (!fromSource && positionals.length !== 1) fail(`expected exactly one dataset file, got ${positionals.length}.`);
    const file = fromSource ? ((v['source'] as string[])[0] ?? '') : positionals[0]!;
    const format = oneOf('evaluate', 'format', v['format'] as string | undefined, ['text', 'json', 'md', 'html'] as const, 'text');
    const label = v['label'] as string | undefined;
    if (label === undefined) fail('--label is required (the true outcome column).');
    const o: EvaluateOptions = { dataset: file, label: label!, signal };
    for (const k of ['score', 'prediction', 'model', 'positive', 'reference'] as const) if (v[k] !== undefined) o[k] = v[k] as string;
    if ([o.score, o.prediction, o.model].filter((x) => x !== undefined).length !== 1) fail('give exactly one of --score s, --prediction p or --model M.');
    if (v['task'] !== undefined) o.task = oneOf('evaluate', 'task', v['task'] as string, ['binary', 'multiclass', 'regression'] as const, 'binary');
    const threshold = number('threshold', v['threshold'] as string | undefined, -1e300, 1e300);
    if (threshold !== undefined) o.threshold = threshold;
    if (v['time-column'] !== undefined) o.timeColumn = v['time-column'] as string;
    if (v['window'] !== undefined) o.window = v['window'] as string;
    const business = list(v['business'] as string[] | undefined);
    if (business.length) o.business = business;
    const margin = number('low-confidence', v['low-confidence'] as string | undefined, 0, 1);
    if (margin !== undefined) o.lowConfidenceMargin = margin;
    const draws = number('bootstrap', v['bootstrap'] as string | undefined, 0, 100000, true);
    if (draws !== undefined) o.bootstrap = draws;
    const seed = number('seed', v['seed'] as string | undefined, 0, 2 ** 32 - 1, true);
    if (seed !== undefined) o.seed = seed;
    const level = number('level', v['level'] as string | undefined, 0.5, 0.999);
    if (level !== undefined) o.level = level;
    const minEffect = number('min-effect', v['min-effect'] as string | undefined, 0, 1);
    if (minEffect !== undefined) o.minEffect = minEffect;
    if (v['no-segments']) o.segments = false;
    o.failOn = ((v['fail-on'] as string[] | undefined) ?? []).map(parseFailOn);
    const historyDir = v['history'] as string | undefined;
    const historyCheck = v['history-check'] as string | undefined;
    if ((historyDir === undefined) !== (historyCheck === undefined)) fail('give --history DIR and --history-check ID together.');
    if (historyDir !== undefined) {
      const runs = readHistory(historyDir).runs;
      o.history = (figure) => figureHistory(runs, historyCheck!, figure);
    }
    const render = (r: EvaluationReport) => (format === 'json' ? JSON.stringify(r, null, 2) : format === 'md' ? evaluationToMarkdown(r) : format === 'html' ? evaluationToHtml(r) : evaluationToText(r));
    const remote = await evaluateSourceCli(v, positionals, o, format, render, signal);
    if (remote) {
      emit(remote.text, v['out'] as string | undefined, []);
      return conditionsExit(remote.report);
    }
    const engine = await Engine.create();
    try {
      const onProgress = progressReporter(`evaluate ${file}`);
      if (onProgress) o.onProgress = (f) => onProgress(f);
      const report = await runEvaluation(engine, { ...o, models: grantModelAccess() });
      emit(render(report), v['out'] as string | undefined, [file, ...(o.reference ? [o.reference] : []), ...(o.model ? [o.model] : [])]);
      return conditionsExit(report);
    } finally {
      engine.close();
    }
  },
};
