// Wide and long data (issue 18), called by bench/run.mjs (`npm run bench -- --only wide|long`): seeded tables
// generated inside DuckDB (bench/data/, git-ignored) and every target with its ratio, CPU time / wall and peak RSS.
// Wide: numeric, categorical, boolean, text and mostly-empty columns mixed, plus label/prediction/score and three
// sensitive attributes for the bias audit. Long: 10M rows (and 100M with --huge: ~2–3 GB of Parquet).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDataset, ensureEditedCopy, ensureGenerated } from './data.mjs';
import { benchDriftOverTime } from './driftOverTime.mjs';

const root = new URL('..', import.meta.url).pathname;
const fmt = (r) => `${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s = ${(r.cpuMs / r.ms).toFixed(2)}× wall), ${r.maxRssMiB.toFixed(0)} MiB`;
const verdict = (ok) => (ok ? 'met' : 'NOT MET');

/** The SELECT of a wide table: `cols` feature columns of five kinds (k mod 10), shifted by `shift` in the numeric ones. */
export function wideSelect(rows, cols, seed = 5, shift = 0) {
  const u = (k) => `((hash(i, ${k}, ${seed}) % 1000000007)::DOUBLE + 0.5) / 1000000007`;
  const out = [];
  for (let j = 0; j < cols; j++) {
    const kind = j % 10;
    if (kind < 4) out.push(`round(${(j % 7) + 1} * sqrt(-2 * ln(${u(2 * j)})) * cos(6.283185307179586 * ${u(2 * j + 1)}) + ${j % 13} + ${shift * (j % 2)}, 3) AS f${j}`);
    else if (kind < 6) out.push(`(['a', 'b', 'c', 'd', 'e'])[1 + floor(${u(2 * j)} * ${3 + (j % 3)})::BIGINT] AS f${j}`);
    else if (kind === 6) out.push(`${u(2 * j)} < 0.3 AS f${j}`);
    else if (kind === 7) out.push(`'note ' || floor(${u(2 * j)} * 1000)::BIGINT::VARCHAR || ' of ' || floor(${u(2 * j + 1)} * 50)::BIGINT::VARCHAR AS f${j}`);
    else out.push(`CASE WHEN ${u(2 * j)} < 0.95 THEN NULL ELSE round(${u(2 * j + 1)} * 100, 2) END AS f${j}`);
  }
  const g = (k) => `((hash(i, ${k}, 99) % 1000000007)::DOUBLE + 0.5) / 1000000007`;
  out.push(`CASE WHEN ${g(1)} < 0.5 THEN 'female' ELSE 'male' END AS gender`);
  out.push(`(['white', 'black', 'asian', 'hispanic'])[1 + floor(${g(2)} * 4)::BIGINT] AS race`);
  out.push(`(['18-29', '30-44', '45-64', '65+'])[1 + floor(${g(3)} * 4)::BIGINT] AS age_band`);
  out.push(`(${g(4)} < 0.4)::INTEGER AS label`, `round(${g(5)} * 0.6 + (${g(4)} < 0.4)::INTEGER * 0.3, 4) AS score`, `(round(${g(5)} * 0.6 + (${g(4)} < 0.4)::INTEGER * 0.3, 4) >= 0.5)::INTEGER AS pred`);
  return `SELECT ${out.join(',\n ')} FROM range(${rows}) t(i)`;
}

export async function ensureWide(name, rows, cols, { seed = 5, shift = 0, formats = ['csv', 'parquet'] } = {}) {
  return ensureGenerated(name, formats, `${rows} rows × ${cols} columns`, () => wideSelect(rows, cols, seed, shift));
}

function pandasDrift(ref, cur, scores) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', '/usr/bin/python3', `${root}bench/drift_pandas.py`, ref, cur, ...(scores ? [scores] : [])], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`drift_pandas.py failed: ${r.stderr}`);
  const [kib, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { ms, cpuMs: (user + sys) * 1000, maxRssMiB: kib / 1024, out: r.stdout.trim() };
}

/** Model Lens's scores (a drift report) against the peer's (column → score): columns in both, max |difference|, and the columns only one tested. */
export function scoreAgreement(reportFile, scoresFile) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const peer = new Map(Object.entries(JSON.parse(readFileSync(scoresFile, 'utf8'))));
  const ours = new Map([...report.columns, ...(report.target ? [report.target] : []), ...(report.prediction ? [report.prediction] : [])].filter((c) => c.score !== null).map((c) => [c.column, c.score]));
  let maxDiff = 0;
  let worst = '';
  let both = 0;
  for (const [c, s] of ours) {
    if (!peer.has(c)) continue;
    both++;
    const d = Math.abs(s - peer.get(c));
    if (d > maxDiff) [maxDiff, worst] = [d, c];
  }
  return { both, maxDiff, worst, onlyOurs: [...ours.keys()].filter((c) => !peer.has(c)), onlyPeer: [...peer.keys()].filter((c) => !ours.has(c)) };
}

