// Warehouse benchmark (issue 23): the same rows in PostgreSQL and in a local Parquet file. Per analysis (profile,
// drift, health baseline + check): wall time, CPU (the model-lens process, and PostgreSQL's server processes), peak
// RSS of model-lens and bytes received over the wire (target: only aggregates cross it, < 10 MB per analysis), next
// to the same analysis in DuckDB on the Parquet file.
// `node bench/run.mjs --only warehouse [--rows 1000000 | --huge] [--columns a,b]`: 1M rows (bench_1m.parquet) by
// default, 10M (bench_10m.parquet), or --huge: the 100M rows of bench_100m.parquet (~16 GB in PostgreSQL, loaded once
// by bench/pgLoadParquet.mjs at ~70-100k rows/s on 2 cores; the table stays for the next run: drop it with
// `psql … -c 'DROP TABLE bench.bench_100m'`). Drift compares the table's first half year with the rest by --where /
// --current-where (no second table); DuckDB does the same split with two views of the Parquet file (measure.cjs
// drift-split). Needs the test server (`node scripts/postgres.mjs start`); skips with a message without it or disk.
import { existsSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDataset } from './data.mjs';
import { loadParquet } from './pgLoadParquet.mjs';

const root = new URL('..', import.meta.url).pathname;
const dataDir = join(root, 'bench', 'data');
/** Bytes per row the bench rows take in PostgreSQL (measured: 160 MB per 1M rows), and the disk left free for others. */
const PG_BYTES_PER_ROW = 170;
const KEEP_FREE = 10e9;
const SPLIT_DATE = '2026-07-01';
const SPLIT = `day < '${SPLIT_DATE}'`;
const SPLIT_CURRENT = `day >= '${SPLIT_DATE}'`;

