// Explain / predict benchmark, called by bench/run.mjs (`npm run bench`), or on its own:
//   node bench/explain.mjs [--quick]
// Exact TreeSHAP on 100k rows (quick: 10k) of a 200-tree depth-6 XGBoost model against xgboost's C++
// pred_contribs on one thread (Debian /usr/bin/python3, xgboost 1.7.4; only the predict call is timed), and
// predict rows/s on 1M rows with a 100-tree model: the core on one thread and on the prediction worker threads
// (thread count printed), and `model-lens predict` end to end. Models are trained once and cached in bench/data/.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, ensureDataset } from './data.mjs';

const root = new URL('..', import.meta.url).pathname;
const py = (...args) => execFileSync('/usr/bin/python3', [`${root}bench/explain_xgb.py`, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
const core = (...args) => JSON.parse(execFileSync(process.execPath, ['--require', 'tsx/cjs', `${root}bench/explainCore.ts`, ...args], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop());
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

export async function benchExplain({ measure, quick = false }) {
  const data = await ensureDataset('bench_1m', 1_000_000);
  const m200 = join(dataDir, 'xgb_200x6.json');
  const m100 = join(dataDir, 'xgb_100x6.json');
  if (!existsSync(m200) || !existsSync(m100)) {
    console.log('training the benchmark models once (xgboost, 200k rows) …');
    py('train', data.csv, m200, m100);
  }
  const rows = quick ? 10_000 : 100_000;
  console.log(`\n## explain (exact TreeSHAP, ${rows / 1000}k rows × 13 features, 200 trees, depth 6)`);
  const xgbShap = JSON.parse(py('contribs', m200, data.csv, String(rows)).trim().split('\n').pop());
  const coreShap = core('shap', m200, data.parquet, String(rows));
  const cli = measure(['cli', 'explain', m200, data.parquet, '--rows', `0-${rows - 1}`, '--format', 'json', '--out', '/dev/null']);
  if (cli.code !== 0) throw new Error(`model-lens explain exited ${cli.code}`);
  console.log(`core TreeSHAP ${s(coreShap.ms)} | xgboost pred_contribs (1 thread) ${s(xgbShap.ms)} | ratio ${(coreShap.ms / xgbShap.ms).toFixed(2)}× (target ≤ 2×)`);
  console.log(`model-lens explain CLI end to end (load Parquet, TreeSHAP, JSON of ${rows} rows) ${s(cli.ms)}, ${cli.maxRssMiB.toFixed(0)} MiB`);

  console.log('\n## predict (1M rows × 13 features, 100 trees, depth 6)');
  const xgbPred = JSON.parse(py('predict', m100, data.csv, '1000000').trim().split('\n').pop());
  const corePred = core('predict', m100, data.parquet, '1000000');
  const corePar = core('predict-parallel', m100, data.parquet, '1000000');
  const pq = measure(['cli', 'predict', m100, data.parquet, '--format', 'csv', '--out', '/dev/null']);
  if (pq.code !== 0) throw new Error(`model-lens predict exited ${pq.code}`);
  const rate = (ms) => `${(1e6 / (ms / 1000) / 1e6).toFixed(2)}M rows/s`;
  console.log(`core predict ${rate(corePred.ms)} (1 thread, ${s(corePred.ms)}) | ${rate(corePar.ms)} (${corePar.threads} worker threads, ${s(corePar.ms)}) | xgboost predict (1 thread) ${rate(xgbPred.ms)} (target ≥ 1M rows/s)`);
  console.log(`model-lens predict CLI, Parquet → CSV ${rate(pq.ms)} (${s(pq.ms)}, ${pq.maxRssMiB.toFixed(0)} MiB, ${corePar.threads} prediction worker threads)`);

  const agnosticRows = quick ? 2 : 10;
  console.log(`\n## model-agnostic explainers (${agnosticRows} rows × 13 features, 50 background rows, 200 trees, default budgets)`);
  const kernel = core('kernel', m200, data.parquet, String(agnosticRows));
  const perm = core('permutation', m200, data.parquet, String(agnosticRows));
  console.log(`core Kernel SHAP ${s(kernel.ms)} (${(kernel.ms / agnosticRows).toFixed(0)} ms/row) | permutation SHAP ${s(perm.ms)} (${(perm.ms / agnosticRows).toFixed(0)} ms/row)`);
  return { rows, coreShap, xgbShap, cli, corePred, corePredParallel: corePar, xgbPred, predictCli: pq, kernel, perm };
}

// Standalone: `node bench/explain.mjs [--quick]` (bench/run.mjs's measure, without running its other benchmarks).
if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(`${root}dist/cli.js`)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const measure = (args) => {
    const r = spawnSync(process.execPath, [`${root}bench/measure.cjs`, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  await benchExplain({ measure, quick: process.argv.includes('--quick') });
}
