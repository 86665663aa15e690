import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from '../../core/checks/config';
import { checksToHtml } from '../../core/checks/render/html';
import { checksToJunit } from '../../core/checks/render/junit';
import { checksToMarkdown } from '../../core/checks/render/markdown';
import { checksToSarif } from '../../core/checks/render/sarif';
import { checksToText } from '../../core/checks/render/text';
import { runChecks } from '../../core/checks/runChecks';
import { recordRun } from '../../core/history/recordRun';
import type { ChecksReport } from '../../core/checks/types';
import { Engine } from '../../core/data/engine';
import { InputError } from '../../core/errors';
import { grantModelAccess } from '../../core/models/modelAccess';
import { oneOf, parseCommandArgs } from '../args';
import { EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_OK, type CliCommand } from '../command';
import { checkOutput, emit, stderrLine } from '../output';
import { cliConfirm } from '../sourceArgs';
import { CHECK_SOURCE_HELP, loadCheckConfig } from '../checkSourceArgs';
import { sourceTables } from '../../core/warehouse/sources/tableOpener';

const FORMATS = ['text', 'json', 'md', 'junit', 'sarif', 'html'] as const;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Run every check declared in modellens.yml (drift, fairness, rules, …) and report for CI',
  help: `Usage: model-lens check [options]

Runs every check declared in the workspace configuration (${CONFIG_FILE_NAME}; JSON Schema in
schemas/modellens.schema.json) and writes one report. Relative paths in the configuration are resolved from
the configuration's folder. Each check passes, warns (needs attention, does not fail the run), fails, or could
not run (bad input: a missing file, an unknown column).

Options:
  --config F          the configuration (default: ./${CONFIG_FILE_NAME})
  --only ID[,ID…]     run only these checks (ids as listed in the text report, e.g. drift/loans)
  --format text|json|md|junit|sarif|html
                      text (default) for logs; md for a pull-request comment; junit and sarif for CI systems;
                      html is one self-contained file (no scripts, no network) with an executive summary,
                      charts and model cards
  --out F             write the report to F instead of stdout (never an input file)
  --no-history        do not append this run to .modellens/history (see 'model-lens history')
  --yes               run checks on source tables even when the engine estimates a scan above the
                      source's maxScanBytes
  -h, --help          show this help

${CHECK_SOURCE_HELP}

Checks whose dataset is a table of a source (datasets.<name>.source: pg:public.loans, with referenceWhere,
currentWhere or currentSource) run there as aggregate plans (drift, fairness, rules, health): only aggregates
leave the database; secrets come from environment variables.

Exit codes: 0 every check passed or only warned, 1 a check failed, 2 a configuration or input error (the
report is still written when the configuration itself is valid).`,
  async run(argv, { signal }) {
    const { values, positionals } = parseCommandArgs('check', argv, {
      config: { type: 'string' },
      only: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'no-history': { type: 'boolean' },
      yes: { type: 'boolean' },
      source: { type: 'string', multiple: true },
      where: { type: 'string' },
      'current-where': { type: 'string' },
      dataset: { type: 'string' },
    });
    if (positionals.length) throw new InputError('BAD_ARGUMENT', `check: unexpected argument '${positionals[0]}'; pass the configuration with --config F. Run 'model-lens check --help'.`);
    const format = oneOf('check', 'format', values['format'] as string | undefined, FORMATS, 'text');
    const configPath = resolve((values['config'] as string | undefined) ?? join(process.cwd(), CONFIG_FILE_NAME));
    if (values['config'] === undefined && !existsSync(configPath)) {
      throw new InputError('FILE_NOT_FOUND', `no ${CONFIG_FILE_NAME} in ${process.cwd()}; pass --config F or create one (see the README's "Run every check" section).`);
    }
    const only = (values['only'] as string | undefined)?.split(',').map((s) => s.trim()).filter(Boolean);
    const { config } = loadCheckConfig(configPath, values, only);
    for (const id of only ?? []) {
      if (!config.checks.some((c) => c.id === id)) throw new InputError('BAD_ARGUMENT', `--only: no check '${id}' in ${configPath}; checks: ${config.checks.map((c) => c.id).join(', ')}.`);
    }
    const inputs = [configPath, ...config.checks.flatMap((c) => c.files)];
    checkOutput(values['out'] as string | undefined, inputs);
    const engine = await Engine.create();
    const tables = config.sources.size ? sourceTables(config.sources, { confirm: cliConfirm(values['yes'] === true) }) : undefined;
    try {
      const tty = process.stderr.isTTY;
      const report = await runChecks(config, { engine, signal, baseDir: config.baseDir, models: grantModelAccess(), ...(tables ? { openTable: tables.open } : {}) }, {
        ...(only ? { only } : {}),
        onCheckStart: (id, i, n) => { if (tty) stderrLine(`[${i + 1}/${n}] ${id}…`); },
      });
      emit(render(report, format), values['out'] as string | undefined, inputs);
      if (!values['no-history']) appendHistory(report, config.baseDir);
      return report.counts.error > 0 ? EXIT_BAD_INPUT : report.counts.fail > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
    } finally {
      await tables?.close();
      engine.close();
    }
  },
};

/** Every full run goes to the run history; a history that cannot be written is a warning, not a failed run. */
function appendHistory(report: ChecksReport, baseDir: string): void {
  try {
    recordRun(report, baseDir, process.env['CI'] ? 'ci' : 'cli');
  } catch (e) {
    process.stderr.write(`model-lens check: the run was not added to the history: ${e instanceof Error ? e.message : String(e)}\n`);
  }
}

function render(report: ChecksReport, format: (typeof FORMATS)[number]): string {
  switch (format) {
    case 'text':
      return checksToText(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'md':
      return checksToMarkdown(report);
    case 'junit':
      return checksToJunit(report);
    case 'sarif':
      return checksToSarif(report, { cwd: process.cwd(), toolVersion: '0.1.0' });
    case 'html':
      return checksToHtml(report);
  }
}