function pgInfo() {
  try {
    return JSON.parse(readFileSync(join(root, '.cache', 'postgres.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

async function pgQuery(url, sql) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

/** CPU seconds used so far by the PostgreSQL server: the postmaster's own and reaped children's, plus its live children. */
function pgServerCpu(dataDirectory) {
  try {
    const tick = 100;
    const pid = Number(readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const fields = (p) => readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    const own = fields(pid);
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      try {
        const f = fields(child);
        ticks += Number(f[11]) + Number(f[12]);
      } catch { /* exited meanwhile: counted in the postmaster's children time */ }
    }
    return ticks / tick;
  } catch {
    return undefined; // another user's server, or no /proc: not measured
  }
}

export async function benchWarehouse({ measure }) {
  const argIdx = process.argv.indexOf('--rows');
  const n = argIdx >= 0 ? Number(process.argv[argIdx + 1]) : process.argv.includes('--huge') ? 100_000_000 : 1_000_000;
  const colIdx = process.argv.indexOf('--columns');
  const columns = colIdx >= 0 ? ['--columns', process.argv[colIdx + 1]] : [];
  const name = { 1_000_000: 'bench_1m', 10_000_000: 'bench_10m', 100_000_000: 'bench_100m' }[n];
  console.log(`\n## warehouse: ${n.toLocaleString('en-US')} rows in PostgreSQL vs the same rows in Parquet (DuckDB)`);
  if (!name) return console.log('skipped: --rows must be 1000000, 10000000 (bench_10m.parquet) or 100000000 (--huge, bench_100m.parquet)');
  const info = pgInfo();
  if (!info) return console.log('skipped: no PostgreSQL test server (node scripts/postgres.mjs start; needs the postgresql package)');
  const parquet = n === 100_000_000 ? join(dataDir, 'bench_100m.parquet') : (await ensureDataset(name, n, { formats: ['parquet'] })).parquet;
  if (!existsSync(parquet)) return console.log(`skipped: ${parquet} is missing (generate it with node bench/run.mjs --only long --huge)`);
  const table = `bench.${name}`;
  const [{ t }] = await pgQuery(info.url, `SELECT to_regclass('${table}') IS NOT NULL AS t`);
  if (!t) {
    const free = statfsSync(root).bavail * statfsSync(root).bsize;
    if (free - n * PG_BYTES_PER_ROW < KEEP_FREE) return console.log(`skipped: the table needs ~${(n * PG_BYTES_PER_ROW / 1e9).toFixed(1)} GB and ${(KEEP_FREE / 1e9).toFixed(0)} GB must stay free; ${(free / 1e9).toFixed(1)} GB free`);
    const r = await loadParquet(parquet, table, info.url);
    console.log(`loaded ${r.rows.toLocaleString('en-US')} rows into ${table} in ${r.seconds.toFixed(0)} s (${Math.round(r.rows / r.seconds).toLocaleString('en-US')} rows/s: DuckDB → CSV on a pipe → COPY FROM STDIN)`);
  }
  const [{ b, rows }] = await pgQuery(info.url, `SELECT pg_total_relation_size('${table}')::float8 AS b, (SELECT reltuples::float8 FROM pg_class WHERE oid = '${table}'::regclass) AS rows`);
  console.log(`table ${table}: ${(b / 1e9).toFixed(2)} GB, ~${Math.round(rows).toLocaleString('en-US')} rows; Parquet ${parquet}`);
  const u = new URL(info.url);
  const config = join(dataDir, 'warehouse.modellens.yml');
  writeFileSync(config, `sources:\n  pg:\n    engine: postgres\n    host: ${u.hostname}\n    port: ${u.port}\n    database: ${u.pathname.slice(1)}\n    user: ${u.username}\n    timeoutMs: 36000000\n    maxScanBytes: 0\n`);
  const src = ['--source', `pg:${table}`, '--config', config];
  const out = join(dataDir, 'warehouse.out.json');
  const baseline = join(dataDir, 'warehouse.baseline.json');
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  /** Runs model-lens against PostgreSQL: wall, client CPU and RSS from measure(), server CPU from /proc, bytes from the report. */
  const remote = (args, reportBytes = true) => {
    const cpu0 = pgServerCpu(info.dataDir);
    const m = measure(['cli', ...args]);
    const cpu1 = pgServerCpu(info.dataDir);
    if (m.code !== 0) throw new Error(`model-lens ${args.join(' ')} exited ${m.code}`);
    const wire = reportBytes ? JSON.parse(readFileSync(out, 'utf8')).computedIn : undefined;
    return { ...m, serverCpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) * 1000, wire };
  };
  const line = (what, r, l) => console.log(`${what.padEnd(16)} PostgreSQL ${s(r.ms)} (model-lens CPU ${s(r.cpuMs)}, server CPU ${r.serverCpuMs === undefined ? 'n/a' : s(r.serverCpuMs)}), peak RSS ${r.maxRssMiB.toFixed(0)} MiB, ${r.wire ? `${(r.wire.bytesReceived / 1e6).toFixed(2)} MB over the wire in ${r.wire.queries} queries` : 'report not read'}`
    + ` | DuckDB on Parquet ${s(l.ms)} (CPU ${s(l.cpuMs)}), peak RSS ${l.maxRssMiB.toFixed(0)} MiB`);
  const results = [];
  const only = process.argv.includes('--analyses') ? process.argv[process.argv.indexOf('--analyses') + 1].split(',') : ['drift', 'health', 'profile'];
  if (only.includes('drift')) {
    const r = remote(['drift', ...src, '--where', SPLIT, '--current-where', SPLIT_CURRENT, ...columns, '--format', 'json', '--out', out]);
    const l = measure(['drift-split', parquet, SPLIT_DATE, ...columns.slice(1)]);
    line('drift (split)', r, l);
    results.push(['drift', r]);
  }
  if (only.includes('health')) {
    const rb = remote(['baseline', ...src, '--time-column', 'day', '--out', baseline], false);
    const lb = measure(['cli', 'baseline', parquet, '--time-column', 'day', '--out', '/dev/null']);
    line('health baseline', rb, lb);
    const rc = remote(['health', ...src, '--baseline', baseline, '--now', '2026-12-31', '--format', 'json', '--out', out]);
    const lc = measure(['cli', 'health', parquet, '--baseline', baseline, '--now', '2026-12-31', '--out', '/dev/null']);
    line('health check', rc, lc);
    results.push(['health check', rc]);
  }
  if (only.includes('profile')) {
    const r = remote(['profile', ...src, '--format', 'json', '--out', out]);
    const l = measure(['cli', 'profile', parquet, '--format', 'json', '--out', '/dev/null']);
    line('profile', r, l);
    results.push(['profile', r]);
  }
  for (const [what, r] of results) {
    console.log(`${what}: ${(r.wire.bytesReceived / 1e6).toFixed(2)} MB crossed the wire (target < 10 MB): ${r.wire.bytesReceived < 10e6 ? 'met' : 'NOT met'}`);
  }
}
