// Model-version diff benchmark, called by bench/run.mjs (`npm run bench -- --only versions`).
// `model-lens diff` end to end (load, score both models, 500-draw paired bootstrap of 6 metrics, slices over
// every column, SHAP shift on 200 rows) on the sample (3,300 rows) and on 1M rows × 20 columns (quick: skipped)
// with the explain benchmark's 100- and 200-tree XGBoost models (trained by bench/explain.mjs; label: `flag`).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dataDir, ensureDataset } from './data.mjs';

const root = new URL('..', import.meta.url).pathname;
const s = (r) => `${(r.ms / 1000).toFixed(2)} s, ${r.maxRssMiB.toFixed(0)} MiB`;

export async function benchVersions({ measure, quick = false }) {
  console.log('\n## diff (two model versions on a labeled dataset)');
  const sample = measure(['cli', 'diff', join(root, 'sample/models/loan_xgb.json'), join(root, 'sample/models/loan_xgb_v2.json'), '--data', join(root, 'sample/loans_current.csv'), '--label', 'approved', '--out', '/dev/null']);
  console.log(`sample (3,300 rows, 50 vs 120 trees) ${s(sample)} (exit ${sample.code}: B is worse)`);
  if (quick) return { sample };
  const m100 = join(dataDir, 'xgb_100x6.json');
  const m200 = join(dataDir, 'xgb_200x6.json');
  if (!existsSync(m100) || !existsSync(m200)) {
    console.log('1M rows: skipped (run `npm run bench -- --only explain` once to train the models)');
    return { sample };
  }
  const data = await ensureDataset('bench_1m', 1_000_000);
  const big = measure(['cli', 'diff', m100, m200, '--data', data.parquet, '--label', 'flag', '--out', '/dev/null']);
  console.log(`1M rows × 20 columns, 100 vs 200 trees (depth 6), Parquet ${s(big)}`);
  return { sample, big };
}
