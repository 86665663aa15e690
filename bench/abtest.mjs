// Benchmark of `model-lens abtest`: 1M units (10M without --quick) in Parquet, 3 variants, a binary and a
// heavy-tailed metric, a guardrail, a timestamp (daily sequential looks) and a segment; bootstrap on (capped at
// ~2·10⁸ resampled values per comparison). Data generated inside DuckDB (seeded hash) into .cache/bench-abtest/
// (bench/data belongs to the lead's generated set). Target: < 10 s for 1M units.
// Called by bench/run.mjs: npm run bench -- --only abtest [--quick]
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, '.cache', 'bench-abtest');

function experimentSelect(rows, seed = 5) {
  const u = (k) => `((hash(i, ${k}, ${seed}) % 1000000007)::DOUBLE + 0.5) / 1000000007`;
  return `SELECT 'u' || i AS user_id, v AS variant, platform, (${u(4)} < 0.1 * CASE v WHEN 'reco_v2' THEN 1.05 ELSE 1 END)::INTEGER AS converted,
      round(CASE WHEN ${u(4)} < 0.1 THEN exp(3 + 1.1 * sqrt(-2 * ln(${u(5)})) * cos(2 * pi() * ${u(6)})) ELSE 0 END, 2) AS revenue,
      round(110 + 28 * sqrt(-2 * ln(${u(7)})) * cos(2 * pi() * ${u(8)}) + CASE v WHEN 'reco_v3' THEN 5 ELSE 0 END, 1) AS latency_ms,
      TIMESTAMP '2026-03-02' + to_seconds((${u(9)} * 14 * 86400)::BIGINT) AS ts
    FROM (SELECT i, CASE WHEN ${u(1)} < 1/3 THEN 'control' WHEN ${u(1)} < 2/3 THEN 'reco_v2' ELSE 'reco_v3' END AS v,
      CASE WHEN ${u(2)} < 0.35 THEN 'ios' WHEN ${u(2)} < 0.75 THEN 'android' ELSE 'web' END AS platform FROM range(${rows}) t(i))`;
}

async function ensure(rows) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `experiment_${rows}.parquet`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file}…\n`);
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    await conn.run(`COPY (${experimentSelect(rows)}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
    conn.closeSync();
    db.closeSync();
  }
  return file;
}

export async function benchAbtest({ measure, quick }) {
  for (const rows of quick ? [1_000_000] : [1_000_000, 10_000_000]) {
    const file = await ensure(rows);
    console.log(`\n## abtest (${rows.toLocaleString('en-US')} units, Parquet: 2 metrics + guardrail + daily sequential + segment + bootstrap)`);
    const scan = measure(['scan', file]);
    const r = measure(['cli', 'abtest', file, '--variant', 'variant', '--control', 'control', '--metric', 'converted', '--metric', 'revenue', '--guardrail', 'latency_ms', '--time-column', 'ts', '--segment', 'platform', '--out', '/dev/null']);
    console.log(`abtest ${(r.ms / 1000).toFixed(2)} s, ${r.maxRssMiB.toFixed(0)} MiB (exit ${r.code}) | bare scan ${(scan.ms / 1000).toFixed(2)} s, ${scan.maxRssMiB.toFixed(0)} MiB`);
  }
}

