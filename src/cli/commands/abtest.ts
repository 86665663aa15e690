import { Engine } from '../../core/data/engine';
import { loadDataset } from '../../core/data/loadDataset';
import { abtestToHtml } from '../../core/abtest/abtestHtml';
import { abtestToMarkdown, planToMarkdown } from '../../core/abtest/abtestMarkdown';
import { analyseAbtest } from '../../core/abtest/analyse';
import { planRollout, type PlanInput } from '../../core/abtest/plan';
import type { AbtestOptions } from '../../core/abtest/types';
import { InputError } from '../../core/errors';
import { oneOf, parseCommandArgs } from '../args';
import { EXIT_CHECK_FAILED, EXIT_OK, type CliCommand } from '../command';
import { checkOutput, emit, progressReporter, stderrLine } from '../output';
import { parseGuardrail, parseSplit } from '../../core/abtest/parseOptions';

const fail = (msg: string): never => {
  throw new InputError('BAD_ARGUMENT', `abtest: ${msg} Run 'model-lens abtest --help'.`);
};

function number(option: string, text: string | undefined, check: (x: number) => boolean, range: string): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !check(x)) fail(`--${option} must be ${range}; got '${text}'.`);
  return x;
}

const list = (v: unknown) => ((v as string[] | undefined) ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');

const HELP = `Usage: model-lens abtest <results> --variant col --control value --metric m [options]
       model-lens abtest plan --baseline 0.10 --mde 0.05 [--relative] [options]

Analyse an A/B test (CSV, TSV, Parquet, JSON Lines, Arrow; one row per unit) and decide: ship, don't ship, keep
running, or investigate a sample-ratio mismatch. Binary (0/1) metrics: pooled two-proportion z test, Newcombe CI;
continuous: Welch t test and CI plus a seeded bootstrap CI; relative lift with a delta-method CI; Holm over
several treatments; always-valid p-values and confidence sequences (mSPRT) over time; per-segment lifts with
Cochran's Q heterogeneity check.

Options (analysis):
  --variant col          the variant (arm) column (required)
  --control value        the control arm's value (required)
  --metric m             a metric column, binary or continuous (auto-detected); repeatable, the first is primary
  --guardrail m[:dir]    a guardrail metric; breached when significantly worse. dir = increase (default: higher
                         is worse, e.g. latency_ms) or decrease (lower is worse); repeatable
  --expected-split s     expected shares, control first then the others sorted, e.g. 50/50 (default: equal)
  --time-column t        a timestamp: sequential looks per day (per hour when under 3 days)
  --segment s            break the primary metric down by this column (repeatable)
  --alpha a              significance level (default 0.05)
  --bootstrap n --seed k bootstrap draws for continuous metrics (default 1000, 0 = none; seed 0)
  --format json|md|html  output format (default: json)
  --out F                write the report to F instead of stdout (never the input file)

Options (plan):
  --baseline x           baseline rate in (0, 1), or the baseline mean with --sd
  --sd s                 standard deviation of a continuous metric
  --mde d                minimum detectable effect: absolute, or relative with --relative (0.05 = 5%)
  --alpha a --power p    default 0.05 and 0.8
  --daily-traffic n      units per day entering the experiment (gives days per stage)
  --format json|md       output format (default: json)

Exit codes: 0 ok, 1 a sample-ratio mismatch was detected or a guardrail was breached, 2 bad input.`;

export const abtestCommand: CliCommand = {
  name: 'abtest',
  summary: 'A/B test analysis (SRM, lifts with CIs, guardrails, sequential, segments, decision) and rollout plans',
  help: HELP,
  async run(argv, { signal }) {
    if (argv[0] === 'plan') return runPlan(argv.slice(1));
    const { values: v, positionals } = parseCommandArgs('abtest', argv, {
      variant: { type: 'string' }, control: { type: 'string' }, metric: { type: 'string', multiple: true }, guardrail: { type: 'string', multiple: true },
      'expected-split': { type: 'string' }, 'time-column': { type: 'string' }, segment: { type: 'string', multiple: true }, alpha: { type: 'string' },
      bootstrap: { type: 'string' }, seed: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
    });
    if (positionals.length !== 1) fail(`expected exactly one results file (or 'plan'), got ${positionals.length}.`);
    const file = positionals[0]!;
    const format = oneOf('abtest', 'format', v['format'] as string | undefined, ['json', 'md', 'html'] as const, 'json');
    const variant = v['variant'] as string | undefined;
    const control = v['control'] as string | undefined;
    if (variant === undefined) fail('--variant is required (the column holding the arm of each unit).');
    if (control === undefined) fail('--control is required (the value of --variant for the control arm).');
    const metrics = list(v['metric']);
    if (!metrics.length) fail('give at least one --metric, e.g. --metric converted.');
    const options: AbtestOptions = { dataset: file, variant: variant!, control: control!, metrics, guardrails: list(v['guardrail']).map(parseGuardrail), segments: list(v['segment']) };
    const split = v['expected-split'] as string | undefined;
    if (split !== undefined) options.expectedSplit = parseSplit(split);
    const time = v['time-column'] as string | undefined;
    if (time !== undefined) options.timeColumn = time;
    const alpha = number('alpha', v['alpha'] as string | undefined, (x) => x > 0 && x < 0.5, 'a number in (0, 0.5)');
    if (alpha !== undefined) options.alpha = alpha;
    const draws = number('bootstrap', v['bootstrap'] as string | undefined, (x) => Number.isInteger(x) && x >= 0 && x <= 100000, 'a whole number from 0 to 100000');
    if (draws !== undefined) options.bootstrapDraws = draws;
    const seed = number('seed', v['seed'] as string | undefined, (x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32, 'a whole number from 0 to 2^32 − 1');
    if (seed !== undefined) options.seed = seed;

    checkOutput(v['out'] as string | undefined, [file]);
    const engine = await Engine.create();
    try {
      const onProgress = progressReporter(`abtest ${file}`);
      const ds = await loadDataset(engine, file, { signal });
      onProgress?.(0.3);
      const report = await analyseAbtest((sql) => engine.run(sql, { signal }), ds.relation, ds.columns, options, signal);
      onProgress?.(1);
      const text = format === 'md' ? abtestToMarkdown(report) : format === 'html' ? abtestToHtml(report) : JSON.stringify(report, null, 2);
      emit(text, v['out'] as string | undefined, [file]);
      const problems = [
        ...(report.srm.detected ? [`sample ratio mismatch (p = ${report.srm.pValue.toPrecision(3)})`] : []),
        ...report.guardrails.filter((g) => g.breached).map((g) => `guardrail '${g.metric}' breached by ${g.variant} (p = ${g.pValue.toPrecision(3)})`),
      ];
      for (const p of problems) stderrLine(`model-lens abtest: ${p}`);
      stderrLine(`model-lens abtest: decision: ${report.decision.headline}`);
      return problems.length ? EXIT_CHECK_FAILED : EXIT_OK;
    } finally {
      engine.close();
    }
  },
};

function runPlan(argv: string[]): number {
  const { values: v, positionals } = parseCommandArgs('abtest', argv, {
    baseline: { type: 'string' }, sd: { type: 'string' }, mde: { type: 'string' }, relative: { type: 'boolean' }, alpha: { type: 'string' },
    power: { type: 'string' }, 'daily-traffic': { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
  });
  if (positionals.length) fail(`plan takes no files; got '${positionals.join(' ')}'.`);
  const format = oneOf('abtest', 'format', v['format'] as string | undefined, ['json', 'md'] as const, 'json');
  const any = (x: number) => Number.isFinite(x);
  const baseline = number('baseline', v['baseline'] as string | undefined, any, 'a number');
  const mde = number('mde', v['mde'] as string | undefined, (x) => x !== 0, 'a non-zero number');
  if (baseline === undefined) fail('plan needs --baseline (a rate such as 0.10, or a mean with --sd).');
  if (mde === undefined) fail('plan needs --mde (the minimum detectable effect; add --relative for a share of the baseline).');
  const input: PlanInput = { baseline: baseline!, mde: mde!, relative: v['relative'] === true };
  const sd = number('sd', v['sd'] as string | undefined, (x) => x > 0, 'a positive number');
  if (sd !== undefined) input.sd = sd;
  const alpha = number('alpha', v['alpha'] as string | undefined, (x) => x > 0 && x < 0.5, 'a number in (0, 0.5)');
  if (alpha !== undefined) input.alpha = alpha;
  const power = number('power', v['power'] as string | undefined, (x) => x > 0.5 && x < 1, 'a number in (0.5, 1)');
  if (power !== undefined) input.power = power;
  const traffic = number('daily-traffic', v['daily-traffic'] as string | undefined, (x) => x > 0, 'a positive number');
  if (traffic !== undefined) input.dailyTraffic = traffic;
  const plan = planRollout(input);
  emit(format === 'md' ? planToMarkdown(plan) : JSON.stringify(plan, null, 2), v['out'] as string | undefined, []);
  return EXIT_OK;
}
