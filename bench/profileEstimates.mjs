// `node bench/run.mjs --only estimates` (also in `npm run bench`): what the profile's estimates above the
// exact-size limit save and cost. Per file, back-to-back rounds of: bare scan, profile (estimates), profile
// --exact; printed as ratios of runs taken in the same round (the machine is shared), with CPU/wall. Then the
// accuracy of each estimate against the --exact report of the same file: duplicate rows (on a copy of the 1M
// file with ~2% rows repeated), distinct counts, and quantile estimates (value error in standard deviations,
// and the rank error: where the estimate falls among the exact order statistics, counted by DuckDB).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { dataDir, ensureDataset } from './data.mjs';

const LEVELS = { p1: 0.01, p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 };
const s = (r) => `${(r.ms / 1000).toFixed(2)} s (CPU/wall ${(r.cpuMs / r.ms).toFixed(2)}, ${r.maxRssMiB.toFixed(0)} MiB)`;

/** A copy of `file` with about 1 in 50 rows repeated once (and 1 in 1000 four more times), as Parquet. */
async function ensureWithDuplicates(file, name) {
  const out = join(dataDir, `${name}.parquet`);
  if (existsSync(out)) return out;
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await db.connect();
  const src = `read_parquet('${file.replace(/'/g, "''")}')`;
  process.stderr.write(`generating ${out}…\n`);
  await c.run(`COPY (SELECT * FROM ${src} UNION ALL SELECT t.* FROM ${src} t WHERE hash(t) % 50 = 0
    UNION ALL SELECT t.* FROM ${src} t, range(4) k WHERE hash(t) % 1000 = 1) TO '${out.replace(/'/g, "''")}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
  return out;
}

async function rankErrors(file, approx) {
  const cols = approx.columns.filter((c) => c.numeric?.approximateQuantiles);
  if (!cols.length) return { worst: null, n: 0 };
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const c = await db.connect();
  const lit = `'${file.replace(/'/g, "''")}'`;
  const from = file.endsWith('.parquet') ? `read_parquet(${lit})` : `read_csv(${lit})`;
  const sel = [];
  cols.forEach((col, i) => Object.entries(LEVELS).forEach(([k, _p], j) => {
    const q = col.numeric.quantiles[k];
    const x = `"${col.name.replace(/"/g, '""')}"::DOUBLE`;
    sel.push(`count(*) FILTER (WHERE ${x} < ${q}) AS lt_${i}_${j}`, `count(*) FILTER (WHERE ${x} <= ${q}) AS le_${i}_${j}`, ...(j === 0 ? [`count(${x}) FILTER (WHERE isfinite(${x})) AS n_${i}`] : []));
  }));
  const r = (await c.runAndReadAll(`SELECT ${sel.join(', ')} FROM ${from}`)).getRowObjects()[0];
  let worst = 0;
  cols.forEach((_col, i) => Object.values(LEVELS).forEach((p, j) => {
    const n = Number(r[`n_${i}`]);
    const lt = Number(r[`lt_${i}_${j}`]) / n;
    const le = Number(r[`le_${i}_${j}`]) / n;
    worst = Math.max(worst, p < lt ? lt - p : p > le ? p - le : 0);
  }));
  c.closeSync();
  db.closeSync();
  return { worst, n: cols.length };
}

function accuracy(est, exact) {
  const lines = [];
  const d = est.duplicateRowsEstimate;
  if (d) {
    const err = est.duplicateRows - exact.duplicateRows;
    lines.push(`duplicate rows: estimate ${est.duplicateRows} vs exact ${exact.duplicateRows} (error ${err >= 0 ? '+' : ''}${err} = ${exact.duplicateRows ? ((100 * err) / exact.duplicateRows).toFixed(2) : '—'}%; stated: ${d.relativeError === null ? `none in the 1-in-${d.sampleRate} sample of distinct rows` : `±${(100 * d.relativeError).toFixed(2)}% one s.e., error = ${(err / d.standardError).toFixed(2)} s.e.`})`);
  }
  let worstDistinct = 0;
  let stated = 0;
  let nd = 0;
  let worstSd = 0;
  est.columns.forEach((c, i) => {
    const x = exact.columns[i];
    if (c.approximateDistinct) {
      nd++;
      const rel = Math.abs(c.distinct - x.distinct) / x.distinct;
      if (rel >= worstDistinct) [worstDistinct, stated] = [rel, c.distinctRelativeError ?? NaN];
    }
    if (c.numeric?.approximateQuantiles && x.numeric?.std) {
      for (const k of Object.keys(LEVELS)) worstSd = Math.max(worstSd, Math.abs(c.numeric.quantiles[k] - x.numeric.quantiles[k]) / x.numeric.std);
    }
  });
  if (nd) lines.push(`distinct counts (${nd} estimated columns): worst error ${(100 * worstDistinct).toFixed(2)}% (that column's stated ±${(100 * stated).toFixed(2)}% one s.e.)`);
  if (worstSd) lines.push(`quantiles: worst |estimate − exact| = ${worstSd.toPrecision(2)} standard deviations`);
  return lines;
}

export async function benchEstimates({ measure, quick = false }) {
  const one = await ensureDataset('bench_1m', 1_000_000);
  const files = [['1M parquet', one.parquet], ['1M csv', one.csv], ['1M parquet, ~2% duplicate rows', await ensureWithDuplicates(one.parquet, 'bench_1m_dups')]];
  if (!quick) files.push(['10M parquet', (await ensureDataset('bench_10m', 10_000_000, { formats: ['parquet'] })).parquet]);
  const rounds = quick ? 1 : 2;
  const dir = mkdtempSync(join(tmpdir(), 'ml-bench-est-'));
  console.log('\n## profile estimates above the exact-size limit (200,000 rows): estimates vs --exact vs a bare scan');
  try {
    for (const [what, file] of files) {
      const estOut = join(dir, 'est.json');
      const exOut = join(dir, 'exact.json');
      for (let k = 0; k < rounds; k++) {
        const scan = measure(['scan', file]);
        const est = measure(['cli', 'profile', file, '--format', 'json', '--out', estOut]);
        const exact = measure(['cli', 'profile', file, '--exact', '--format', 'json', '--out', exOut]);
        console.log(`${what} round ${k + 1}: scan ${s(scan)} | profile ${s(est)} = ${(est.ms / scan.ms).toFixed(2)}× scan (CPU ${(est.cpuMs / scan.cpuMs).toFixed(2)}×) | --exact ${s(exact)} = ${(exact.ms / scan.ms).toFixed(2)}× scan (CPU ${(exact.cpuMs / scan.cpuMs).toFixed(2)}×) | estimates save ${(100 * (1 - est.ms / exact.ms)).toFixed(0)}% wall, ${(100 * (1 - est.cpuMs / exact.cpuMs)).toFixed(0)}% CPU`);
      }
      const e = JSON.parse(readFileSync(estOut, 'utf8'));
      const x = JSON.parse(readFileSync(exOut, 'utf8'));
      for (const l of accuracy(e, x)) console.log(`  ${l}`);
      const rank = await rankErrors(file, e);
      if (rank.n) console.log(`  quantiles (${rank.n} columns × 7 levels): worst rank error ${(100 * rank.worst).toFixed(3)}% of rows (stated bound up to ±${(100 * Math.max(...e.columns.map((c) => c.numeric?.quantileRankError ?? 0))).toFixed(3)}%)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
