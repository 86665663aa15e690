import { Engine } from '../../core/data/engine';
import { loadDataset } from '../../core/data/loadDataset';
import { InputError } from '../../core/errors';
import { readBaseline, stringifyBaseline } from '../../core/health/baselineJson';
import { computeStats } from '../../core/health/computeStats';
import { openCliSources, SOURCE_HELP, SOURCE_OPTIONS } from '../sourceArgs';
import { mergeBaselines } from '../../core/health/mergeBaselines';
import { parseCommandArgs } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { checkOutput, emit, progressReporter } from '../output';

export const baselineCommand: CliCommand = {
  name: 'baseline',
  summary: 'Save a health baseline of a known-good dataset (statistics, never rows), or merge baselines of partitions',
  help: `Usage: model-lens baseline <dataset> --out F [--time-column t]
       model-lens baseline --merge A.json B.json [more.json …] --out F

Write a pipeline-health baseline: schema and column kinds, row count, missing counts, numeric min/max, quantile
sketches (DDSketch, 1% relative accuracy) and histograms, category counts, and the time column's range and rows
per day. It is small, diffable JSON meant to be committed (e.g. .modellens/baselines/<name>.json).
Baselines of partitions of one table merge exactly: --merge gives the baseline of their union.

Options:
  --out F            write the baseline to F (default: stdout; never an input file)
  --time-column T    the time column for staleness and cadence (default: the first DATE/TIMESTAMP column)
  --no-time          no time column
  --merge            the positionals are baseline files to merge
  -h, --help         show this help

${SOURCE_HELP}

Exit codes: 0 success, 2 bad input (one-line error on stderr).`,
  async run(argv, { signal }) {
    const { values, positionals } = parseCommandArgs('baseline', argv, {
      out: { type: 'string' },
      'time-column': { type: 'string' },
      'no-time': { type: 'boolean' },
      merge: { type: 'boolean' },
      ...SOURCE_OPTIONS,
    });
    const out = values['out'] as string | undefined;
    checkOutput(out, positionals); // a missing folder is an error, never created silently
    if (values['merge']) {
      if (positionals.length < 2) throw new InputError('BAD_ARGUMENT', `baseline --merge: expected at least two baseline files, got ${positionals.length}.`);
      const merged = positionals.map((p) => readBaseline(p)).reduce((a, b) => mergeBaselines(a, b));
      emit(stringifyBaseline(merged), out, positionals);
      return EXIT_OK;
    }
    const remote = await openCliSources('baseline', values, positionals, 1, signal);
    if (!remote && positionals.length !== 1) throw new InputError('BAD_ARGUMENT', `baseline: expected exactly one dataset file, got ${positionals.length}. Run 'model-lens baseline --help'.`);
    const timeColumn = values['no-time'] ? null : (values['time-column'] as string | undefined);
    const file = remote ? remote.datasets[0]!.path : positionals[0]!;
    const engine = remote ? undefined : await Engine.create();
    try {
      const onProgress = progressReporter(`baseline of ${file}`);
      const ds = remote ? remote.datasets[0]! : await loadDataset(engine!, file, { signal, allowFileView: true, onProgress: onProgress && ((f) => onProgress(0.5 * f)) });
      const { baseline } = await computeStats(remote?.executor ?? engine!, ds, { signal, timeColumn, onProgress: onProgress && ((f) => onProgress(0.5 + 0.5 * f)) });
      await ds.release();
      emit(stringifyBaseline(baseline), out, remote ? [] : [file]);
      return EXIT_OK;
    } finally {
      engine?.close();
      await remote?.close();
    }
  },
};
