// Runs one measured job in this process and prints its wall time and peak RSS as JSON on the last line.
// Usage: node bench/measure.cjs cli <model-lens args...>   |   node bench/measure.cjs scan|minimal <file>
//        node bench/measure.cjs drift-minimal <reference> <current>   |   node bench/measure.cjs windows-minimal <file> [passes]
'use strict';
const { resolve } = require('node:path');

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/i;

/** An in-memory DuckDB; the minimums use the CLI's setting (no insertion order kept), the scan DuckDB's defaults. */
async function open(config = {}) {
  const { DuckDBInstance } = require('@duckdb/node-api');
  return DuckDBInstance.create(':memory:', config);
}
const CLI_CONFIG = { preserve_insertion_order: 'false' };

/** The file as a FROM expression, and its columns as { name: quoted identifier, numeric }. */
async function describe(conn, file) {
  const lit = `'${resolve(file).replace(/'/g, "''")}'`;
  const from = file.endsWith('.parquet') ? `read_parquet(${lit})` : `read_csv(${lit})`;
  const cols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRowObjects()
    .map((r) => ({ name: `"${String(r.column_name).replace(/"/g, '""')}"`, numeric: NUMERIC.test(String(r.column_type)) }));
  return { from, cols };
}

/**
 * 'scan' (the floor): count(*) plus min/max of every column, one query.
 * 'minimal': the least a profile must compute that is not free — per column count, min, max and a HyperLogLog
 * distinct count, plus the exact number of distinct rows (duplicates) — without means, quantiles, histograms or
 * top values. On Parquet that is one query. A CSV file has no footer statistics, so the histograms' ranges are
 * only known after a full read and the data must be read twice: the minimum there is the cheaper way, loading
 * the file into a table once, then that query and a min/max pass over the numeric columns (the floor of the
 * histogram pass).
 */
async function scan(file, mode) {
  const db = await open(mode === 'scan' ? {} : CLI_CONFIG);
  const conn = await db.connect();
  const { from, cols } = await describe(conn, file);
  const names = cols.map((c) => c.name);
  if (mode === 'scan') {
    await conn.runAndReadAll(`SELECT count(*), ${names.map((c) => `min(${c}), max(${c})`).join(', ')} FROM ${from}`);
  } else {
    let rel = from;
    const csv = !file.endsWith('.parquet');
    if (csv) {
      await conn.run(`CREATE TABLE t AS SELECT * FROM ${from}`);
      rel = 't';
    }
    await conn.runAndReadAll(`SELECT count(*), ${names.map((c) => `count(${c}), min(${c}), max(${c}), approx_count_distinct(${c})`).join(', ')}, count(DISTINCT hash(${names.join(', ')})) FROM ${rel}`);
    const nums = cols.filter((c) => c.numeric).map((c) => c.name);
    if (csv && nums.length) await conn.runAndReadAll(`SELECT ${nums.map((c) => `min(${c}), max(${c})`).join(', ')} FROM ${rel}`);
  }
  conn.closeSync();
  db.closeSync();
}

/**
 * The least drift with default tests must do, both sides at once: per side the kind evidence the default-test
 * policy needs (count per column, min/max of numeric columns, HyperLogLog distinct counts of the others) and
 * every numeric value read out of DuckDB once, as exact Wasserstein distances need (in DuckDB itself, a window
 * over both samples took ~170 ms per column), with no statistic computed. CSV files are loaded into tables
 * first, as those are two passes.
 */
async function driftMinimal(files) {
  const db = await open(CLI_CONFIG);
  await Promise.all(files.map(async (file, k) => {
    const conn = await db.connect();
    const { from, cols } = await describe(conn, file);
    let rel = from;
    if (!file.endsWith('.parquet')) {
      await conn.run(`CREATE TABLE t${k} AS SELECT * FROM ${from}`);
      rel = `t${k}`;
    }
    const nums = cols.filter((c) => c.numeric).map((c) => c.name);
    const others = cols.filter((c) => !c.numeric).map((c) => c.name);
    const aggs = ['count(*)', ...cols.map((c) => `count(${c.name})`), ...nums.map((c) => `min(${c}), max(${c})`), ...others.map((c) => `approx_count_distinct(${c})`)];
    await conn.runAndReadAll(`SELECT ${aggs.join(', ')} FROM ${rel}`);
    if (nums.length) {
      const result = await conn.stream(`SELECT ${nums.map((c) => `${c}::DOUBLE`).join(', ')} FROM ${rel}`);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (let j = 0; j < nums.length; j++) chunk.getColumnVector(j);
      }
    }
    conn.closeSync();
  }));
  db.closeSync();
}

