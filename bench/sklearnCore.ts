// Benchmark helper for bench/sklearn.mjs, which bundles it with esbuild (as dist/ is built) and runs it with node:
// times Model Lens's core alone, CPU (user + sys) beside wall time.
// Usage: node sklearnCore.cjs load <model.pkl|joblib>   → read the file and build the Model
//        node sklearnCore.cjs predict|predict-parallel <model.pkl> <data.parquet> <rows>
import { readFileSync } from 'node:fs';
import { Engine } from '../src/core/data/engine';
import { loadDataset } from '../src/core/data/loadDataset';
import { readNumericRows } from '../src/core/data/readColumns';
import { datasetFeatures } from '../src/core/models/datasetFeatures';
import { loadModel } from '../src/core/models/xgboost/loadModel';
import { predictThreads } from '../src/core/models/xgboost/predictWorkers';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main(): Promise<void> {
  const [mode, modelFile, dataFile, rowsText] = process.argv.slice(2) as [string, string, string | undefined, string | undefined];
  if (mode === 'load') {
    const c0 = cpu();
    const t = process.hrtime.bigint();
    const model = loadModel(readFileSync(modelFile), modelFile);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    process.stdout.write(`${JSON.stringify({ ms, cpuMs: cpu() - c0, trees: model.trees?.numTrees ?? 0, nodes: model.trees?.numNodes ?? 0 })}\n`);
    return;
  }
  const rows = Number(rowsText);
  const model = loadModel(readFileSync(modelFile), modelFile);
  const engine = await Engine.create();
  const ds = await loadDataset(engine, dataFile!);
  const columns = await datasetFeatures(engine, ds, model);
  const F = columns.length;
  const X = mode === 'predict-parallel' ? new Float32Array(new SharedArrayBuffer(rows * F * 4)) : new Float32Array(rows * F);
  await readNumericRows(engine, `(SELECT * FROM ${ds.relation} LIMIT ${rows})`, columns, 65536, ({ X: b, start }) => X.set(b, start * F));
  engine.close();
  const c0 = cpu();
  const t = process.hrtime.bigint();
  if (mode === 'predict-parallel') model.transform(await model.predictMarginAsync!(X, rows), rows);
  else model.transform(model.predictMargin(X, rows), rows);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  process.stdout.write(`${JSON.stringify({ rows, mode, ms, cpuMs: cpu() - c0, threads: mode === 'predict-parallel' ? predictThreads() : 1 })}\n`);
}

void main();
