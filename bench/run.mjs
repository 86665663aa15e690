// `npm run bench`: a benchmark, not a test. Prints wall time and peak RSS of Model Lens against the floor
// of a bare DuckDB scan (count(*) plus min/max of every column) of the same file, measured in the same run.
// Options: --quick (skip the 10M-row and 10,000-column cases), --only profile|drift|wide|wide10k|long|overtime|..., --huge (100M rows).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureDataset } from './data.mjs';

const root = new URL('..', import.meta.url).pathname;
const quick = process.argv.includes('--quick');
const onlyIdx = process.argv.indexOf('--only');
const only = onlyIdx >= 0 ? process.argv[onlyIdx + 1] : undefined;

/** Run bench/measure.cjs in a fresh process and return { ms, maxRssMiB }. */
export function measure(args) {
  const out = execFileSync(process.execPath, [`${root}bench/measure.cjs`, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const last = out.trim().split('\n').pop();
  const r = JSON.parse(last);
  if (r.code !== 0 && args[0] === 'cli' && args[1] === 'profile') throw new Error(`model-lens ${args.join(' ')} exited ${r.code}`);
  return r;
}

const fmt = (r) => `${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s), ${r.maxRssMiB.toFixed(0)} MiB`;

async function benchProfile() {
  console.log('\n## profile (1M rows × 20 columns)');
  const files = await ensureDataset('bench_1m', 1_000_000);
  for (const [format, file] of Object.entries(files)) {
    const scan = measure(['scan', file]);
    const prof = measure(['cli', 'profile', file, '--format', 'json', '--out', '/dev/null']);
    // The least a profile must compute (counts, min/max, distinct estimates, exact duplicates; on CSV also the
    // second read the histograms need): its ratio to the scan bounds what any profile on this engine can reach.
    const minimal = measure(['minimal', file]);
    console.log(`${format.padEnd(8)} profile ${fmt(prof)} | bare scan ${fmt(scan)} | ratio ${(prof.ms / scan.ms).toFixed(2)}× (target ≤ ${format === 'csv' ? '2.5' : '3'}×) | required minimum ${fmt(minimal)} = ${(minimal.ms / scan.ms).toFixed(2)}× the scan`);
  }
  if (!quick) {
    console.log('\n## profile (10M rows × 20 columns, Parquet)');
    const big = await ensureDataset('bench_10m', 10_000_000, { formats: ['parquet'] });
    const scan = measure(['scan', big.parquet]);
    const prof = measure(['cli', 'profile', big.parquet, '--format', 'json', '--out', '/dev/null']);
    console.log(`parquet  profile ${fmt(prof)} | bare scan ${fmt(scan)} | ratio ${(prof.ms / scan.ms).toFixed(2)}× | peak RSS target < 1024 MiB`);
  }
}

async function main() {
  if (!existsSync(`${root}dist/cli.js`)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  console.log(`# Model Lens benchmark — ${new Date().toISOString()} — node ${process.version}`);
  if (!only || only === 'profile') await benchProfile();
  // Further analyses register here as they land: each bench/<name>.mjs exports bench<Name>().
  for (const [name, file] of [['drift', './drift.mjs'], ['rules', './rules.mjs'], ['explain', './explain.mjs'], ['bias', './bias.mjs'], ['abtest', './abtest.mjs'], ['versions', './versions.mjs'], ['health', './health.mjs'], ['viewer', './viewer.mjs'], ['wide', './wide.mjs'], ['wide10k', './wide.mjs'], ['long', './wide.mjs'], ['warehouse', './warehouse.mjs'], ['sklearn', './sklearn.mjs'], ['evaluate', './evaluate.mjs'], ['estimates', './profileEstimates.mjs'], ['overtime', './driftOverTime.mjs'], ['sort', './sort.mjs']]) {
    if (only && only !== name) continue;
    if (!existsSync(new URL(file, import.meta.url))) continue;
    const mod = await import(file);
    const fn = mod[`bench${name[0].toUpperCase()}${name.slice(1)}`];
    // wide10k: only on its own (`--only wide`, without --quick, runs it already).
    if (typeof fn === 'function' && (name !== 'long' || !quick) && (name !== 'wide10k' || only === name)) await fn({ measure, quick });
  }
}

await main();
