// Benchmark helper for bench/explain.mjs, run with `node --require tsx/cjs`: times Model Lens's core alone
// (no DuckDB load, no output) on the first <rows> rows: exact TreeSHAP and predictMargin + transform.
// Usage: node --require tsx/cjs bench/explainCore.ts shap|predict <model.json> <data.parquet> <rows>
import { Engine } from '../src/core/data/engine';
import { loadDataset } from '../src/core/data/loadDataset';
import { readNumericRows } from '../src/core/data/readColumns';
import { treeShap } from '../src/core/explain/treeShap';
import { datasetFeatures } from '../src/core/models/datasetFeatures';
import { readModelFile } from '../src/core/models/readModelFile';

async function main(): Promise<void> {
  const [mode, modelFile, dataFile, rowsText] = process.argv.slice(2) as [string, string, string, string];
  const rows = Number(rowsText);
  const model = readModelFile(modelFile);
  const engine = await Engine.create();
  const ds = await loadDataset(engine, dataFile);
  const columns = await datasetFeatures(engine, ds, model);
  const F = columns.length;
  const X = new Float32Array(rows * F);
  await readNumericRows(engine, `(SELECT * FROM ${ds.relation} LIMIT ${rows})`, columns, 65536, ({ X: b, start }) => X.set(b, start * F));
  engine.close();
  const t = process.hrtime.bigint();
  if (mode === 'shap') treeShap(model.trees!, model.baseMargin, X, rows, F);
  else model.transform(model.predictMargin(X, rows), rows);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  process.stdout.write(`${JSON.stringify({ rows, mode, ms })}\n`);
}

void main();
