// Runs one measured job in this process and prints its wall time and peak RSS as JSON on the last line.
// Usage: node bench/measure.cjs cli <model-lens args...>   |   node bench/measure.cjs scan|minimal <file>
'use strict';
const { resolve } = require('node:path');

/**
 * One DuckDB query over the file. 'scan': count(*) plus min/max of every column (the floor). 'minimal': the
 * least a profile must report in one query — per column count, min, max and a HyperLogLog distinct count, plus
 * the exact number of distinct rows (duplicates) — without means, quantiles, histograms or top values.
 */
async function scan(file, mode = 'scan') {
  const { DuckDBInstance } = require('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const lit = `'${resolve(file).replace(/'/g, "''")}'`;
  const from = file.endsWith('.parquet') ? `read_parquet(${lit})` : `read_csv(${lit})`;
  const cols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)).getRowObjects().map((r) => `"${String(r.column_name).replace(/"/g, '""')}"`);
  const aggs = mode === 'minimal'
    ? `${cols.map((c) => `count(${c}), min(${c}), max(${c}), approx_count_distinct(${c})`).join(', ')}, count(DISTINCT hash(${cols.join(', ')}))`
    : cols.map((c) => `min(${c}), max(${c})`).join(', ');
  await conn.runAndReadAll(`SELECT count(*), ${aggs} FROM ${from}`);
  conn.closeSync();
  db.closeSync();
  return 0;
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  let code;
  if (mode === 'scan' || mode === 'minimal') {
    for (const f of rest) await scan(f, mode);
    code = 0;
  } else {
    const { main: cli } = require('../dist/cli.js');
    code = await cli(rest);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`\n${JSON.stringify({ code, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(3);
});