/**
 * The embedded engine's drift of one Parquet file split by date (rows before `date` against the rest), as
 * `model-lens drift --source … --where … --current-where …` does in a warehouse: the two halves are views of the
 * file, compared by the same runDrift (loaded through tsx from src/, ~1 s of the time). Optional column list.
 */
async function driftSplit([file, date, columns]) {
  require('tsx/cjs');
  const { Engine } = require('../src/core/data/engine');
  const { loadDataset } = require('../src/core/data/loadDataset');
  const { runDrift } = require('../src/core/drift/runDrift');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`drift-split: not a date: ${date}`);
  const engine = await Engine.create({ preserveInsertionOrder: false });
  const ds = await loadDataset(engine, file);
  const half = async (name, op) => {
    await engine.run(`CREATE VIEW ${name} AS SELECT * FROM ${ds.fileScan ?? ds.relation} WHERE "day" ${op} DATE '${date}'`);
    const [{ n }] = await engine.run(`SELECT count(*) AS n FROM ${name}`);
    return { ...ds, relation: name, rows: Number(n), fileScan: undefined, engineTable: false, path: `${file} (day ${op} ${date})` };
  };
  const report = await runDrift(engine, await half('ml_split_ref', '<'), await half('ml_split_cur', '>='), columns ? { columns: columns.split(',') } : {});
  if (!report.columns.length) throw new Error('drift-split: no column compared');
  engine.close();
}

/**
 * The floor of drift over time as windowPasses.ts does it (`model-lens drift FILE --time-column day --window
 * week`): a CSV loaded into a table (as the CLI does), then `passes` streamed passes (2 unless given) of every row's window key and its
 * numeric columns as doubles into JavaScript, with nothing computed on them: no plan, counts or statistics.
 */
async function windowsMinimal(file, passes) {
  const db = await open(CLI_CONFIG);
  const conn = await db.connect();
  const { from, cols } = await describe(conn, file);
  let rel = from;
  if (!file.endsWith('.parquet')) {
    await conn.run(`CREATE TABLE t AS SELECT * FROM ${from}`);
    rel = 't';
  }
  const nums = cols.filter((c) => c.numeric).map((c) => `${c.name}::DOUBLE`);
  for (let pass = 0; pass < passes; pass++) {
    const result = await conn.stream(`SELECT hash(date_trunc('week', "day"::TIMESTAMP))::DOUBLE, ${nums.join(', ')} FROM ${rel} WHERE "day" IS NOT NULL`);
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (let j = 0; j <= nums.length; j++) chunk.getColumnVector(j);
    }
  }
  conn.closeSync();
  db.closeSync();
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  let code = 0;
  if (mode === 'scan' || mode === 'minimal') {
    for (const f of rest) await scan(f, mode);
  } else if (mode === 'windows-minimal') {
    await windowsMinimal(rest[0], Number(rest[1] ?? 2));
  } else if (mode === 'drift-minimal') {
    await driftMinimal(rest);
  } else if (mode === 'drift-split') {
    await driftSplit(rest);
  } else {
    const { main: cli } = require(process.env.MODEL_LENS_BENCH_CLI || '../dist/cli.js');
    code = await cli(rest);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const usage = process.resourceUsage();
  // CPU time (user + system) of this process and its threads (DuckDB's and workers'): cpuMs / ms is the cores used.
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stdout.write(`\n${JSON.stringify({ code, ms, cpuMs, maxRssMiB: usage.maxRSS / 1024 })}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(3);
});
