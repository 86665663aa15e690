// Benchmark of `model-lens bias`: 10M rows (Parquet) with 3 sensitive attributes (gender 3, race 5, age_band 4 + NULL
// levels), audited over every attribute and intersection (7 attribute sets) without bootstrap, next to a pandas groupby
// computing the same metrics (bench/bias_pandas.py on a CSV copy: Debian's Python has no pyarrow). Target: < 5 s.
// Called by bench/run.mjs as benchBias({ measure, quick }); also runs alone:  node bench/bias.mjs [--quick]
// (needs `npm run build` first). --quick uses 1M rows.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataDir } from './data.mjs';

const root = new URL('..', import.meta.url).pathname;
const SENSITIVE = 'gender,race,age_band';

/** Seeded loan decisions generated inside DuckDB; the score (and so the prediction) is lower for one race group. */
function biasSelect(rows, seed = 11) {
  const u = (k) => `((hash(i, ${k}, ${seed}) % 1000000007)::DOUBLE + 0.5) / 1000000007`;
  return `SELECT gender, race, age_band, y, score, (score >= 0.5)::INTEGER AS pred FROM (
    SELECT gender, race, age_band, y, round(least(1, greatest(0, 0.25 + 0.4 * y + 0.35 * ${u(5)} - CASE WHEN race = 'black' THEN 0.08 ELSE 0 END)), 4) AS score FROM (
      SELECT i,
        CASE WHEN ${u(1)} < 0.02 THEN 'non-binary' WHEN ${u(1)} < 0.51 THEN 'female' ELSE 'male' END AS gender,
        CASE WHEN ${u(2)} < 0.6 THEN 'white' WHEN ${u(2)} < 0.75 THEN 'hispanic' WHEN ${u(2)} < 0.88 THEN 'black' WHEN ${u(2)} < 0.95 THEN 'asian' ELSE 'other' END AS race,
        CASE WHEN ${u(3)} < 0.05 THEN NULL WHEN ${u(3)} < 0.3 THEN '18-29' WHEN ${u(3)} < 0.6 THEN '30-44' WHEN ${u(3)} < 0.85 THEN '45-64' ELSE '65+' END AS age_band,
        (${u(4)} < 0.55 - CASE WHEN ${u(2)} >= 0.75 AND ${u(2)} < 0.88 THEN 0.1 ELSE 0 END)::INTEGER AS y
      FROM range(${rows}) t(i)))`;
}

async function ensureBiasData(rows) {
  mkdirSync(dataDir, { recursive: true });
  const files = { parquet: join(dataDir, `bias_${rows}.parquet`), csv: join(dataDir, `bias_${rows}.csv`) };
  const missing = Object.entries(files).filter(([, f]) => !existsSync(f));
  if (missing.length) {
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    for (const [format, f] of missing) {
      process.stderr.write(`generating ${f} (${rows} rows)…\n`);
      await conn.run(`COPY (${biasSelect(rows)}) TO '${f.replace(/'/g, "''")}' (FORMAT ${format === 'csv' ? 'csv, HEADER true' : 'parquet'})`);
    }
    conn.closeSync();
    db.closeSync();
  }
  return files;
}

function pandasBaseline(csv) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '/usr/bin/python3', `${root}bench/bias_pandas.py`, csv, SENSITIVE, 'y', 'pred'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bias_pandas.py failed: ${r.stderr}`);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), maxRssMiB: Number(r.stderr.trim().split('\n').pop()) / 1024 };
}

export async function benchBias({ measure, quick }) {
  const fmt = (r) => `${(r.ms / 1000).toFixed(2)} s, ${r.maxRssMiB.toFixed(0)} MiB`;
  const rows = quick ? 1_000_000 : 10_000_000;
  console.log(`\n## bias (${rows.toLocaleString('en')} rows, Parquet, 3 sensitive attributes + 4 intersections, no bootstrap)`);
  const files = await ensureBiasData(rows);
  const out = join(dataDir, `bias_${rows}.report.json`);
  const ml = measure(['cli', 'bias', files.parquet, '--sensitive', SENSITIVE, '--label', 'y', '--prediction', 'pred', '--format', 'json', '--out', out]);
  if (ml.code !== 0 && ml.code !== 1) throw new Error(`model-lens bias exited ${ml.code}`);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const groups = report.attributes.reduce((s, a) => s + a.groups.length, 0);
  console.log(`parquet  bias ${fmt(ml)} (exit ${ml.code}; ${report.attributes.length} attribute sets, ${groups} groups) | target < 5 s: ${ml.ms < 5000 ? 'met' : 'NOT met'}`);
  const pd = pandasBaseline(files.csv);
  // Same numbers? Every disparity metric of every attribute set from both implementations.
  const diffs = report.attributes.flatMap((a) => Object.entries(pd.metrics[a.attribute] ?? {}).map(([k, v]) => Math.abs((a.metrics[k] ?? NaN) - v)));
  const maxDiff = diffs.some(Number.isNaN) ? NaN : Math.max(...diffs);
  console.log(`csv      pandas groupby ${(pd.groupby_ms / 1000).toFixed(2)} s (+ read_csv ${(pd.load_ms / 1000).toFixed(2)} s), ${pd.maxRssMiB.toFixed(0)} MiB | ` +
    `ratio model-lens / pandas groupby ${(ml.ms / pd.groupby_ms).toFixed(2)}× (model-lens time includes reading the Parquet file) | ` +
    `max |Δ| of ${diffs.length} disparity metrics vs pandas ${maxDiff.toExponential(1)} (${pd.attributeSets} attribute sets, ${pd.groups} groups)`);
  return { modelLens: ml, pandas: pd, ratio: ml.ms / pd.groupby_ms };
}

// Standalone: same measuring as bench/run.mjs (a fresh process per job through bench/measure.cjs).
if (import.meta.url === `file://${process.argv[1]}`) {
  const measure = (args) => JSON.parse(execFileSync(process.execPath, [`${root}bench/measure.cjs`, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop());
  await benchBias({ measure, quick: process.argv.includes('--quick') });
}
