// Seeded synthetic datasets for the benchmarks, generated inside DuckDB (no JS arrays), cached in bench/data/.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const dataDir = new URL('./data/', import.meta.url).pathname;

/** 20 columns: 10 normal doubles, 3 integers, 4 categoricals, a boolean, a date and an id. `seed` fixes every value. */
export function syntheticSelect(rows, seed = 42, shift = 0) {
  // u(k) is a deterministic uniform in (0,1) from the row number, the column number and the seed.
  const u = (k) => `((hash(i, ${k}, ${seed}) % 1000000007)::DOUBLE + 0.5) / 1000000007`;
  const normal = (k) => `sqrt(-2 * ln(${u(k)})) * cos(2 * pi() * ${u(k + 100)})`;
  const cols = [];
  for (let k = 0; k < 10; k++) cols.push(`round(${10 * (k + 1)} + ${k + 1} * ${normal(k)} + ${shift * (k % 3)}, 4) AS num_${k}`);
  for (let k = 0; k < 3; k++) cols.push(`floor(${u(20 + k)} * ${[100, 1000, 50][k]})::BIGINT AS int_${k}`);
  const cats = [["'a'", "'b'", "'c'"], ["'north'", "'south'", "'east'", "'west'"], ["'x1'", "'x2'", "'x3'", "'x4'", "'x5'", "'x6'", "'x7'", "'x8'"], ["'low'", "'mid'", "'high'"]];
  cats.forEach((vals, k) => cols.push(`([${vals.join(', ')}])[1 + floor(${u(30 + k)} * ${vals.length})::BIGINT] AS cat_${k}`));
  cols.push(`${u(40)} < ${0.3 + shift * 0.05} AS flag`);
  cols.push(`DATE '2026-01-01' + floor(${u(41)} * 365)::INTEGER AS day`);
  cols.push(`'id_' || i::VARCHAR AS record_id`);
  return `SELECT ${cols.join(',\n ')} FROM range(${rows}) t(i)`;
}

/** Write `name.csv` / `name.parquet` once; returns their paths. */
export async function ensureDataset(name, rows, { seed = 42, shift = 0, formats = ['csv', 'parquet'] } = {}) {
  return ensureGenerated(name, formats, `${rows} rows`, () => syntheticSelect(rows, seed, shift));
}

/** Write `name.<format>` from a SELECT (made only when a file is missing) once per format; returns their paths. */
export async function ensureGenerated(name, formats, what, select) {
  mkdirSync(dataDir, { recursive: true });
  const out = {};
  const missing = formats.filter((f) => !existsSync(join(dataDir, `${name}.${f}`)));
  if (missing.length) {
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await db.connect();
    for (const f of missing) {
      const p = join(dataDir, `${name}.${f}`);
      process.stderr.write(`generating ${p} (${what})…\n`);
      // Written under a temporary name and renamed when complete: an interrupted run leaves no truncated file
      // that a later run would take for the data set.
      const tmp = `${p}.partial`;
      await conn.run(`COPY (${select()}) TO '${tmp.replace(/'/g, "''")}' (FORMAT ${f === 'csv' ? 'csv, HEADER true' : 'parquet'})`);
      renameSync(tmp, p);
    }
    conn.closeSync();
    db.closeSync();
  }
  for (const f of formats) out[f] = join(dataDir, `${name}.${f}`);
  return out;
}

/**
 * A copy of `name` with two columns changed (num_0 shifted by half a standard deviation, cat_0's 'a' renamed 'b'):
 * comparing two versions of one table, where every other column is identical value for value.
 */
export async function ensureEditedCopy(name, formats = ['csv', 'parquet']) {
  const src = await ensureDataset(name, 0, { formats });
  const out = {};
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await db.connect();
  for (const f of formats) {
    const p = join(dataDir, `${name}_edited.${f}`);
    out[f] = p;
    if (existsSync(p)) continue;
    process.stderr.write(`generating ${p} (a copy of ${name} with two columns changed)…\n`);
    const read = f === 'csv' ? `read_csv('${src[f].replace(/'/g, "''")}')` : `read_parquet('${src[f].replace(/'/g, "''")}')`;
    await conn.run(`COPY (SELECT * REPLACE (num_0 + 0.5 AS num_0, CASE WHEN cat_0 = 'a' THEN 'b' ELSE cat_0 END AS cat_0) FROM ${read}) TO '${p.replace(/'/g, "''")}' (FORMAT ${f === 'csv' ? 'csv, HEADER true' : 'parquet'})`);
  }
  conn.closeSync();
  db.closeSync();
  return out;
}
