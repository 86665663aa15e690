import { basename, dirname, extname, join } from 'node:path';
import * as vscode from 'vscode';
import { loadDataset } from '../../core/data/loadDataset';
import { OutputFile, type OutputStream } from '../../core/io/outputFile';
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
 * columns) to the file the user chooses, through core/io/outputFile.ts: never one of the inputs (by real path or
 * inode, through any link), written beside the target and renamed into place when complete.
 */
export async function predictToFile(model: vscode.Uri, dataset: vscode.Uri, out: vscode.Uri): Promise<PredictionSummary> {
  const target = OutputFile.prepare(out.fsPath, { inputs: [model.fsPath, dataset.fsPath], label: `predictions file ${out.fsPath}` });
  const m = requireTrustedModelAccess('Predict on Dataset').read(model.fsPath);
  const engine = await getEngine();
  return withCancellableProgress(`Model Lens: predicting ${basename(dataset.fsPath)} with ${basename(model.fsPath)}`, async (signal, report) => {
    const ds = await loadDataset(engine, dataset.fsPath, { signal });
    let sink: OutputStream | undefined;
    try {
      sink = await target.open();
      const out_ = sink;
      const write = (text: string): Promise<void> => out_.write(text);
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
      await sink.commit();
      last = { out: out.fsPath, rows, meanPrediction: rows ? sum / rows : NaN };
      log().info(`predicted ${rows} rows of ${dataset.fsPath} with ${model.fsPath} into ${out.fsPath}`);
      return last;
    } finally {
      // A cancelled or failed run leaves no half-written predictions behind, and any previous file as it was.
      await sink?.abort();
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