/** Prints one target line: what, Model Lens, the floor, the ratio and whether the target holds. */
function line(what, ml, floor, { maxRatio, maxRssMiB, minSpeedup } = {}) {
  const parts = [`${what}: ${fmt(ml)}`];
  // Wall and CPU ratios side by side: on a busy machine the wall ratio follows the other processes, the CPU ratio does not.
  if (floor && maxRatio !== undefined) parts.push(`scan ${fmt(floor)} → ${(ml.ms / floor.ms).toFixed(2)}× wall, ${(ml.cpuMs / floor.cpuMs).toFixed(2)}× CPU (target ≤ ${maxRatio}×: ${verdict(ml.ms / floor.ms <= maxRatio)} by wall, ${verdict(ml.cpuMs / floor.cpuMs <= maxRatio)} by CPU)`);
  if (floor && minSpeedup !== undefined) parts.push(`pandas+scipy ${fmt(floor)} → ${(floor.ms / ml.ms).toFixed(1)}× faster (target ≥ ${minSpeedup}×: ${verdict(floor.ms / ml.ms >= minSpeedup)})`);
  if (maxRssMiB !== undefined) parts.push(`RSS target ≤ ${maxRssMiB} MiB: ${verdict(ml.maxRssMiB <= maxRssMiB)}`);
  console.log(parts.join(' | '));
}

export async function benchWide({ measure, quick = false }) {
  const results = {};
  const rows = 100_000;
  console.log('\n## wide: 1,000 columns × 100k rows');
  const ref = await ensureWide('wide_1000x100k', rows, 1000);
  const cur = await ensureWide('wide_1000x100k_cur', rows, 1000, { seed: 6, shift: 0.5 });
  for (const format of ['parquet', 'csv']) {
    const scan = measure(['scan', ref[format]]);
    const prof = measure(['cli', 'profile', ref[format], '--format', 'json', '--out', '/dev/null']);
    line(`profile ${format}`, prof, scan, { maxRatio: 3, maxRssMiB: 1024 });
    results[`profile_${format}`] = { prof, scan };
  }
  {
    // A multi-file dataset: both Parquet files (the same 1,000 columns, 200k rows) as one `glob:`, against the scan of both.
    const scan = measure(['scan', ref.parquet, cur.parquet]);
    const prof = measure(['cli', 'profile', `glob:${ref.parquet.replace(/\.parquet$/, '*.parquet')}`, '--format', 'json', '--out', '/dev/null']);
    line('profile parquet glob: (2 files)', prof, scan, { maxRatio: 3, maxRssMiB: 1024 });
    results.profile_glob = { prof, scan };
  }
  const dir = mkdtempSync(join(tmpdir(), 'ml-bench-wide-'));
  // Drift 1,000 vs 1,000 columns (issue 18): each format against the scan of both files, and the pandas + scipy
  // peer (CSV only: no pyarrow here) run once, its scores compared with Model Lens's report of the same CSV files.
  const drifts = {};
  for (const format of ['parquet', 'csv']) {
    const scanBoth = measure(['scan', ref[format], cur[format]]);
    const report = join(dir, `drift.${format}.json`);
    const d = measure(['cli', 'drift', ref[format], cur[format], '--format', 'json', '--out', report]);
    if (d.code !== 0 && d.code !== 1) throw new Error(`model-lens drift (wide ${format}) exited ${d.code}`);
    line(`drift ${format} (1,000 vs 1,000 columns)`, d, scanBoth, { maxRatio: 3 });
    drifts[format] = { drift: d, scan: scanBoth, report };
  }
  const scores = join(dir, 'peer.scores.json');
  const pandas = pandasDrift(ref.csv, cur.csv, scores);
  for (const format of ['parquet', 'csv']) line(`drift ${format} vs the peer on the CSV files`, drifts[format].drift, pandas, { minSpeedup: 10 });
  const agree = scoreAgreement(drifts.csv.report, scores);
  console.log(`  pandas+scipy: ${pandas.out}; scores of ${agree.both} columns agree with Model Lens's to max |Δ| ${agree.maxDiff.toExponential(2)}${agree.worst ? ` (${agree.worst})` : ''}; tested by one side only: ${agree.onlyOurs.length + agree.onlyPeer.length}${agree.onlyOurs.length + agree.onlyPeer.length ? ` (${[...agree.onlyOurs, ...agree.onlyPeer].slice(0, 5).join(', ')})` : ''}`);
  const drift = drifts.parquet.drift;
  const driftCsv = drifts.csv.drift;
  const scan2 = drifts.parquet.scan;
  const base = join(dir, 'baseline.json');
  const baseline = measure(['cli', 'baseline', ref.parquet, '--out', base]);
  const health = measure(['cli', 'health', cur.parquet, '--baseline', base, '--out', '/dev/null']);
  line('baseline', baseline);
  line('health', health);
  const bias = measure(['cli', 'bias', ref.parquet, '--sensitive', 'gender,race,age_band', '--label', 'label', '--prediction', 'pred', '--out', '/dev/null']);
  line('bias (3 sensitive columns among 1,000)', bias);
  const rules = join(dir, 'wide.rules.yml');
  writeFileSync(rules, 'rules:\n  - id: score-range\n    expr: score between 0 and 1\n  - id: f0-sane\n    expr: f0 > -100 or f0 is null\n    severity: warning\n');
  const validate = measure(['cli', 'validate', ref.parquet, '--rules', rules, '--out', '/dev/null']);
  line('validate', validate);
  Object.assign(results, { drift, driftCsv, scan2, scanCsv: drifts.csv.scan, pandas, agreement: agree, baseline, health, bias, validate });
  if (!quick) Object.assign(results, await benchWide10k({ measure }));
  return results;
}

