// Warehouse benchmark (issue 23): the same rows in PostgreSQL and in a local Parquet file; time, peak RSS and bytes
// transferred for profile and health (baseline + check) computed in PostgreSQL (only aggregates cross the wire,
// target < 10 MB per analysis), next to the same analyses in DuckDB on the Parquet file.
// `node bench/run.mjs --only warehouse [--rows N | --huge]` (default 1M rows; --huge: 100M rows, ~11 GB in PostgreSQL,
// ~1.5 GB of Parquet).
// Needs the test server (`node scripts/postgres.mjs start`); skips with a message without it or without disk.
import { existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dataDir = join(root, 'bench', 'data');

/** The rows, as one SELECT over ids 1..N that PostgreSQL and DuckDB evaluate to the same values (integer arithmetic only). */
function rowsSql(n, engine) {
  const ids = engine === 'postgres' ? `generate_series(1::bigint, ${n}::bigint) AS g(id)` : `(SELECT range + 1 AS id FROM range(${n}))`;
  const dbl = engine === 'postgres' ? 'float8' : 'DOUBLE';
  return `SELECT id,
    ((id * 2654435761) % 1000003)::${dbl} / 1000003 AS x1,
    ((id * 40503) % 65537)::${dbl} * 0.001 + 10 AS x2,
    (((id * 48271) % 2147483647) % 100000)::${dbl} / 1000 - 50 AS x3,
    ((id * 69621) % 1000)::${dbl} AS x4,
    'cat' || ((id * 7919) % 20)::text AS c1,
    'region' || ((id * 104729) % 5)::text AS c2,
    ((id * 31) % 7) = 0 AS flag,
    DATE '2026-01-01' + ((id * 13) % 300)::int AS day,
    ((id * 17) % 3 = 0)::int AS label,
    ((id * 19) % 3 = 0)::int AS pred
  FROM ${ids}`;
}

function pgInfo() {
  try {
    return JSON.parse(readFileSync(join(root, '.cache', 'postgres.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

async function pgClient(url) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

export async function benchWarehouse({ measure }) {
  const argIdx = process.argv.indexOf('--rows');
  // 1M rows by default (a short bench); --huge: 100M rows (~11 GB in PostgreSQL, an hour or more on 2 cores).
  const n = argIdx >= 0 ? Number(process.argv[argIdx + 1]) : process.argv.includes('--huge') ? 100_000_000 : 1_000_000;
  console.log(`\n## warehouse: ${n.toLocaleString('en-US')} rows in PostgreSQL vs the same rows in Parquet (DuckDB)`);
  const info = pgInfo();
  if (!info) return console.log('skipped: no PostgreSQL test server (node scripts/postgres.mjs start; needs the postgresql package)');
  const needed = n * 130 + n * 20;
  const free = statfsSync(root).bavail * statfsSync(root).bsize;
  const table = `rows_${n}`;
  const c = await pgClient(info.url);
  try {
    const have = await c.query(`SELECT to_regclass('bench.${table}') IS NOT NULL AS t`);
    if (!have.rows[0].t) {
      if (free < needed) return console.log(`skipped: ${(needed / 1e9).toFixed(1)} GB needed for the table and the Parquet file, ${(free / 1e9).toFixed(1)} GB free`);
      const t0 = Date.now();
      await c.query(`CREATE SCHEMA IF NOT EXISTS bench; CREATE UNLOGGED TABLE bench.${table} AS ${rowsSql(n, 'postgres')}; ANALYZE bench.${table}`);
      console.log(`loaded bench.${table} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    const size = (await c.query(`SELECT pg_total_relation_size('bench.${table}')::float8 AS b`)).rows[0].b;
    console.log(`table size ${(size / 1e9).toFixed(2)} GB`);
  } finally {
    await c.end();
  }
  mkdirSync(dataDir, { recursive: true });
  const parquet = join(dataDir, `warehouse_${n}.parquet`);
  if (!existsSync(parquet)) {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(`COPY (${rowsSql(n, 'duckdb')}) TO '${parquet.replace(/'/g, "''")}' (FORMAT parquet)`);
    conn.closeSync();
    db.closeSync();
  }
  const u = new URL(info.url);
  const config = join(dataDir, 'warehouse.modellens.yml');
  writeFileSync(config, `sources:\n  pg:\n    engine: postgres\n    host: ${u.hostname}\n    port: ${u.port}\n    database: ${u.pathname.slice(1)}\n    user: ${u.username}\n    timeoutMs: 36000000\n    maxScanBytes: 0\n`);
  const src = ['--source', `pg:bench.${table}`, '--config', config];
  const out = join(dataDir, 'warehouse.out.json');
  const baseline = join(dataDir, 'warehouse.baseline.json');
  const bytesOf = () => JSON.parse(readFileSync(out, 'utf8')).computedIn;
  const row = (name, remote, bytes, local) => console.log(`${name.padEnd(22)} PostgreSQL ${(remote.ms / 1000).toFixed(1)} s, ${remote.maxRssMiB.toFixed(0)} MiB, ${bytes ? `${(bytes.bytesReceived / 1e6).toFixed(2)} MB received in ${bytes.queries} queries` : ''} | DuckDB on Parquet ${(local.ms / 1000).toFixed(1)} s, ${local.maxRssMiB.toFixed(0)} MiB`);
  const pgProfile = measure(['cli', 'profile', ...src, '--out', out]);
  const profileBytes = bytesOf();
  const duckProfile = measure(['cli', 'profile', parquet, '--out', '/dev/null']);
  row('profile', pgProfile, profileBytes, duckProfile);
  const pgBaseline = measure(['cli', 'baseline', ...src, '--time-column', 'day', '--out', baseline]);
  const duckBaseline = measure(['cli', 'baseline', parquet, '--time-column', 'day', '--out', '/dev/null']);
  row('health baseline', pgBaseline, undefined, duckBaseline);
  const pgHealth = measure(['cli', 'health', ...src, '--baseline', baseline, '--now', '2026-11-01', '--out', out]);
  const healthBytes = bytesOf();
  const duckHealth = measure(['cli', 'health', parquet, '--baseline', baseline, '--now', '2026-11-01', '--out', '/dev/null']);
  row('health check', pgHealth, healthBytes, duckHealth);
  const pgBias = measure(['cli', 'bias', ...src, '--sensitive', 'c1,c2', '--label', 'label', '--prediction', 'pred', '--out', out]);
  const biasBytes = bytesOf();
  const duckBias = measure(['cli', 'bias', parquet, '--sensitive', 'c1,c2', '--label', 'label', '--prediction', 'pred', '--out', '/dev/null']);
  row('bias audit', pgBias, biasBytes, duckBias);
  // Drift of the first 150 days against the rest, in PostgreSQL (a file has no --where: DuckDB is not timed here).
  const pgDrift = measure(['cli', 'drift', ...src, '--where', "day < '2026-05-31'", '--current-where', "day >= '2026-05-31'", '--out', out]);
  const driftBytes = bytesOf();
  console.log(`${'drift (two halves)'.padEnd(22)} PostgreSQL ${(pgDrift.ms / 1000).toFixed(1)} s, ${pgDrift.maxRssMiB.toFixed(0)} MiB, ${(driftBytes.bytesReceived / 1e6).toFixed(2)} MB received in ${driftBytes.queries} queries`);
  for (const [name, b] of [['profile', profileBytes], ['health check', healthBytes], ['bias audit', biasBytes], ['drift', driftBytes]]) {
    console.log(`${name}: ${(b.bytesReceived / 1e6).toFixed(2)} MB crossed the wire (target < 10 MB): ${b.bytesReceived < 10e6 ? 'met' : 'NOT met'}`);
  }
}
