import { Engine } from '../../core/data/engine';
import { loadDataset } from '../../core/data/loadDataset';
import { InputError } from '../../core/errors';
import { readBaseline } from '../../core/health/baselineJson';
import { healthToHtml, healthToJunit, healthToMarkdown } from '../../core/health/healthRender';
import { HEALTH_CHECKS } from '../../core/health/registry';
import { runHealth, type HealthSettings } from '../../core/health/runHealth';
import type { HealthReport, HealthSeverity } from '../../core/health/types';
import { oneOf, parseCommandArgs } from '../args';
import { openCliSources, SOURCE_HELP, SOURCE_OPTIONS, withComputedIn } from '../sourceArgs';
import { EXIT_CHECK_FAILED, EXIT_OK, type CliCommand } from '../command';
import { checkOutput, emit, progressReporter } from '../output';

const FORMATS = ['json', 'md', 'html', 'junit'] as const;

export const healthCommand: CliCommand = {
  name: 'health',
  summary: 'Check a dataset against a health baseline: schema, missing, frozen, stale, categories, range, distribution …',
  help: `Usage: model-lens health <dataset> --baseline F [--time-column t] [--now ISO] [--format json|md|html|junit] [--out F]

Run the pipeline-health checks of a dataset against a baseline written by 'model-lens baseline'.

Options:
  --baseline F           the baseline JSON (required)
  --time-column T        the time column (default: the baseline's)
  --now ISO              the time staleness is measured against (default: the clock), e.g. 2026-11-01T00:00:00Z
  --format FMT           json|md|html|junit (default: json)
  --out F                write the report to F instead of stdout (never an input file)
  --threshold ID=V       override a check's threshold (repeatable), e.g. --threshold staleness=2
  --severity ID=S        override a check's severity: error (fails) | warning | info (repeatable)
  --skip ID              skip a check (repeatable)
  --distribution-test T  drift test of the distribution check (default: psi; any test on binned counts)
  -h, --help             show this help

Checks (id: default threshold — meaning):
${HEALTH_CHECKS.map((c) => `  ${c.id}: ${Number.isNaN(c.defaultThreshold) ? 'test default' : c.defaultThreshold} — ${c.threshold} [${c.severity}]`).join('\n')}

${SOURCE_HELP}

Exit codes: 0 no check failed, 1 a check failed (severity error), 2 bad input (one-line error on stderr).`,
  async run(argv, { signal }) {
    const { values, positionals } = parseCommandArgs('health', argv, {
      baseline: { type: 'string' },
      'time-column': { type: 'string' },
      now: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      threshold: { type: 'string', multiple: true },
      severity: { type: 'string', multiple: true },
      skip: { type: 'string', multiple: true },
      'distribution-test': { type: 'string' },
      ...SOURCE_OPTIONS,
    });
    const remote = await openCliSources('health', values, positionals, 1, signal);
    if (!remote && positionals.length !== 1) throw new InputError('BAD_ARGUMENT', `health: expected exactly one dataset file, got ${positionals.length}. Run 'model-lens health --help'.`);
    const format = oneOf('health', 'format', values['format'] as string | undefined, FORMATS, 'json');
    const baselinePath = values['baseline'] as string | undefined;
    if (baselinePath === undefined) throw new InputError('BAD_ARGUMENT', `health: --baseline F is required; create one with 'model-lens baseline <known-good dataset> --out F'.`);
    const now = parseNow(values['now'] as string | undefined);
    const settings: HealthSettings = {
      thresholds: Object.fromEntries(pairs('threshold', values['threshold'] as string[] | undefined).map(([k, v]) => [k, Number(v)])),
      severities: Object.fromEntries(pairs('severity', values['severity'] as string[] | undefined)) as Record<string, HealthSeverity>,
      disabled: (values['skip'] as string[] | undefined) ?? [],
      ...(values['distribution-test'] ? { distributionTest: values['distribution-test'] as string } : {}),
    };
    const file = remote ? remote.datasets[0]!.path : positionals[0]!;
    checkOutput(values['out'] as string | undefined, remote ? [baselinePath] : [file, baselinePath]);
    const baseline = readBaseline(baselinePath);
    const engine = remote ? undefined : await Engine.create();
    try {
      const onProgress = progressReporter(`checking ${file}`);
      const ds = remote ? remote.datasets[0]! : await loadDataset(engine!, file, { signal, allowFileView: true, onProgress: onProgress && ((f) => onProgress(0.5 * f)) });
      const report = await runHealth(remote?.executor ?? engine!, ds, baseline, { signal, settings, now, datasetName: file, baselineName: baselinePath, ...(values['time-column'] ? { timeColumn: values['time-column'] as string } : {}) });
      onProgress?.(1);
      emit(withComputedIn(render(report, format), format, remote), values['out'] as string | undefined, remote ? [baselinePath] : [file, baselinePath]);
      return report.summary.fail > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
    } finally {
      engine?.close();
      await remote?.close();
    }
  },
};

function parseNow(v: string | undefined): Date {
  if (v === undefined) return new Date();
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new InputError('BAD_ARGUMENT', `health: --now must be an ISO date or time such as 2026-11-01 or 2026-11-01T12:00:00Z (got '${v}').`);
  return d;
}

function pairs(flag: string, list: string[] | undefined): [string, string][] {
  return (list ?? []).map((s) => {
    const i = s.indexOf('=');
    if (i <= 0) throw new InputError('BAD_ARGUMENT', `health: --${flag} takes ID=VALUE, e.g. --${flag} ${flag === 'threshold' ? 'missing=0.05' : 'rowCount=error'} (got '${s}').`);
    return [s.slice(0, i), s.slice(i + 1)];
  });
}

function render(r: HealthReport, format: (typeof FORMATS)[number]): string {
  switch (format) {
    case 'json': return JSON.stringify(r, null, 2);
    case 'md': return healthToMarkdown(r);
    case 'html': return healthToHtml(r);
    case 'junit': return healthToJunit(r);
  }
}
