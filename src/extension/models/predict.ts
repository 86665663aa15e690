import { createWriteStream, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import * as vscode from 'vscode';
import { loadDataset } from '../../core/data/loadDataset';
import { InputError } from '../../core/errors';
import { datasetFeatures } from '../../core/models/datasetFeatures';
import { predictBlocks } from '../../core/models/predictBlocks';
import { requireTrustedModelAccess } from '../trust';
import { getEngine, withCancellableProgress } from '../engineHost';
import { log } from '../log';

const BLOCK_ROWS = 65536;

/** What the last "Predict on Dataset…" wrote (for tests). */
export interface PredictionSummary {
  out: string;
  rows: number;
  /** Mean of the prediction column (first class for multiclass). */
  meanPrediction: number;
}

let last: PredictionSummary | undefined;
export const lastPrediction = (): PredictionSummary | undefined => last;

/**
 * Scores every row of the dataset and writes `index,prediction[,margin]` CSV (the CLI's `predict --format csv`
 * columns) to a NEW file the user chooses; the input files are never written.
 */
export async function predictToFile(model: vscode.Uri, dataset: vscode.Uri, out: vscode.Uri): Promise<PredictionSummary> {
  if (out.fsPath === model.fsPath || out.fsPath === dataset.fsPath) {
    throw new InputError('BAD_ARGUMENT', `${out.fsPath} is one of the input files; refusing to overwrite it. Choose another file for the predictions.`, { out: out.fsPath });
  }
  const m = requireTrustedModelAccess('Predict on Dataset').read(model.fsPath);
  const engine = await getEngine();
  return withCancellableProgress(`Model Lens: predicting ${basename(dataset.fsPath)} with ${basename(model.fsPath)}`, async (signal, report) => {
    const ds = await loadDataset(engine, dataset.fsPath, { signal });
    const sink = createWriteStream(out.fsPath);
    const failed = new Promise<never>((_, fail) => sink.once('error', fail));
    const write = async (text: string): Promise<void> => {
      if (!sink.write(text)) await Promise.race([new Promise<void>((ok) => sink.once('drain', ok)), failed]);
    };
    try {
      const columns = await datasetFeatures(engine, ds, m, { signal });
      const G = m.numGroups;
      const P = m.outputWidth;
      const withMargin = m.link !== 'identity' || m.outputKind === 'class';
      const cols = (name: string, w: number): string => (w === 1 ? name : Array.from({ length: w }, (_, k) => `${name}_${k}`).join(','));
      await write(`index,${cols('prediction', P)}${withMargin ? `,${cols('margin', G)}` : ''}\n`);
      let sum = 0;
      const rows = await predictBlocks(engine, ds.relation, columns, m, BLOCK_ROWS, async ({ margin, n, start }) => {
        const pred = m.transform(margin, n);
        const lines = new Array<string>(n);
        for (let r = 0; r < n; r++) {
          sum += pred[r * P]!;
          lines[r] = `${start + r},${Array.from(pred.subarray(r * P, (r + 1) * P)).join(',')}${withMargin ? `,${Array.from(margin.subarray(r * G, (r + 1) * G)).join(',')}` : ''}`;
        }
        await write(`${lines.join('\n')}\n`);
        report((start + n) / Math.max(1, ds.rows), `${start + n} rows`);
      }, { signal });
      await new Promise<void>((ok, fail) => sink.end((e?: Error | null) => (e ? fail(e) : ok())));
      last = { out: out.fsPath, rows, meanPrediction: rows ? sum / rows : NaN };
      log().info(`predicted ${rows} rows of ${dataset.fsPath} with ${model.fsPath} into ${out.fsPath}`);
      return last;
    } catch (e) {
      // A cancelled or failed run leaves no half-written predictions behind.
      sink.destroy();
      rmSync(out.fsPath, { force: true });
      throw e;
    } finally {
      await ds.release();
      m.dispose?.();
    }
  });
}

/** The default output: `<dataset name>.predictions.csv` beside the dataset. */
export function defaultPredictionsFile(dataset: vscode.Uri): vscode.Uri {
  const name = basename(dataset.fsPath, extname(dataset.fsPath));
  return vscode.Uri.file(join(dirname(dataset.fsPath), `${name}.predictions.csv`));
}
