import { Engine } from '../../core/data/engine';
import { openDriftDatasets } from '../../core/drift/openDriftDatasets';
import type { Dataset } from '../../core/data/dataset';
import { driftToHtml } from '../../core/drift/driftHtml';
import { driftToMarkdown } from '../../core/drift/driftMarkdown';
import type { DriftSettings } from '../../core/drift/driftSettings';
import { driftDetected, runDrift } from '../../core/drift/runDrift';
import { InputError } from '../../core/errors';
import { oneOf, parseCommandArgs } from '../args';
import { openCliSources, SOURCE_HELP, SOURCE_OPTIONS, withComputedIn } from '../sourceArgs';
import { EXIT_CHECK_FAILED, EXIT_OK, type CliCommand } from '../command';
import { checkOutput, emit, progressReporter, stderrLine } from '../output';
import { dict } from '../../core/dict';
import { loadConfig } from '../../core/checks/config';
import { configAbove, declaredOutputs, type DeclaredOutputs } from '../../core/checks/declaredOutputs';
import { dirname, relative, resolve } from 'node:path';

const fail = (msg: string): never => {
  throw new InputError('BAD_ARGUMENT', `drift: ${msg} Run 'model-lens drift --help'.`);
};

function number(option: string, text: string, min: number, max: number, minOpen: boolean): number {
  const x = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(x) || x > max || (minOpen ? x <= min : x < min)) fail(`--${option} must be a number in ${minOpen ? '(' : '['}${min}, ${max}]; got '${text}'.`);
  return x;
}

/** 'value' (global) or 'column=value' (per column; split at the last '=', so column names may contain '='). */
function split(values: string[]): { global?: string; byColumn: Record<string, string> } {
  const byColumn = dict<string>();
  const out: { global?: string; byColumn: Record<string, string> } = { byColumn };
  for (const v of values) {
    const at = v.lastIndexOf('=');
    if (at < 0) out.global = v;
    else if (at === 0) fail(`'${v}' names no column; use column=value.`);
    else byColumn[v.slice(0, at)] = v.slice(at + 1);
  }
  return out;
}

/**
 * The label and prediction the nearest modellens.yml (in the current file's folder or above) declares for these
 * files, as "Compare Datasets" does in the editor. A broken configuration is ignored here: `check` reports it.
 */
function fromConfig(files: readonly string[]): (DeclaredOutputs & { file: string }) | undefined {
  const file = configAbove(dirname(resolve(files[files.length - 1]!)));
  if (!file) return undefined;
  try {
    const d = declaredOutputs(loadConfig(file), files);
    return d && { ...d, file };
  } catch {
    return undefined;
  }
}

const names = (v: string[] | undefined) => v?.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');

