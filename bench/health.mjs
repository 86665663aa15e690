// Pipeline-health benchmark, called by bench/run.mjs (`npm run bench -- --only health`): model-lens baseline of a
// 1M × 20 dataset, then model-lens health of a shifted 1M × 20 dataset against it (Parquet and CSV), next to a
// bare DuckDB scan of the same file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDataset } from './data.mjs';

const fmt = (r) => `${(r.ms / 1000).toFixed(2)} s, ${r.maxRssMiB.toFixed(0)} MiB`;

export async function benchHealth({ measure }) {
  console.log('\n## health (baseline of 1M × 20, then health of a shifted 1M × 20 against it)');
  const ref = await ensureDataset('bench_1m', 1_000_000, { seed: 42 });
  const cur = await ensureDataset('bench_1m_drift', 1_000_000, { seed: 43, shift: 0.3 });
  const dir = mkdtempSync(join(tmpdir(), 'ml-bench-health-'));
  const results = {};
  for (const format of ['parquet', 'csv']) {
    const out = join(dir, `${format}.json`);
    const scan = measure(['scan', cur[format]]);
    const baseline = measure(['cli', 'baseline', ref[format], '--out', out]);
    if (baseline.code !== 0) throw new Error(`model-lens baseline exited ${baseline.code}`);
    const health = measure(['cli', 'health', cur[format], '--baseline', out, '--out', '/dev/null']);
    if (health.code !== 0 && health.code !== 1) throw new Error(`model-lens health exited ${health.code}`);
    results[format] = { baseline, health, scan };
    console.log(`${format.padEnd(8)} baseline ${fmt(baseline)} | health ${fmt(health)} (exit ${health.code}) | bare scan ${fmt(scan)} | ratios ${(baseline.ms / scan.ms).toFixed(2)}× / ${(health.ms / scan.ms).toFixed(2)}×`);
  }
  return results;
}
