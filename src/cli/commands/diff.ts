import { Engine } from '../../core/data/engine';
import { InputError } from '../../core/errors';
import { grantModelAccess } from '../../core/models/modelAccess';
import { diffModels } from '../../core/versions/diffModels';
import { fileVersion, resolveVersion } from '../../core/versions/sources/resolveVersion';
import type { ModelVersion } from '../../core/versions/types';
import { versionsToHtml } from '../../core/versions/versionsHtml';
import { versionsToMarkdown } from '../../core/versions/versionsMarkdown';
import { oneOf, parseCommandArgs } from '../args';
import { EXIT_CHECK_FAILED, EXIT_OK, type CliCommand } from '../command';
import { checkOutput, emit, stderrLine } from '../output';

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'Compare two model versions (files, git revisions, MLflow runs): metadata, params, metrics with bootstrap CIs',
  help: `Usage: model-lens diff <modelA> <modelB | git:REV | mlflow:RUN_ID> [--data eval.csv --label y]
                       [--primary-metric auc] [--format json|md|html] [--out F]

Compares model A with model B. B is another model file, git:REV (A's file at a git revision, e.g. git:HEAD~1,
read with 'git show' into a temp file; the repository is never written), or mlflow:RUN_ID (a run of the nearest
local mlruns/ folder; a unique id prefix or the run name works). Files inside an MLflow run's artifacts or tracked
by DVC (a .dvc file or dvc.lock) bring their recorded params and metrics.

Always: metadata (type, objective, features added/removed/reordered, trees, depth, size), a parameter diff and
the recorded metrics with the better direction. With --data: prediction agreement, flip rate and flip matrix,
the distribution of B − A, drift of B's outputs against A's, and the global SHAP importance shift (tree models).
With --label too: metric deltas (AUC, accuracy, log loss, precision, recall, F1; RMSE, MAE for regression) with
paired bootstrap confidence intervals, and slices (categorical levels, numeric quartiles) where B is
significantly worse than A (Benjamini–Hochberg across slices).

Options:
  --data F              evaluation dataset (CSV, TSV, Parquet, JSON Lines, Arrow) with the models' features
  --label COL           its label column (0/1 for binary, 0..k-1 for multiclass, the target for regression)
  --primary-metric M    metric for the verdict and exit code (default auc, accuracy or rmse by model type)
  --bootstrap N         bootstrap draws (default 500)   --seed S  random seed (default 0)
  --format json|md|html output format (default json)
  --out F               write to F instead of stdout (never an input file)

Exit codes: 0 done (B not significantly worse), 1 B is significantly worse on the primary metric, 2 bad input.`,
  async run(argv, { signal }) {
    const { values, positionals } = parseCommandArgs('diff', argv, {
      data: { type: 'string' }, label: { type: 'string' }, 'primary-metric': { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      bootstrap: { type: 'string' }, seed: { type: 'string' },
    });
    if (positionals.length !== 2) throw new InputError('BAD_ARGUMENT', `diff: expected <modelA> <modelB | git:REV | mlflow:RUN_ID>, got ${positionals.length} argument(s). Run 'model-lens diff --help'.`);
    const format = oneOf('diff', 'format', values['format'] as string | undefined, ['json', 'md', 'html'] as const, 'json');
    const data = values['data'] as string | undefined;
    const label = values['label'] as string | undefined;
    if (label !== undefined && data === undefined) throw new InputError('BAD_ARGUMENT', 'diff: --label needs --data (the dataset holding the label).');
    const draws = intOption(values['bootstrap'], 'bootstrap', 500);
    const seed = intOption(values['seed'], 'seed', 0);
    const out = values['out'] as string | undefined;
    const inputs = [...positionals, ...(data !== undefined ? [data] : [])];
    checkOutput(out, inputs);
    const [specA, specB] = positionals as [string, string];
    const versions: ModelVersion[] = [];
    const engine = data !== undefined ? await Engine.create() : undefined;
    try {
      versions.push(fileVersion(specA));
      versions.push(await resolveVersion(specB, specA));
      const primary = values['primary-metric'] as string | undefined;
      const d = await diffModels(versions[0]!, versions[1]!, {
        models: grantModelAccess(), signal, draws, seed,
        ...(engine ? { engine } : {}), ...(data !== undefined ? { data } : {}), ...(label !== undefined ? { label } : {}), ...(primary !== undefined ? { primaryMetric: primary } : {}),
      });
      const text = format === 'md' ? versionsToMarkdown(d) : format === 'html' ? versionsToHtml(d) : `${JSON.stringify(d, null, 2)}\n`;
      emit(text, out, inputs);
      if (format !== 'json' || out !== undefined) stderrLine(d.verdict.text);
      return d.verdict.worse ? EXIT_CHECK_FAILED : EXIT_OK;
    } finally {
      for (const v of versions) v.dispose?.();
      engine?.close();
    }
  },
};

function intOption(v: unknown, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InputError('BAD_ARGUMENT', `diff: --${name} must be a non-negative integer (got '${String(v)}').`);
  return n;
}
