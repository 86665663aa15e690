// Benchmark helper for bench/explain.mjs, run with `node --require tsx/cjs`: times Model Lens's core alone
// (no DuckDB load, no output) on the first <rows> rows: exact TreeSHAP and predictMargin + transform
// (predict: on this thread; predict-parallel: predictMarginAsync on the prediction workers, started cold).
// Usage: node --require tsx/cjs bench/explainCore.ts shap|predict|predict-parallel|kernel|permutation <model.json> <data.parquet> <rows>
// (kernel/permutation: <rows> explained rows against the next 50 rows as background, default budgets, seed 0)
import { Engine } from '../src/core/data/engine';
import { loadDataset } from '../src/core/data/loadDataset';
import { readNumericRows } from '../src/core/data/readColumns';
import { kernelShap } from '../src/core/explain/kernelShap';
import { permutationShap } from '../src/core/explain/permutationShap';
import { treeShap } from '../src/core/explain/treeShap';
import { datasetFeatures } from '../src/core/models/datasetFeatures';
import { readModelFile } from '../src/core/models/readModelFile';
import { predictThreads } from '../src/core/models/xgboost/predictWorkers';

async function main(): Promise<void> {
  const [mode, modelFile, dataFile, rowsText] = process.argv.slice(2) as [string, string, string, string];
  const rows = Number(rowsText);
  const model = readModelFile(modelFile);
  const engine = await Engine.create();
  const ds = await loadDataset(engine, dataFile);
  const columns = await datasetFeatures(engine, ds, model);
  const F = columns.length;
  const agnostic = mode === 'kernel' || mode === 'permutation';
  const total = agnostic ? rows + 50 : rows;
  // predict-parallel: X in shared memory, as readNumericRows gives it to predictBlocks, so the workers read it in place.
  const X = mode === 'predict-parallel' ? new Float32Array(new SharedArrayBuffer(total * F * 4)) : new Float32Array(total * F);
  await readNumericRows(engine, `(SELECT * FROM ${ds.relation} LIMIT ${total})`, columns, 65536, ({ X: b, start }) => X.set(b, start * F));
  engine.close();
  const t = process.hrtime.bigint();
  const bg = { X: X.subarray(rows * F), n: 50 };
  if (mode === 'shap') treeShap(model.trees!, model.baseMargin, X, rows, F);
  else if (mode === 'kernel') kernelShap(model, X.subarray(0, rows * F), rows, bg);
  else if (mode === 'permutation') permutationShap(model, X.subarray(0, rows * F), rows, bg);
  else if (mode === 'predict-parallel') model.transform(await model.predictMarginAsync!(X, rows), rows);
  else model.transform(model.predictMargin(X, rows), rows);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const threads = mode === 'predict-parallel' ? predictThreads() : 1;
  process.stdout.write(`${JSON.stringify({ rows, mode, ms, threads })}\n`);
}

void main();
