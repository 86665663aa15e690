import { Engine } from '../../core/data/engine';
import { loadDataset } from '../../core/data/loadDataset';
import { audit, auditPlans, type AuditOptions } from '../../core/bias/audit';
import { openCliSources, SOURCE_HELP, SOURCE_OPTIONS, withComputedIn } from '../sourceArgs';
import { biasToHtml } from '../../core/bias/biasHtml';
import { biasToMarkdown } from '../../core/bias/biasMarkdown';
import { DEFAULT_FAIL_ON, evaluateChecks, parseFailOn } from '../../core/bias/checks';
import { InputError } from '../../core/errors';
import { oneOf, parseCommandArgs } from '../args';
import { EXIT_CHECK_FAILED, EXIT_OK, type CliCommand } from '../command';
import { checkOutput, emit, progressReporter, stderrLine } from '../output';
import { dict } from '../../core/dict';
import { biasPartial } from '../../core/partial/biasPartial';

const fail = (msg: string): never => {
  throw new InputError('BAD_ARGUMENT', `bias: ${msg} Run 'model-lens bias --help'.`);
};

function integer(option: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isInteger(x) || x < min || x > max) fail(`--${option} must be a whole number from ${min} to ${max}; got '${text}'.`);
  return x;
}

const names = (v: string[] | undefined) => (v ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');

export const biasCommand: CliCommand = {
  name: 'bias',
  summary: 'Fairness audit of a binary classifier: per-group rates, disparities, findings, threshold checks',
  help: `Usage: model-lens bias <dataset> --sensitive a[,b] --label y (--prediction p | --score s [--threshold 0.5]) [options]

Audit a binary classifier's outcomes by group (CSV, TSV, Parquet, JSON Lines, Arrow). Every sensitive attribute
and every intersection of them is reported: per-group selection rate, TPR, FPR, precision, accuracy, …, the
disparities (demographic parity, equalized odds, equal opportunity, predictive and accuracy parity; differences
and ratios) and disparate impact against a privileged group, with plain-language findings first.

Options:
  --sensitive a,b        sensitive attribute columns (comma list, repeatable; required)
  --label y              the true outcome column (two values; required)
  --prediction p         the predicted outcome column (same values as the label), or
  --score s              a probability column in [0, 1] (adds AUC, Brier, calibration and a threshold sweep)
  --threshold t          with --score: predicted favourable when score >= t (default 0.5)
  --favorable v          the favourable label value (default 1)
  --privileged a=value   the reference group of attribute a (repeatable; default: the group with the
                         highest selection rate among groups with at least --min-group-size rows)
  --min-group-size n     groups with fewer rows are listed but left out of comparisons (default 30)
  --bootstrap n --seed k percentile confidence intervals from n stratified bootstrap draws (default: none; seed 0)
  --fail-on <m><op><v>   a fairness check that fails when the condition holds, e.g. --fail-on disparateImpact<0.8
                         or --fail-on demographicParityDifference>0.1 (repeatable; ops <, <=, >, >=), applied to
                         every attribute and intersection; metrics undefined there are not evaluated.
                         Default with no --fail-on: the four-fifths rule, --fail-on ${DEFAULT_FAIL_ON}
  --task t               binary (default), multiclass (one-vs-rest per class of the label) or regression
                         (numeric label and prediction: per-group mean prediction, mean label, MAE, RMSE and
                         their max−min and ratio); multiclass and regression reports are JSON only for now
  --format json|md|html  output format (default: json); html is one self-contained file
  --out F                write the report to F instead of stdout (never the input file)
  --partial              write a partial result of this file (the audit's counts and sums per group, JSON) that
                         'model-lens merge' adds up with the other parts' into the report of the whole dataset
  -h, --help             show this help

${SOURCE_HELP}

Exit codes: 0 every fairness check passed, 1 a fairness check failed (listed on stderr and in the report's
'checks'), 2 bad input (one-line error on stderr).`,
  async run(argv, { signal }) {
    const { values: v, positionals } = parseCommandArgs('bias', argv, {
      sensitive: { type: 'string', multiple: true },
      label: { type: 'string' },
      prediction: { type: 'string' },
      score: { type: 'string' },
      threshold: { type: 'string' },
      favorable: { type: 'string' },
      privileged: { type: 'string', multiple: true },
      'min-group-size': { type: 'string' },
      bootstrap: { type: 'string' },
      seed: { type: 'string' },
      'fail-on': { type: 'string', multiple: true },
      format: { type: 'string' },
      out: { type: 'string' },
      task: { type: 'string' },
      partial: { type: 'boolean' },
      ...SOURCE_OPTIONS,
    });
    const fromSource = ((v['source'] as string[] | undefined) ?? []).length > 0;
    if (!fromSource && positionals.length !== 1) fail(`expected exactly one dataset file, got ${positionals.length}.`);
    const file = fromSource ? ((v['source'] as string[])[0] ?? '') : positionals[0] ?? '';
    const format = oneOf('bias', 'format', v['format'] as string | undefined, ['json', 'md', 'html'] as const, 'json');
    const sensitive = names(v['sensitive'] as string[] | undefined);
    if (sensitive.length === 0) fail('--sensitive is required, e.g. --sensitive gender,race.');
    const label = v['label'] as string | undefined;
    if (label === undefined) fail('--label is required (the true outcome column).');
    const prediction = v['prediction'] as string | undefined;
    const score = v['score'] as string | undefined;
    if ((prediction === undefined) === (score === undefined)) fail('give exactly one of --prediction p or --score s (with --threshold).');
    const thresholdText = v['threshold'] as string | undefined;
    if (thresholdText !== undefined && score === undefined) fail('--threshold only applies with --score.');
    const task = oneOf('bias', 'task', v['task'] as string | undefined, ['binary', 'multiclass', 'regression'] as const, 'binary');
    if (task !== 'binary' && format !== 'json') fail(`--task ${task} reports are JSON only for now; use --format json.`);
    const options: AuditOptions = { dataset: file, sensitive, label: label ?? '', task };
    if (prediction !== undefined) options.prediction = prediction;
    if (score !== undefined) options.score = score;
    if (thresholdText !== undefined) {
      const t = Number(thresholdText);
      if (thresholdText.trim() === '' || !Number.isFinite(t) || t < 0 || t > 1) fail(`--threshold must be a number in [0, 1]; got '${thresholdText}'.`);
      options.threshold = t;
    }
    const favorable = v['favorable'] as string | undefined;
    if (favorable !== undefined) options.favorable = favorable;
    const privileged = dict<string>();
    for (const p of (v['privileged'] as string[] | undefined) ?? []) {
      const at = p.indexOf('=');
      if (at <= 0) fail(`--privileged '${p}' must be attribute=value, e.g. --privileged race=white.`);
      privileged[p.slice(0, at)] = p.slice(at + 1);
    }
    options.privileged = privileged;
    const minGroupSize = integer('min-group-size', v['min-group-size'] as string | undefined, 1, Number.MAX_SAFE_INTEGER);
    if (minGroupSize !== undefined) options.minGroupSize = minGroupSize;
    const draws = integer('bootstrap', v['bootstrap'] as string | undefined, 1, 100000);
    const seed = integer('seed', v['seed'] as string | undefined, 0, 2 ** 32 - 1);
    if (seed !== undefined && draws === undefined) fail('--seed only applies with --bootstrap n.');
    if (draws !== undefined) options.bootstrap = { draws, seed: seed ?? 0 };
    const failOn = ((v['fail-on'] as string[] | undefined) ?? [DEFAULT_FAIL_ON]).map(parseFailOn);

    checkOutput(v['out'] as string | undefined, positionals);
    if (v['partial'] === true) {
      if (fromSource || (v['format'] !== undefined && format !== 'json')) fail("--partial writes a JSON partial result of one file (merge the parts with 'model-lens merge'); it takes no --source and no --format.");
      const engine = await Engine.create();
      try {
        const ds = await loadDataset(engine, file, { signal, allowFileView: true });
        const part = await biasPartial((sql) => engine.run(sql, { signal }), ds.relation, options, ((v['fail-on'] as string[] | undefined) ?? [DEFAULT_FAIL_ON]));
        emit(`${JSON.stringify(part)}\n`, v['out'] as string | undefined, [file]);
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }
    const remote = await openCliSources('bias', v, positionals, 1, signal);
    const engine = remote ? undefined : await Engine.create();
    try {
      const onProgress = progressReporter(`bias ${file}`);
      const ds = remote ? remote.datasets[0]! : await loadDataset(engine!, file, { signal, allowFileView: true });
      onProgress?.(0.3);
      const report = remote ? await auditPlans(remote.executor, ds, { ...options, dataset: ds.path }, { signal }) : await audit((sql) => engine!.run(sql, { signal }), ds.relation, options);
      onProgress?.(1);
      const checks = evaluateChecks(report, failOn);
      const full = { ...report, checks };
      const text = format === 'md' ? biasToMarkdown(full) : format === 'html' ? biasToHtml(full) : JSON.stringify(full, null, 2);
      emit(withComputedIn(text, format, remote), v['out'] as string | undefined, remote ? [] : [file]);
      const failed = checks.filter((c) => c.status === 'fail');
      for (const c of failed) stderrLine(`model-lens bias: check failed: ${c.check} for ${c.attribute} (value ${c.value ?? ''}${c.note ? `; ${c.note}` : ''})`);
      return failed.length > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
    } finally {
      engine?.close();
      await remote?.close();
    }
  },
};
