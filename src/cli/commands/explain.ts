import { basename, resolve } from 'node:path';
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
import { readModelFile } from '../../core/models/readModelFile';
import { mulberry32 } from '../../core/random';
import { oneOf, parseCommandArgs } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { emit, progressReporter } from '../output';

const BLOCK_ROWS = 65536;

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'Explain an XGBoost model\'s predictions on a dataset: exact TreeSHAP contributions, global importance, sentences',
  help: `Usage: model-lens explain <model> <dataset> [options]

Explain <model> (XGBoost .json/.ubj from booster.save_model) on rows of <dataset> (CSV, TSV, Parquet, JSON
Lines, Arrow) with exact TreeSHAP: per-row feature contributions in margin space (log-odds for logistic
models, the value for regression) that add up with the base value to the model's raw output.

Options:
  --method auto|tree|kernel|permutation|lime
                       explanation method (default: auto = tree for tree models). kernel, permutation and
                       lime are not implemented yet and are refused (exit 2)
  --rows 0-99,150      0-based dataset rows to explain (ranges inclusive) or 'all' (default: 0-99)
  --background N       use interventional TreeSHAP against N background rows drawn from the dataset
                       (default: path-dependent TreeSHAP with the training covers, no background)
  --seed S             seed for drawing the background rows (default: 0)
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
      format: { type: 'string' },
      out: { type: 'string' },
    });
    if (positionals.length !== 2) throw new InputError('BAD_ARGUMENT', `explain: expected <model> <dataset>, got ${positionals.length} argument(s). Run 'model-lens explain --help'.`);
    const method = oneOf('explain', 'method', values['method'] as string | undefined, METHODS, 'auto');
    const format = oneOf('explain', 'format', values['format'] as string | undefined, ['json', 'md', 'html'] as const, 'json');
    const background = optionalInt('background', values['background'] as string | undefined, 1, 100000);
    const seed = optionalInt('seed', values['seed'] as string | undefined, 0, 2 ** 32 - 1) ?? 0;
    const [modelFile, dataFile] = positionals as [string, string];
    const out = values['out'] as string | undefined;
    if (out !== undefined && positionals.some((p) => resolve(p) === resolve(out))) {
      throw new InputError('BAD_ARGUMENT', `--out ${out} is one of the input files; refusing to overwrite it. Choose another output path.`);
    }
    const model = readModelFile(modelFile);
    const explainer = chooseExplainer(method, model);
    const engine = await Engine.create();
    try {
      const onProgress = progressReporter('explain');
      const ds = await loadDataset(engine, dataFile, { signal });
      const columns = await datasetFeatures(engine, ds, model, { signal });
      const rows = parseRowSelection(values['rows'] as string | undefined, ds.rows);
      const bgRows = background === undefined ? [] : sampleRows(ds.rows, background, seed);
      const F = columns.length;
      const X = new Float32Array(rows.length * F);
      const B = new Float32Array(bgRows.length * F);
      // One pass over the dataset picks both the explained rows and the background rows (both sorted).
      const last = Math.max(rows[rows.length - 1] ?? -1, bgRows[bgRows.length - 1] ?? -1);
      let i = 0;
      let k = 0;
      await readNumericRows(engine, `(SELECT * FROM ${ds.relation} LIMIT ${last + 1})`, columns, BLOCK_ROWS, ({ X: block, n, start }) => {
        for (; i < rows.length && rows[i]! < start + n; i++) X.set(block.subarray((rows[i]! - start) * F, (rows[i]! - start + 1) * F), i * F);
        for (; k < bgRows.length && bgRows[k]! < start + n; k++) B.set(block.subarray((bgRows[k]! - start) * F, (bgRows[k]! - start + 1) * F), k * F);
      }, { signal });
      onProgress?.(0.3);
      const report = explainer.explain(model, X, rows.length, {
        modelName: basename(modelFile),
        datasetName: basename(dataFile),
        rowIndices: rows,
        ...(background === undefined ? {} : { algorithm: 'interventional' as const, background: { X: B, n: bgRows.length } }),
      });
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

/** min(k, rows) distinct row indices drawn uniformly without replacement (partial Fisher–Yates, seeded), sorted. */
function sampleRows(rows: number, k: number, seed: number): number[] {
  const m = Math.min(k, rows);
  const rng = mulberry32(seed);
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (rows - i));
    const vj = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    out.push(vj);
  }
  return out.sort((a, b) => a - b);
}
