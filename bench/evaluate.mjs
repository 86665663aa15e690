// Benchmark of `model-lens evaluate` (issue 21), called by bench/run.mjs (`npm run bench -- --only evaluate`).
// 10M rows (Parquet): a 0/1 label, a continuous score (every value distinct: the worst case for exact ROC/PR
// curves) and a timestamp spread over 52 weeks. Measured end to end in a fresh process each (bench/measure.cjs):
//   - evaluate 10M rows (label + score), 500 bootstrap draws                     target < 5 s
//   - the same with --time-column ts --window week (52 weekly windows, score drift,
//     CBPE estimates per window)                                                   target < 10 s
// with wall time, CPU time (user + sys; DuckDB reads on 2 threads) and peak RSS, next to a bare DuckDB scan of
// the same file (count(*) and min/max of every column) as the floor. --quick uses 1M rows.
// Also runs alone: node bench/evaluate.mjs [--quick] (needs `npm run build` first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataDir } from './data.mjs';

const root = new URL('..', import.meta.url).pathname;

/** Seeded rows generated inside DuckDB: y ~ Bernoulli(0.3); score = sigmoid(±1 + 1.2·N(0, 1)), distinct doubles; ts over 364 days. */
function evaluateSelect(rows, seed = 21) {
  const u = (k) => `((hash(i, ${k}, ${seed}) % 1000000007)::DOUBLE + 0.5) / 1000000007`;
  return `SELECT y, 1 / (1 + exp(-((2 * y - 1) + 1.2 * sqrt(-2 * ln(${u(2)})) * cos(2 * pi() * ${u(3)})))) AS score,
    TIMESTAMP '2025-01-06' + to_seconds((i * 364 * 86400 // ${rows})::BIGINT) AS ts
    FROM (SELECT i, (${u(1)} < 0.3)::INTEGER AS y FROM range(${rows}) t(i))`;
}

async function ensureData(rows) {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `evaluate_${rows}.parquet`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file} (${rows} rows)…\n`);
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    await conn.run(`COPY (${evaluateSelect(rows)}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
    conn.closeSync();
    db.closeSync();
  }
  return file;
}

const fmt = (r) => `${(r.ms / 1000).toFixed(2)} s wall, ${((r.cpuMs ?? NaN) / 1000).toFixed(2)} s CPU, ${r.maxRssMiB.toFixed(0)} MiB peak RSS`;

export async function benchEvaluate({ measure, quick }) {
  const rows = quick ? 1_000_000 : 10_000_000;
  console.log(`\n## evaluate (${rows.toLocaleString('en')} rows, Parquet: label + score${quick ? '' : ''}, 500 bootstrap draws)`);
  const file = await ensureData(rows);
  const scan = measure(['scan', file]);
  console.log(`floor    bare DuckDB scan ${fmt(scan)}`);
  const out = join(dataDir, `evaluate_${rows}.report.json`);
  const plain = measure(['cli', 'evaluate', file, '--label', 'y', '--score', 'score', '--format', 'json', '--out', out]);
  const r1 = JSON.parse(readFileSync(out, 'utf8'));
  console.log(`overall  evaluate ${fmt(plain)} (exit ${plain.code}; ROC AUC ${r1.metrics.find((m) => m.name === 'rocAuc').value.toFixed(6)}, ${r1.labeledRows} rows) | target < 5 s: ${plain.ms < 5000 ? 'met' : 'NOT met'}`);
  const weekly = measure(['cli', 'evaluate', file, '--label', 'y', '--score', 'score', '--time-column', 'ts', '--window', 'week', '--format', 'json', '--out', out]);
  const r2 = JSON.parse(readFileSync(out, 'utf8'));
  console.log(`weekly   evaluate --window week ${fmt(weekly)} (exit ${weekly.code}; ${r2.windows.length} windows, CBPE ${r2.estimated ? 'on' : 'off'}) | target < 10 s: ${weekly.ms < 10000 ? 'met' : 'NOT met'}`);
  return { scan, plain, weekly };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const measure = (args) => JSON.parse(execFileSync(process.execPath, [`${root}bench/measure.cjs`, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop());
  await benchEvaluate({ measure, quick: process.argv.includes('--quick') });
}
