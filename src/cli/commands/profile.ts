import { Engine } from '../../core/data/engine';
import { loadDataset } from '../../core/data/loadDataset';
import { profilePartial } from '../../core/partial/profilePartial';
import { InputError } from '../../core/errors';
import { profileDataset } from '../../core/profile/profileDataset';
import { oneOf, parseCommandArgs } from '../args';
import { openCliSources, SOURCE_HELP, SOURCE_OPTIONS, withComputedIn } from '../sourceArgs';
import { EXIT_OK, type CliCommand } from '../command';
import { profileToMarkdown } from '../../core/profile/profileMarkdown';
import { checkOutput, emit, progressReporter } from '../output';

export const profileCommand: CliCommand = {
  name: 'profile',
  summary: 'Profile a dataset: rows, duplicates, and per-column kind, missing, distinct, statistics, histograms, top values',
  help: `Usage: model-lens profile <file> [--format json|md] [--out F]

Profile a CSV, TSV, Parquet, JSON Lines or Arrow/Feather v2 file.

Options:
  --format json|md   output format (default: json)
  --out F            write the report to F instead of stdout (never an input file)
  --bins N           histogram bins for numeric columns (default: 20)
  --top N            top values listed for categorical columns (default: 10)
  --exact            exact duplicates, distinct counts and quantiles at any size (default: exact up to
                     200,000 rows; above, duplicate rows, distinct counts of columns with many values and
                     quantiles of numeric columns with many values are estimated, each flagged with its
                     error, several times faster on large files)
  --partial          write a partial result of this file (JSON) that 'model-lens merge' adds up with the other
                     parts' into the profile of the whole dataset: counts, missing, min/max, mean, std and text
                     lengths exact; distinct counts, quantiles, histograms and top values exact while each part
                     has at most 10,000 distinct values per column, else estimates from mergeable sketches (labelled);
                     duplicate rows exact up to 1,000,000 distinct rows per part, else estimated (labelled)
  -h, --help         show this help

${SOURCE_HELP}

Exit codes: 0 success, 2 bad input (one-line error on stderr).`,
  async run(argv, { signal }) {
    const { values, positionals } = parseCommandArgs('profile', argv, {
      format: { type: 'string' },
      out: { type: 'string' },
      bins: { type: 'string' },
      top: { type: 'string' },
      exact: { type: 'boolean' },
      partial: { type: 'boolean' },
      ...SOURCE_OPTIONS,
    });
    const fromSource = ((values['source'] as string[] | undefined) ?? []).length > 0;
    if (!fromSource && positionals.length !== 1) throw new InputError('BAD_ARGUMENT', `profile: expected exactly one dataset file, got ${positionals.length}. Run 'model-lens profile --help'.`);
    const format = oneOf('profile', 'format', values['format'] as string | undefined, ['json', 'md'] as const, 'json');
    const bins = positiveInt('bins', values['bins'] as string | undefined, 20);
    const top = positiveInt('top', values['top'] as string | undefined, 10);
    if (values['partial'] === true && (fromSource || (values['format'] !== undefined && format !== 'json') || values['exact'])) {
      throw new InputError('BAD_ARGUMENT', "profile: --partial writes a JSON partial result of one file (merge the parts with 'model-lens merge'); it takes no --source, --format or --exact.");
    }
    const remote = await openCliSources('profile', values, positionals, 1, signal);
    if (remote) {
      try {
        const profile = await profileDataset(remote.executor, remote.datasets[0]!, { signal, histogramBins: bins, topValues: top, ...(values['exact'] ? { exactRowLimit: Number.MAX_SAFE_INTEGER } : {}) });
        emit(withComputedIn(format === 'md' ? profileToMarkdown(profile) : JSON.stringify(profile, null, 2), format, remote), values['out'] as string | undefined, []);
        return EXIT_OK;
      } finally {
        await remote.close();
      }
    }
    const file = positionals[0]!;
    checkOutput(values['out'] as string | undefined, [file]);
    const engine = await Engine.create({ preserveInsertionOrder: false }); // order-insensitive: see EngineOptions
    try {
      const onProgress = progressReporter(`profiling ${file}`);
      const ds = await loadDataset(engine, file, { signal, allowFileView: true, wideParquet: values['partial'] !== true, onProgress: onProgress && ((f) => onProgress(0.5 * f)) });
      if (values['partial'] === true) {
        emit(`${JSON.stringify(await profilePartial(engine, ds, { bins, top }))}\n`, values['out'] as string | undefined, [file]);
        return EXIT_OK;
      }
      const profile = await profileDataset(engine, ds, { signal, histogramBins: bins, topValues: top, ...(values['exact'] ? { exactRowLimit: Number.MAX_SAFE_INTEGER } : {}), onProgress: onProgress && ((f) => onProgress(0.5 + 0.5 * f)) });
      emit(format === 'md' ? profileToMarkdown(profile) : JSON.stringify(profile, null, 2), values['out'] as string | undefined, [file]);
      return EXIT_OK;
    } finally {
      engine.close();
    }
  },
};

function positiveInt(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InputError('BAD_ARGUMENT', `profile: --${name} must be a whole number from 1 to 1000 (got '${v}').`);
  return n;
}
