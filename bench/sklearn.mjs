// scikit-learn benchmark, called by bench/run.mjs (`npm run bench -- --only sklearn`), or on its own:
//   node bench/sklearn.mjs
// Loading a 500-tree RandomForestClassifier pickle (max_depth 10, fitted on 100k rows; also as a zlib joblib file)
// into a Model — read as data, trees rewritten for the fast scorer — against the target < 1 s, next to Python's own
// pickle.load of the same file; and predict rows/s of 100-tree forests (max_depth 6, the depth of the XGBoost predict
// benchmark, and 8) on 1M rows, core on one thread and on the prediction workers, against the target ≥ 1M rows/s
// and scikit-learn's predict_proba (n_jobs=1). CPU time (user + sys) is printed beside wall time.
// Needs Debian's python3-sklearn to train the models once (cached in bench/data/); skipped with a note otherwise.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { dataDir, ensureDataset } from './data.mjs';

const root = new URL('..', import.meta.url).pathname;
const py = (...args) => execFileSync('/usr/bin/python3', [`${root}bench/sklearn_train.py`, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
// The core helper is bundled like dist/ (esbuild), so the timings are those of the shipped code, not of tsx.
const coreBundle = join(dataDir, 'sklearnCore.cjs');
const core = (...args) => JSON.parse(execFileSync(process.execPath, [coreBundle, ...args], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop());
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (file) => `${(statSync(file).size / 2 ** 20).toFixed(1)} MiB`;

export async function benchSklearn() {
  const hasSklearn = spawnSync('/usr/bin/python3', ['-c', 'import sklearn, joblib, pandas'], { encoding: 'utf8' }).status === 0;
  const data = await ensureDataset('bench_1m', 1_000_000);
  const rf500 = join(dataDir, 'rf500.pkl');
  const rf500z = join(dataDir, 'rf500.joblib');
  const rf100 = join(dataDir, 'rf100.pkl');
  const rf100d6 = join(dataDir, 'rf100d6.pkl');
  const missing = [[rf500, 'rf500'], [rf500z, 'rf500'], [rf100, 'rf100'], [rf100d6, 'rf100d6']].filter(([f]) => !existsSync(f)).map(([, n]) => n);
  if (missing.length > 0) {
    if (!hasSklearn) {
      console.log('\n## scikit-learn: skipped (apt-get install -y python3-sklearn python3-joblib python3-pandas to train the benchmark models)');
      return undefined;
    }
    console.log(`training the scikit-learn benchmark forests once (100k rows): ${[...new Set(missing)].join(', ')} …`);
    py('train', data.csv, dataDir, ...new Set(missing));
  }
  await build({ entryPoints: [`${root}bench/sklearnCore.ts`], outfile: coreBundle, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['@duckdb/node-api', 'onnxruntime-node'], logLevel: 'warning' });
  console.log('\n## scikit-learn: load a 500-tree RandomForestClassifier (max_depth 10) — read as data, never run');
  const loads = [rf500, rf500z].map((file) => ({ file, r: core('load', file) }));
  const pyLoad = hasSklearn ? JSON.parse(py('load', rf500).trim().split('\n').pop()) : null;
  for (const { file, r } of loads) {
    console.log(`${file.endsWith('.joblib') ? 'joblib (zlib)' : 'pickle      '} ${mib(file)}: ${s(r.ms)} wall, ${s(r.cpuMs)} CPU, ${r.trees} trees, ${r.nodes} nodes (target < 1 s)`);
  }
  if (pyLoad) console.log(`Python pickle.load of the same pickle (runs it): ${s(pyLoad.ms)}`);
  const rate = (ms) => `${(1e6 / (ms / 1000) / 1e6).toFixed(2)}M rows/s`;
  const predicts = [];
  for (const [file, depth] of [[rf100d6, 6], [rf100, 8]]) {
    console.log(`\n## scikit-learn: predict (1M rows × 13 features, RandomForestClassifier, 100 trees, max_depth ${depth})`);
    const one = core('predict', file, data.parquet, '1000000');
    const par = core('predict-parallel', file, data.parquet, '1000000');
    const skl = hasSklearn ? JSON.parse(py('predict', file, data.csv, '1000000').trim().split('\n').pop()) : null;
    console.log(`core predict ${rate(one.ms)} (1 thread, ${s(one.ms)} wall, ${s(one.cpuMs)} CPU) | ${rate(par.ms)} (${par.threads} worker threads, ${s(par.ms)}) | scikit-learn predict_proba (n_jobs=1) ${skl ? rate(skl.ms) : 'n/a'} (target ≥ 1M rows/s)`);
    predicts.push({ depth, one, par, skl });
  }
  return { loads, pyLoad, predicts };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSklearn();
