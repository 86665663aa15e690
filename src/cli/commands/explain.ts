import { basename } from 'node:path';
import { Engine } from '../../core/data/engine';
import { loadDataset } from '../../core/data/loadDataset';
import { readNumericRows } from '../../core/data/readColumns';
import { InputError } from '../../core/errors';
import { explainDocument } from '../../core/explain/explainDocument';
import { explainToHtml } from '../../core/explain/explainHtml';
import { explainToMarkdown } from '../../core/explain/explainMarkdown';
import { chooseExplainer, METHODS } from '../../core/explain/methods';
import { parseRowSelection } from '../../core/explain/rowSelection';
import { datasetFeatures } from '../../core/models/datasetFeatures';
import { featureExprs } from '../../core/models/featureSql';
import { grantModelAccess } from '../../core/models/modelAccess';
import { oneOf, parseCommandArgs } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { checkOutput, emit, progressReporter } from '../output';
import { sampleRows } from '../../core/explain/view/sampleRows';
import { own } from '../../core/dict';

const BLOCK_ROWS = 65536;

/** Background rows drawn when --background is not given: none for TreeSHAP (path-dependent), else as shap/lime suggest. */
const DEFAULT_BACKGROUND: Record<string, number | undefined> = { tree: undefined, linear: 100, kernel: 50, permutation: 50, lime: 1000 };

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'Explain a model\'s predictions on a dataset: TreeSHAP, Kernel/Permutation SHAP or LIME contributions, global importance, sentences',
  help: `Usage: model-lens explain <model> <dataset> [options]

Explain <model> (XGBoost .json/.ubj from booster.save_model, LightGBM model.txt, or a scikit-learn .pkl/.joblib, read
as data and never run) on rows of <dataset> (CSV, TSV, Parquet, JSON Lines, Arrow): per-row feature contributions in margin space (log-odds for logistic models, the value for
regression) that add up with the base value to the model's raw output.

Methods:
  tree         exact TreeSHAP (path-dependent; interventional with --background)
  linear       exact linear SHAP for linear models and pipelines of per-column transforms before one:
               each column's term minus its mean over the background rows (default 100)
  kernel       Kernel SHAP (any model): interventional Shapley values from a weighted least-squares fit over
               coalitions; exact when all 2^M − 2 coalitions fit in --nsamples (default 2M + 2048)
  permutation  Permutation SHAP with antithetic passes (any model); --nsamples permutations
               (default ⌊500 / (2M + 1)⌋)
  lime         LIME tabular (quartile bins, kernel width 0.75·√M, Ridge surrogate); contributions are the
               surrogate's coefficients in the output (probability for classifiers); --nsamples per row
               (default 5000); the background rows are its training sample
  kernel and permutation are reproducible for a given --seed and report the additivity check.

Options:
  --method auto|tree|linear|kernel|permutation|lime
                       explanation method (default: auto = tree for tree models, linear for linear models)
  --rows 0-99,150      0-based dataset rows to explain (ranges inclusive) or 'all' (default: 0-99)
  --background N       background rows drawn from the dataset: tree uses interventional TreeSHAP against
                       them (default: path-dependent, no background); linear default 100, kernel/permutation
                       50, lime 1000
  --nsamples N         samples per row of kernel, permutation and lime (see Methods)
  --seed S             seed for drawing the background rows and for the sampling methods (default: 0)
  --format json|md|html
                       output format (default: json); html is one self-contained file with a waterfall of the
                       first row and a global importance chart
  --out F              write to F instead of stdout (never an input file)
  -h, --help           show this help

Exit codes: 0 success, 2 bad input (missing feature, bad model, unavailable method, bad --rows; one line on stderr).`,
  async run(argv, { signal }) {
    const { values, positionals } = parseCommandArgs('explain', argv, {
      method: { type: 'string' },
      rows: { type: 'string' },
      background: { type: 'string' },
      seed: { type: 'string' },
      nsamples: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    });
    if (positionals.length !== 2) throw new InputError('BAD_ARGUMENT', `explain: expected <model> <dataset>, got ${positionals.length} argument(s). Run 'model-lens explain --help'.`);
    const method = oneOf('explain', 'method', values['method'] as string | undefined, METHODS, 'auto');
    const format = oneOf('explain', 'format', values['format'] as string | undefined, ['json', 'md', 'html'] as const, 'json');
    const backgroundArg = optionalInt('background', values['background'] as string | undefined, 1, 100000);
    const nsamples = optionalInt('nsamples', values['nsamples'] as string | undefined, 1, 10000000);
    const seed = optionalInt('seed', values['seed'] as string | undefined, 0, 2 ** 32 - 1) ?? 0;
    const [modelFile, dataFile] = positionals as [string, string];
    const out = values['out'] as string | undefined;
    checkOutput(out, positionals);
    const model = grantModelAccess().read(modelFile);
    const explainer = chooseExplainer(method, model);
    const background = backgroundArg ?? own(DEFAULT_BACKGROUND, explainer.id);
    if (nsamples !== undefined && (explainer.id === 'tree' || explainer.id === 'linear')) throw new InputError('BAD_ARGUMENT', `explain: --nsamples applies to --method kernel, permutation or lime; ${explainer.id === 'tree' ? 'TreeSHAP' : 'linear SHAP'} is exact.`);
    const engine = await Engine.create();
    try {
      const onProgress = progressReporter('explain');
      const ds = await loadDataset(engine, dataFile, { signal });
      const columns = await datasetFeatures(engine, ds, model, { signal });
      const rows = parseRowSelection(values['rows'] as string | undefined, ds.rows);
      const bgRows = background === undefined ? [] : sampleRows(ds.rows, background, seed);
      const F = columns.length;
      const Matrix = model.float64Inputs ? Float64Array : Float32Array;
      const X = new Matrix(rows.length * F);
      const B = new Matrix(bgRows.length * F);
      // One pass over the dataset picks both the explained rows and the background rows (both sorted).
      const last = Math.max(rows[rows.length - 1] ?? -1, bgRows[bgRows.length - 1] ?? -1);
      let i = 0;
      let k = 0;
      await readNumericRows(engine, `(SELECT * FROM ${ds.relation} LIMIT ${last + 1})`, columns, BLOCK_ROWS, ({ X: block, n, start }) => {
        for (; i < rows.length && rows[i]! < start + n; i++) X.set(block.subarray((rows[i]! - start) * F, (rows[i]! - start + 1) * F), i * F);
        for (; k < bgRows.length && bgRows[k]! < start + n; k++) B.set(block.subarray((bgRows[k]! - start) * F, (bgRows[k]! - start + 1) * F), k * F);
      }, { signal, exprs: featureExprs(model, columns), float64: model.float64Inputs });
      onProgress?.(0.3);
      const report = explainer.explain(model, X, rows.length, {
        modelName: basename(modelFile),
        datasetName: basename(dataFile),
        rowIndices: rows,
        seed,
        ...(nsamples === undefined ? {} : { nsamples }),
        ...(onProgress ? { onProgress: (f: number) => onProgress(0.3 + 0.7 * f) } : {}),
        ...(background === undefined ? {} : { background: { X: B, n: bgRows.length } }),
        ...(background !== undefined && explainer.id === 'tree' ? { algorithm: 'interventional' as const } : {}),
      });
      if (report.additivity.ok === false) {
        process.stderr.write(`explain: warning: additivity error ${report.additivity.maxAbsError} exceeds the tolerance ${report.additivity.tolerance}; the contributions do not add up to the predictions.\n`);
      }
      onProgress?.(1);
      const doc = explainDocument(report, model, X);
      emit(format === 'md' ? explainToMarkdown(doc) : format === 'html' ? explainToHtml(doc) : JSON.stringify(doc, null, 1), out, positionals);
      return EXIT_OK;
    } finally {
      engine.close();
    }
  },
};

function optionalInt(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new InputError('BAD_ARGUMENT', `explain: --${name} must be a whole number from ${min} to ${max} (got '${v}').`);
  return n;
}
