// Drift over time (issue 18), called by bench/drift.mjs (1M rows) and bench/wide.mjs (--only long: 10M rows):
// `model-lens drift FILE --time-column day --window week` (52 weekly windows, each against the first) against a
// bare scan of the file and, on CSV, the pandas + scipy peer computing the same scores window by window
// (bench/drift_windows_pandas.py), whose scores are compared with Model Lens' report.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDataset } from './data.mjs';

const root = new URL('..', import.meta.url).pathname;
const fmt = (r) => `${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s = ${(r.cpuMs / r.ms).toFixed(2)}× wall), ${r.maxRssMiB.toFixed(0)} MiB`;
const verdict = (ok) => (ok ? 'met' : 'NOT MET');

/** Wall, CPU (GNU time's user + system) and peak RSS of the peer, and its scores. */
export function peerWindows(csv) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '/usr/bin/python3', `${root}bench/drift_windows_pandas.py`, csv, 'day'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`drift_windows_pandas.py failed: ${r.stderr}`);
  const [kib, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpuMs: (user + sys) * 1000, maxRssMiB: kib / 1024, windows: JSON.parse(r.stdout) };
}

/** Largest |Model Lens − peer| over every window and column the peer scored (relative above 1), and how many. */
export function scoreAgreement(report, peer) {
  if (report.windows.length !== peer.length) return { maxDiff: Infinity, compared: 0, note: `${report.windows.length} vs ${peer.length} windows` };
  let maxDiff = 0;
  let compared = 0;
  report.windows.forEach((w, i) => {
    if (!w.start.startsWith(peer[i].start)) maxDiff = Infinity;
    for (const c of w.columns) {
      const p = peer[i].scores[c.column];
      if (p === undefined) continue;
      maxDiff = Math.max(maxDiff, Math.abs(c.score - p) / Math.max(1, Math.abs(p)));
      compared++;
    }
  });
  return { maxDiff, compared };
}

export async function benchDriftOverTime({ measure, files, label, withPeer, maxWallMs, maxRssMiB }) {
  console.log(`\n## drift over time (${label} rows × 20 columns, --time-column day --window week: 52 windows, each against the first)`);
  const dir = mkdtempSync(join(tmpdir(), 'ml-bench-overtime-'));
  const results = {};
  for (const [format, file] of Object.entries(files)) {
    const out = join(dir, `${format}.json`);
    const scan = measure(['scan', file]);
    const ml = measure(['cli', 'drift', file, '--time-column', 'day', '--window', 'week', '--format', 'json', '--out', out]);
    if (ml.code !== 0 && ml.code !== 1) throw new Error(`model-lens drift --window week exited ${ml.code}`);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    // The floor of this design: loading (CSV) and one streamed pass alone (values kept in memory: keptValues.ts),
    // nothing computed; above the kept values' budget (10M rows) part of the columns is read a second time.
    const floor = measure(['windows-minimal', file, '1']);
    const parts = [`${format.padEnd(8)} drift over time ${fmt(ml)}, ${report.windows.length} windows`, `scan ${fmt(scan)} → ${(ml.ms / scan.ms).toFixed(2)}× wall, ${(ml.cpuMs / scan.cpuMs).toFixed(2)}× CPU`, `floor (one streamed pass, nothing computed) ${fmt(floor)}`];
    if (maxWallMs) parts.push(`target < ${maxWallMs / 1000} s: ${verdict(ml.ms < maxWallMs)}`);
    if (maxRssMiB) parts.push(`peak RSS ≤ ${maxRssMiB} MiB: ${verdict(ml.maxRssMiB <= maxRssMiB)}`);
    results[format] = { ml, scan, floor };
    if (withPeer && format === 'csv') {
      const peer = peerWindows(file);
      const agree = scoreAgreement(report, peer.windows);
      parts.push(`pandas+scipy window by window ${fmt(peer)} → ${(peer.ms / ml.ms).toFixed(2)}× faster wall, ${(peer.cpuMs / ml.cpuMs).toFixed(2)}× CPU (target ≥ 5×: ${verdict(peer.ms / ml.ms >= 5)})`);
      parts.push(`scores agree to ${agree.maxDiff.toExponential(1)} over ${agree.compared} (target 1e-12: ${verdict(agree.maxDiff <= 1e-12)})`);
      Object.assign(results[format], { peer, agree });
    }
    console.log(parts.join(' | '));
  }
  return results;
}

/**
 * Drift over time alone (`node bench/run.mjs --only overtime`): 1M rows, Parquet and CSV with the pandas peer,
 * then (without --quick) the 52 weekly windows over 10M rows (target < 15 s), without the rest of `--only long`.
 */
export async function benchOvertime({ measure, quick = false }) {
  const small = await ensureDataset('bench_1m', 1_000_000);
  const results = { small: await benchDriftOverTime({ measure, files: { parquet: small.parquet, csv: small.csv }, label: '1M', withPeer: true }) };
  if (!quick) {
    const big = await ensureDataset('bench_10m', 10_000_000, { formats: ['parquet'] });
    results.big = await benchDriftOverTime({ measure, files: { parquet: big.parquet }, label: '10M', withPeer: false, maxWallMs: 15000, maxRssMiB: 1536 });
  }
  return results;
}
