// Benchmark of `model-lens validate`: 10M prediction rows (Parquet, 6 columns) against 5 rules, next to the floor
// of a bare DuckDB scan of the same file; then 1,250, 2,500 and 5,000 rules on 1M rows (time must grow linearly
// with the rules, peak RSS stay under 1 GiB; issue 17). Called by bench/run.mjs as benchRules({ measure, quick }); also runs alone:
//   node bench/rules.mjs [--quick]      (needs `npm run build` first)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataDir } from './data.mjs';

const RULES = `rules:
  - id: non-negative-price
    expr: predicted_price >= 0
  - id: within-3x-cost
    expr: predicted_price <= 3 * unit_cost
    when: category != "luxury"
    severity: warning
    max_violation_rate: 0.001
  - id: luxury-above-cost
    expr: predicted_price >= unit_cost
    when: category = "luxury"
  - id: known-category
    expr: category in ["basic", "mid", "premium", "luxury"]
    severity: info
  - id: sane-quantity
    expr: quantity between 1 and 100 and round(predicted_price * quantity, 2) < 1000000
    severity: warning
`;

/** Seeded pricing predictions generated inside DuckDB: ~1 in 100,000 prices negative, 0.05% above 3× cost. */
function pricingSelect(rows, seed = 7) {
  const u = (k) => `((hash(i, ${k}, ${seed}) % 1000000007)::DOUBLE + 0.5) / 1000000007`;
  return `SELECT 'SKU-' || i::VARCHAR AS sku,
    (['basic', 'mid', 'premium', 'luxury'])[1 + floor(${u(1)} * 4)::BIGINT] AS category,
    (['north', 'south', 'east', 'west'])[1 + floor(${u(2)} * 4)::BIGINT] AS region,
    round(2 + ${u(3)} * 200, 2) AS unit_cost,
    1 + floor(${u(4)} * 20)::INTEGER AS quantity,
    round(CASE WHEN ${u(5)} < 0.00001 THEN -1 - ${u(6)} * 10
               WHEN ${u(5)} < 0.0005 THEN (2 + ${u(3)} * 200) * 3.5
               ELSE (2 + ${u(3)} * 200) * (1.2 + ${u(6)} * 1.5) END, 2) AS predicted_price
    FROM range(${rows}) t(i)`;
}

/**
 * `n` distinct rules in the shapes of RULES (thresholds vary with the rule's number, so no two are the same
 * expression), a third with a `when`: some pass, many fail with examples.
 */
export function manyRules(n) {
  const shapes = [
    (k) => ({ expr: `predicted_price >= ${(k / 100).toFixed(2)}` }),
    (k) => ({ expr: `predicted_price <= ${(3 + k / 1000).toFixed(3)} * unit_cost`, when: `category != "luxury"`, rate: 0.001 }),
    (k) => ({ expr: `predicted_price >= ${(1 + k / 1000).toFixed(3)} * unit_cost`, when: `category = "luxury"` }),
    (k) => ({ expr: `category in ["basic", "mid", "premium", "luxury", "c${k}"]` }),
    (k) => ({ expr: `quantity between 1 and ${10 + (k % 90)} and round(predicted_price * quantity, 2) < ${1000000 + k}` }),
    (k) => ({ expr: `unit_cost < ${150 + k / 8}`, when: `region = "${['north', 'south', 'east', 'west'][k % 4]}"` }),
  ];
  const lines = ['rules:'];
  for (let i = 0; i < n; i++) {
    const r = shapes[i % shapes.length](Math.floor(i / shapes.length));
    lines.push(`  - id: rule-${i}`, `    expr: '${r.expr}'`);
    if (r.when) lines.push(`    when: '${r.when}'`);
    if (r.rate) lines.push(`    max_violation_rate: ${r.rate}`);
  }
  return `${lines.join('\n')}\n`;
}

async function ensurePricing(rows) {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, `pricing_${rows}.parquet`);
  const rules = join(dataDir, 'pricing_bench.rules.yml');
  writeFileSync(rules, RULES);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file} (${rows} rows)…\n`);
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    await conn.run(`COPY (${pricingSelect(rows)}) TO '${file.replace(/'/g, "''")}' (FORMAT parquet)`);
    conn.closeSync();
    db.closeSync();
  }
  return { file, rules };
}

export async function benchRules({ measure, quick }) {
  const fmt = (r) => `${(r.ms / 1000).toFixed(2)} s, ${r.maxRssMiB.toFixed(0)} MiB`;
  for (const rows of quick ? [1_000_000] : [1_000_000, 10_000_000]) {
    console.log(`\n## validate (${rows.toLocaleString('en')} rows × 6 columns, Parquet, 5 rules)`);
    const { file, rules } = await ensurePricing(rows);
    const scan = measure(['scan', file]);
    const val = measure(['cli', 'validate', file, '--rules', rules, '--format', 'json', '--out', '/dev/null']);
    if (val.code !== 1) throw new Error(`model-lens validate exited ${val.code} (expected 1: the data breaks rules)`);
    console.log(`parquet  validate ${fmt(val)} | bare scan ${fmt(scan)} | ratio ${(val.ms / scan.ms).toFixed(2)}× | ${((rows / val.ms) * 1000 / 1e6).toFixed(1)} M rows/s`);
  }
  const rows = 1_000_000;
  console.log(`\n## validate with many rules (${rows.toLocaleString('en')} rows × 6 columns, Parquet, 5 examples per failing rule)`);
  const { file } = await ensurePricing(rows);
  let first;
  for (const n of quick ? [5000] : [1250, 2500, 5000]) {
    const rules = join(dataDir, `pricing_${n}.rules.yml`);
    writeFileSync(rules, manyRules(n));
    const r = measure(['cli', 'validate', file, '--rules', rules, '--format', 'json', '--out', '/dev/null']);
    if (r.code !== 1) throw new Error(`model-lens validate with ${n} rules exited ${r.code} (expected 1: many rules fail)`);
    first ??= { n, r };
    const perRule = (x) => x.r.ms / x.n;
    const cpu = r.cpuMs === undefined ? '' : ` (CPU ${(r.cpuMs / 1000).toFixed(1)} s)`;
    console.log(`${String(n).padStart(5)} rules  ${fmt(r)}${cpu} | ${(r.ms / n).toFixed(1)} ms per rule (${(perRule({ n, r }) / perRule(first)).toFixed(2)}× the ${first.n}-rule run's) | peak RSS target < 1024 MiB`);
  }
}

// Standalone: same measuring as bench/run.mjs (a fresh process per job through bench/measure.cjs).
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  const measure = (args) => JSON.parse(execFileSync(process.execPath, [`${root}bench/measure.cjs`, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop());
  await benchRules({ measure, quick: process.argv.includes('--quick') });
}
