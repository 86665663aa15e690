// Drift's bytes over the wire per warehouse protocol, estimated from the result rows (issue 23). The plans, and so
// the rows every engine returns, are the same on every dialect; only their encoding differs. The drift of one
// Parquet file split by date runs through a warehouse-shaped executor over the embedded DuckDB (plans sent as SQL
// text, a generated-SELECT path, no streaming), once with the ambiguous buckets integrated in SQL (now: every
// dialect) and once reading their values on the full grid (before: every dialect but PostgreSQL); each statement's
// rows are then encoded as each protocol sends them (payload only: no HTTP framing, no schema).
// `node bench/wireEstimate.cjs <file.parquet> [yyyy-mm-dd] [col1,col2]`
'use strict';
require('tsx/cjs');
const { Engine } = require('../src/core/data/engine');
const { loadDataset } = require('../src/core/data/loadDataset');
const { runDrift } = require('../src/core/drift/runDrift');
const { duckdbDialect } = require('../src/core/plan/duckdbDialect');
const { renderPlan } = require('../src/core/plan/render');

/** Each protocol's bytes for one result (rows as objects; columns in key order). */
const text = (v) => (v === null || v === undefined ? null : typeof v === 'number' ? String(v) : String(v));
const ENCODINGS = {
  // Text DataRow messages ('D', length, column count, per column length + text) and one RowDescription (~30 B a column).
  postgres: (rows, cols) => cols * 30 + rows.reduce((n, r) => n + 7 + Object.values(r).reduce((m, v) => m + 4 + (text(v)?.length ?? 0), 0), 0),
  // Trino's JSON: data: [[number or string, …], …].
  trino: (rows) => JSON.stringify(rows.map((r) => Object.values(r).map((v) => (typeof v === 'bigint' ? Number(v) : v ?? null)))).length,
  // Databricks JSON_ARRAY, INLINE disposition: every value a string.
  databricks: (rows) => JSON.stringify(rows.map((r) => Object.values(r).map(text))).length,
  // Snowflake SQL API: data as arrays of strings.
  snowflake: (rows) => JSON.stringify(rows.map((r) => Object.values(r).map(text))).length,
  // BigQuery getQueryResults: {"f":[{"v":"…"}]} per row.
  bigquery: (rows) => JSON.stringify(rows.map((r) => ({ f: Object.values(r).map((v) => ({ v: text(v) })) }))).length,
  // Athena GetQueryResults: {"Data":[{"VarCharValue":"…"}]} per row.
  athena: (rows) => JSON.stringify(rows.map((r) => ({ Data: Object.values(r).map((v) => (v === null ? {} : { VarCharValue: text(v) })) }))).length,
};

class Hosted {
  constructor(db, integrate) {
    this.db = db;
    this.dialect = duckdbDialect;
    this.engine = { name: 'duckdb-as-warehouse', local: false, label: 'DuckDB as a warehouse' };
    this.results = [];
    this.fast = integrate ? { select: (sql) => this.send(sql) } : {};
  }
  async send(sql) {
    const rows = await this.db.run(sql);
    this.results.push(rows);
    return rows;
  }
  run(plan) { return this.send(renderPlan(plan, this.dialect)); }
  runAll(plans) { return Promise.all(plans.map((p) => this.run(p))); }
}

async function main() {
  const [file, date = '2026-07-01', columns] = process.argv.slice(2);
  if (!file || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error('usage: node bench/wireEstimate.cjs <file.parquet> [yyyy-mm-dd] [col1,col2]');
  const engine = await Engine.create({ preserveInsertionOrder: false });
  const ds = await loadDataset(engine, file);
  const half = async (name, op) => {
    await engine.run(`CREATE VIEW ${name} AS SELECT * FROM ${ds.fileScan ?? ds.relation} WHERE "day" ${op} DATE '${date}'`);
    const [{ n }] = await engine.run(`SELECT count(*) AS n FROM ${name}`);
    return { ...ds, relation: name, rows: Number(n), fileScan: undefined, engineTable: false };
  };
  const [ref, cur] = [await half('ml_w_ref', '<'), await half('ml_w_cur', '>=')];
  const settings = columns ? { columns: columns.split(',') } : {};
  console.log(`drift of ${file} split at ${date} (${ref.rows.toLocaleString('en-US')} vs ${cur.rows.toLocaleString('en-US')} rows): estimated bytes over the wire (result payload)`);
  const totals = {};
  for (const [what, integrate] of [['areas in SQL, 2,560-bucket grid (now, every dialect)', true], ['values of ambiguous buckets, full grid (before: all but PostgreSQL)', false]]) {
    const exec = new Hosted(engine, integrate);
    await runDrift(exec, ref, cur, settings);
    const rows = exec.results.reduce((n, r) => n + r.length, 0);
    const per = Object.entries(ENCODINGS).map(([name, enc]) => [name, exec.results.reduce((n, r) => n + enc(r, r[0] ? Object.keys(r[0]).length : 0), 0)]);
    totals[what] = per;
    console.log(`  ${what}: ${exec.results.length} statements, ${rows.toLocaleString('en-US')} rows; ${per.map(([n, b]) => `${n} ${(b / 1e6).toFixed(2)} MB`).join(', ')}`);
  }
  engine.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