/**
 * Profile 10,000 columns × 10k rows, Parquet and CSV, and drift of the CSV (issue 18): wall, CPU, peak RSS, the scan
 * and both ratios.
 * Alone: `node bench/run.mjs --only wide10k` (part of `--only wide` without --quick).
 */
export async function benchWide10k({ measure }) {
  const results = {};
  console.log('\n## wide: 10,000 columns × 10k rows');
  const huge = await ensureWide('wide_10000x10k', 10_000, 10_000);
  for (const format of ['parquet', 'csv']) {
    const scan = measure(['scan', huge[format]]);
    const prof = measure(['cli', 'profile', huge[format], '--format', 'json', '--out', '/dev/null']);
    line(`profile ${format}`, prof, scan, { maxRatio: 3, maxRssMiB: 1536 });
    results[`profile10k_${format}`] = { prof, scan };
  }
  // Drift of the CSV against itself (issue 18: out of engine memory at 1 GB in the sniffs of both files at once and then
  // in both sides' grid passes): the files load one after the other, the wide streams run one at a time.
  const scanBoth = measure(['scan', huge.csv, huge.csv]);
  const drift = measure(['cli', 'drift', huge.csv, huge.csv, '--format', 'json', '--out', '/dev/null']);
  if (drift.code !== 0 && drift.code !== 1) console.log(`drift csv (10,000 vs 10,000 columns): FAILED, exit ${drift.code}`);
  else line('drift csv (10,000 vs 10,000 columns, the file against itself)', drift, scanBoth, { maxRatio: 3, maxRssMiB: 1536 });
  results.drift10k_csv = { drift, scan: scanBoth };
  return results;
}

export async function benchLong({ measure, huge = process.argv.includes('--huge') }) {
  const results = {};
  console.log('\n## long: 10M rows × 20 columns (Parquet)');
  const big = await ensureDataset('bench_10m', 10_000_000, { formats: ['parquet'] });
  const bigCur = await ensureDataset('bench_10m_drift', 10_000_000, { seed: 43, shift: 0.3, formats: ['parquet'] });
  const scan = measure(['scan', big.parquet]);
  const prof = measure(['cli', 'profile', big.parquet, '--format', 'json', '--out', '/dev/null']);
  line('profile 10M', prof, scan, { maxRatio: 3 });
  console.log(`  CPU time / wall ${(prof.cpuMs / prof.ms).toFixed(2)} (target ≥ 1.5: ${verdict(prof.cpuMs / prof.ms >= 1.5)})`);
  const scan2 = measure(['scan', big.parquet, bigCur.parquet]);
  const drift = measure(['cli', 'drift', big.parquet, bigCur.parquet, '--format', 'json', '--out', '/dev/null']);
  line('drift 10M vs 10M', drift, scan2, { maxRatio: 3, maxRssMiB: 1536 });
  const edited = await ensureEditedCopy('bench_10m', ['parquet']);
  const driftEdited = measure(['cli', 'drift', big.parquet, edited.parquet, '--format', 'json', '--out', '/dev/null']);
  line('drift 10M vs an edited copy (two columns changed)', driftEdited, scan2, { maxRatio: 3, maxRssMiB: 1536 });
  Object.assign(results, { prof, scan, drift, scan2, driftEdited });
  results.overTime = await benchDriftOverTime({ measure, files: { parquet: big.parquet }, label: '10M', withPeer: false, maxWallMs: 15000, maxRssMiB: 1536 });
  if (huge) {
    console.log('\n## long: 100M rows × 20 columns (Parquet, --huge)');
    const h = await ensureDataset('bench_100m', 100_000_000, { formats: ['parquet'] });
    const hc = await ensureDataset('bench_100m_drift', 100_000_000, { seed: 43, shift: 0.3, formats: ['parquet'] });
    const s = measure(['scan', h.parquet]);
    line('profile 100M', measure(['cli', 'profile', h.parquet, '--format', 'json', '--out', '/dev/null']), s, { maxRssMiB: 2048 });
    line('drift 100M vs 100M', measure(['cli', 'drift', h.parquet, hc.parquet, '--format', 'json', '--out', '/dev/null']), s, { maxRssMiB: 2048 });
    const dir = mkdtempSync(join(tmpdir(), 'ml-bench-long-'));
    line('baseline 100M', measure(['cli', 'baseline', h.parquet, '--out', join(dir, 'b.json')]), s, { maxRssMiB: 2048 });
    line('health 100M', measure(['cli', 'health', hc.parquet, '--baseline', join(dir, 'b.json'), '--out', '/dev/null']), s, { maxRssMiB: 2048 });
  }
  return results;
}
