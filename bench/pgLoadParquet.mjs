// Loads a Parquet file into a PostgreSQL table fast, for the warehouse benchmark (bench/warehouse.mjs):
// DuckDB reads the Parquet file and writes CSV into a named pipe, `psql` COPYs it FROM STDIN (no CSV file on
// disk, the two processes overlap). The table is UNLOGGED (a benchmark copy: no WAL). Prints rows per second.
// `node bench/pgLoadParquet.mjs <file.parquet> <schema.table> <postgres url> [rows]` (rows: the first N only).
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const PG_TYPES = { DOUBLE: 'float8', FLOAT: 'float4', BIGINT: 'bigint', INTEGER: 'integer', SMALLINT: 'smallint', VARCHAR: 'text', BOOLEAN: 'boolean', DATE: 'date', TIMESTAMP: 'timestamp' };
const quote = (n) => `"${n.replace(/"/g, '""')}"`;
const lit = (s) => `'${s.replace(/'/g, "''")}'`;

/** Creates `table` with the file's columns and copies its first `rows` rows (all when undefined); returns { rows, seconds }. */
export async function loadParquet(file, table, url, rows) {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await db.connect();
  const from = `read_parquet(${lit(file)})`;
  const cols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRowObjects().map((r) => {
    const t = PG_TYPES[String(r.column_type)];
    if (!t) throw new Error(`no PostgreSQL type for ${r.column_name} ${r.column_type}`);
    return `${quote(String(r.column_name))} ${t}`;
  });
  const [schema] = table.split('.');
  execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE SCHEMA IF NOT EXISTS ${schema}; DROP TABLE IF EXISTS ${table}; CREATE UNLOGGED TABLE ${table} (${cols.join(', ')})`]);
  const dir = mkdtempSync(join(tmpdir(), 'ml-pgload-'));
  const fifo = join(dir, 'rows.csv');
  execFileSync('mkfifo', [fifo]);
  const t0 = Date.now();
  try {
    const psql = spawn('sh', ['-c', `exec psql "$0" -v ON_ERROR_STOP=1 -qc "COPY ${table} FROM STDIN (FORMAT csv)" < "$1"`, url, fifo], { stdio: ['ignore', 'inherit', 'inherit'] });
    const done = new Promise((resolve, reject) => psql.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY exited ${code}`)))));
    await conn.run(`COPY (SELECT * FROM ${from}${rows ? ` LIMIT ${Number(rows)}` : ''}) TO ${lit(fifo)} (FORMAT csv, HEADER false)`);
    await done;
  } finally {
    conn.closeSync();
    db.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (Date.now() - t0) / 1000;
  execFileSync('psql', [url, '-qc', `ANALYZE ${table}`]);
  const n = Number(execFileSync('psql', [url, '-Atc', `SELECT count(*) FROM ${table}`], { encoding: 'utf8' }).trim());
  return { rows: n, seconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, table, url, rows] = process.argv.slice(2);
  const r = await loadParquet(file, table, url, rows ? Number(rows) : undefined);
  console.log(`loaded ${r.rows.toLocaleString('en-US')} rows into ${table} in ${r.seconds.toFixed(1)} s (${Math.round(r.rows / r.seconds).toLocaleString('en-US')} rows/s)`);
}