export const driftCommand: CliCommand = {
  name: 'drift',
  summary: 'Compare a current dataset with a reference: per-column drift tests, dataset drift, drift over time',
  help: `Usage: model-lens drift <reference> <current> [options]
       model-lens drift <data> --time-column t --window day|week|month|<N>chunks [options]

Test every column of <current> for drift against <reference> (CSV, TSV, Parquet, JSON Lines, Arrow).
Default tests follow Evidently: reference ≤ 1000 rows: ks / chisquare / z; larger: wasserstein (numeric) or
jensenshannon (categorical, boolean, numeric with ≤ 5 values). Identifier, free-text and date columns are skipped.

Options:
  --columns a,b          test only these columns (repeatable)
  --exclude c            leave these columns out (comma list, repeatable)
  --test <id>            test for every column it applies to; --test col=<id> for one column (repeatable).
                         Ids: ks, chisquare, z, jensenshannon, wasserstein, psi, kl_div, hellinger, anderson,
                         cramer_von_mises, energy, t_test, mannw, g_test, fisher_exact, tvd, empirical_mmd
  --threshold x          threshold for every column; --threshold col=x for one column (repeatable).
                         p-value tests: drifted when p < x; distances: drifted when distance ≥ x
  --drift-share s        dataset drift when the share of drifted columns is ≥ s (default 0.5)
  --label y              report target drift of column y separately (not counted in dataset drift)
  --prediction p         report prediction drift of column p separately. Without these options, the label
                         and prediction that the nearest modellens.yml declares for these files are used
                         (as in the editor; a note on stderr says so)
  --no-config            ignore modellens.yml: test every column as a feature unless --label/--prediction
  --time-column t        a DATE/TIMESTAMP column: with --window, compare time windows ("drift over time").
                         With two files the current file is split and each window is compared with the
                         reference file; with one file its first window is the reference.
  --window w             day, week (ISO, Monday), month, or <N>chunks (N equal-size chunks in time order)
  --format json|md|html  output format (default: json); html is one self-contained file
  --out F                write the report to F instead of stdout (never an input file)
  -h, --help             show this help

${SOURCE_HELP}
  --current-where F  drift of one table: the current rows (the reference rows: --where)

Exit codes: 0 no dataset drift, 1 dataset drift detected (overall or in any window), 2 bad input
(one-line error on stderr).`,
  async run(argv, { signal }) {
    const { values, positionals } = parseCommandArgs('drift', argv, {
      columns: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      test: { type: 'string', multiple: true },
      threshold: { type: 'string', multiple: true },
      'drift-share': { type: 'string' },
      label: { type: 'string' },
      prediction: { type: 'string' },
      'no-config': { type: 'boolean' },
      'time-column': { type: 'string' },
      window: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      ...SOURCE_OPTIONS,
    });
    const sourceCount = ((values['source'] as string[] | undefined) ?? []).length;
    if (!sourceCount && (positionals.length < 1 || positionals.length > 2)) fail(`expected <reference> <current> (or one file with --time-column and --window), got ${positionals.length} file(s).`);
    const format = oneOf('drift', 'format', values['format'] as string | undefined, ['json', 'md', 'html'] as const, 'json');
    const tests = split((values['test'] as string[] | undefined) ?? []);
    const thresholds = split((values['threshold'] as string[] | undefined) ?? []);
    const settings: DriftSettings = {
      testByColumn: tests.byColumn,
      thresholdByColumn: Object.fromEntries(Object.entries(thresholds.byColumn).map(([c, v]) => [c, number('threshold', v, 0, Infinity, false)])),
    };
    if (tests.global !== undefined) settings.test = tests.global;
    if (thresholds.global !== undefined) settings.threshold = number('threshold', thresholds.global, 0, Infinity, false);
    const columns = names(values['columns'] as string[] | undefined);
    const exclude = names(values['exclude'] as string[] | undefined);
    if (columns) settings.columns = columns;
    if (exclude) settings.exclude = exclude;
    const share = values['drift-share'] as string | undefined;
    if (share !== undefined) settings.driftShare = number('drift-share', share, 0, 1, true);
    for (const [key, opt] of [['label', 'label'], ['prediction', 'prediction'], ['timeColumn', 'time-column'], ['window', 'window']] as const) {
      const v = values[opt] as string | undefined;
      if (v !== undefined) settings[key] = v;
    }
    checkOutput(values['out'] as string | undefined, positionals);
    let note: string | undefined; // printed once the report is written, so an error stays the one line on stderr
    if (!sourceCount && !values['no-config'] && settings.label === undefined && settings.prediction === undefined) {
      const declared = fromConfig(positionals);
      if (declared) {
        if (declared.label !== undefined) settings.label = declared.label;
        if (declared.prediction !== undefined) settings.prediction = declared.prediction;
        const what = [declared.label !== undefined ? `label '${declared.label}'` : '', declared.prediction !== undefined ? `prediction '${declared.prediction}'` : ''].filter(Boolean).join(' and ');
        note = `model-lens drift: ${what} from dataset '${declared.dataset}' in ${relative(process.cwd(), declared.file) || declared.file}, reported apart from the features (--label/--prediction choose others; --no-config tests them as features).`;
      }
    }
    // One table with --time-column/--window compares its windows; otherwise two tables, or one split by --where/--current-where.
    const remote = await openCliSources('drift', values, positionals, sourceCount === 1 && values['current-where'] === undefined && values['window'] !== undefined ? 1 : 2, signal);
    if (remote) {
      try {
        const report = await runDrift(remote.executor, remote.datasets[0]!, remote.datasets[1], settings, { signal });
        const text = format === 'md' ? driftToMarkdown(report) : format === 'html' ? driftToHtml(report) : JSON.stringify(report, null, 2);
        emit(withComputedIn(text, format, remote), values['out'] as string | undefined, []);
        return driftDetected(report) ? EXIT_CHECK_FAILED : EXIT_OK;
      } finally {
        await remote.close();
      }
    }
    const engine = await Engine.create({ preserveInsertionOrder: false }); // order-insensitive: see EngineOptions
    const opened: Dataset[] = [];
    try {
      const onProgress = progressReporter('drift');
      opened.push(...(await openDriftDatasets(engine, positionals, { signal })));
      onProgress?.(0.3);
      const report = await runDrift(engine, opened[0]!, opened[1], settings, { signal });
      onProgress?.(1);
      const text = format === 'md' ? driftToMarkdown(report) : format === 'html' ? driftToHtml(report) : JSON.stringify(report, null, 2);
      emit(text, values['out'] as string | undefined, positionals);
      if (note) stderrLine(note);
      return driftDetected(report) ? EXIT_CHECK_FAILED : EXIT_OK;
    } finally {
      engine.close();
    }
  },
};
