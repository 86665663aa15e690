import type { Writable } from 'node:stream';
import { Engine } from '../../core/data/engine';
import { loadDataset } from '../../core/data/loadDataset';
import { InputError } from '../../core/errors';
import { datasetFeatures } from '../../core/models/datasetFeatures';
import { predictBlocks } from '../../core/models/predictBlocks';
import { grantModelAccess } from '../../core/models/modelAccess';
import type { Model } from '../../core/models/types';
import { oneOf, parseCommandArgs } from '../args';
import { checkOutput } from '../output';
import { EXIT_OK, type CliCommand } from '../command';

/** Rows scored per block: large enough to amortise per-block work, small enough to stream (64k × F × 4 bytes). */
const BLOCK_ROWS = 65536;

export const predictCommand: CliCommand = {
  name: 'predict',
  summary: 'Score a dataset with an XGBoost (JSON/UBJSON), LightGBM (model.txt), ONNX or scikit-learn (.pkl/.joblib) model: prediction and raw margin per row',
  help: `Usage: model-lens predict <model> <dataset> [--format csv|json] [--out F]

Score every row of <dataset> (CSV, TSV, Parquet, JSON Lines, Arrow) with <model>, an XGBoost model saved
with booster.save_model (.json or .ubj), a LightGBM text model (booster.save_model('model.txt')), an ONNX model,
or a scikit-learn estimator or Pipeline saved with pickle or joblib. Features are matched by name when the model
stores feature names (scikit-learn: feature_names_in_), else the first columns are used in order. NULL/empty
values are missing (each split's default direction; scikit-learn models refuse them where scikit-learn does).
Nothing in the model file is executed: pickles are read as data, never unpickled.

Output (index = 0-based row of the dataset):
  csv    index,prediction[,margin]; multiclass: prediction_<k>… and margin_<k>… per class
  json   { "predictions": [ { "index", "prediction", "margin" } ] }; arrays per class for multiclass
  prediction is the probability (logistic, softprob), the value (regression, counts) or the class index
  (multi:softmax); margin is the raw score, given when it differs from the prediction.

Options:
  --format csv|json   output format (default: csv)
  --out F             write to F instead of stdout (never an input file)
  -h, --help          show this help

Exit codes: 0 success, 2 bad input (missing feature, non-numeric feature, bad model file; one line on stderr).`,
  async run(argv, { signal }) {
    const { values, positionals } = parseCommandArgs('predict', argv, { format: { type: 'string' }, out: { type: 'string' } });
    if (positionals.length !== 2) throw new InputError('BAD_ARGUMENT', `predict: expected <model> <dataset>, got ${positionals.length} argument(s). Run 'model-lens predict --help'.`);
    const format = oneOf('predict', 'format', values['format'] as string | undefined, ['csv', 'json'] as const, 'csv');
    const [modelFile, dataFile] = positionals as [string, string];
    const out = values['out'] as string | undefined;
    const target = checkOutput(out, positionals);
    const model = grantModelAccess().read(modelFile);
    const engine = await Engine.create();
    try {
      const ds = await loadDataset(engine, dataFile, { signal });
      const columns = await datasetFeatures(engine, ds, model, { signal });
      // A file is written beside its target and renamed into place when complete (core/io/outputFile.ts).
      const file = target ? await target.open() : undefined;
      try {
        const write = file ? (text: string) => file.write(text) : writer(process.stdout);
        const format_ = formatter(model, format);
        await write(format_.head);
        let first = true;
        await predictBlocks(engine, ds.relation, columns, model, BLOCK_ROWS, async ({ margin, n, start }) => {
          const pred = model.transform(margin, n);
          await write(format_.block(pred, margin, n, start, first));
          first = false;
        }, { signal });
        await write(format_.tail);
        await file?.commit();
      } finally {
        await file?.abort();
      }
      return EXIT_OK;
    } catch (e) {
      // A reader that stops early (`| head`) closes the pipe: that is not an error of ours.
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return EXIT_OK;
      throw e;
    } finally {
      engine.close();
    }
  },
};

/** write(text) resolves once the sink can take more (backpressure) and rejects on a write error (e.g. EPIPE). */
function writer(sink: Writable): (text: string) => Promise<void> {
  let failed: Error | undefined;
  sink.on('error', (e: Error) => {
    failed = e;
  });
  return async (text) => {
    if (failed) throw failed;
    if (sink.write(text)) return;
    await new Promise<void>((ok, fail) => {
      const done = (): void => {
        sink.off('error', onError);
        ok();
      };
      const onError = (e: Error): void => {
        sink.off('drain', done);
        fail(e);
      };
      sink.once('drain', done);
      sink.once('error', onError);
    });
    if (failed) throw failed;
  };
}

interface Formatter {
  head: string;
  block(pred: Float64Array, margin: Float64Array, n: number, start: number, first: boolean): string;
  tail: string;
}

/** CSV or JSON text for blocks of predictions; the margin is shown only when a link maps it to the output. */
function formatter(model: Model, format: 'csv' | 'json'): Formatter {
  const G = model.numGroups;
  const P = model.outputWidth;
  const withMargin = model.link !== 'identity' || model.outputKind === 'class';
  const vec = (a: Float64Array, o: number, w: number, sep: string): string => {
    let s = String(a[o]);
    for (let k = 1; k < w; k++) s += sep + String(a[o + k]);
    return s;
  };
  if (format === 'csv') {
    const cols = (name: string, w: number) => (w === 1 ? name : Array.from({ length: w }, (_, k) => `${name}_${k}`).join(','));
    return {
      head: `index,${cols('prediction', P)}${withMargin ? `,${cols('margin', G)}` : ''}\n`,
      block(pred, margin, n, start) {
        const lines: string[] = new Array<string>(n);
        for (let r = 0; r < n; r++) lines[r] = `${start + r},${vec(pred, r * P, P, ',')}${withMargin ? `,${vec(margin, r * G, G, ',')}` : ''}`;
        return `${lines.join('\n')}\n`;
      },
      tail: '',
    };
  }
  const one = (a: Float64Array, o: number, w: number) => (w === 1 ? String(a[o]) : `[${vec(a, o, w, ',')}]`);
  return {
    head: '{"predictions":[',
    block(pred, margin, n, start, first) {
      const items: string[] = new Array<string>(n);
      for (let r = 0; r < n; r++) items[r] = `{"index":${start + r},"prediction":${one(pred, r * P, P)}${withMargin ? `,"margin":${one(margin, r * G, G)}` : ''}}`;
      return `${first ? '\n' : ',\n'}${items.join(',\n')}`;
    },
    tail: '\n]}\n',
  };
}
