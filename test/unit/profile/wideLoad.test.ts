import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';

/**
 * Issue 18: loading a wide Parquet file read in place. Each statement naming its view (`SELECT * FROM
 * read_parquet(…)`) makes DuckDB bind every column of the file (10,000 columns: pragma_table_info 1.0–2.4 CPU-s,
 * count(*) 0.6), so the load reads the columns from the catalog and counts the rows from the file's scan.
 */
describe('wide Parquet load: schema and row count without reading the view', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-load-'));
  const file = join(dir, 'wide.parquet');
  const COLS = 2100; // more than one 2,048-row vector of column descriptions: their order must hold
  const ROWS = 37;
  before(async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const defs = Array.from({ length: COLS }, (_, j) => (j % 2 === 0 ? `(i * ${j})::BIGINT AS "n${j}"` : `'t' || (i % ${j}) AS "C${j}"`));
      await engine.exec(`COPY (SELECT ${defs.join(', ')} FROM range(${ROWS}) r(i)) TO '${file}' (FORMAT parquet)`);
    } finally {
      engine.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('no statement after the view is created selects from it or asks pragma_table_info; columns in file order, rows counted', async () => {
    const engine = await Engine.create({ threads: 2, preserveInsertionOrder: false });
    const sql: string[] = [];
    observeStatements((s) => sql.push(s));
    try {
      const ds = await loadDataset(engine, file, { allowFileView: true });
      observeStatements(undefined);
      const created = sql.findIndex((s) => s.startsWith(`CREATE OR REPLACE VIEW ${ds.relation}`));
      assert.ok(created >= 0, `the view is created: ${sql.join('\n').slice(0, 500)}`);
      const name = ds.relation.replace(/"/g, '');
      const viewReads = sql.slice(created + 1).filter((s) => s.includes(`FROM ${ds.relation}`) || s.includes(`pragma_table_info('${name}')`));
      assert.deepEqual(viewReads, []);
      assert.equal(ds.rows, ROWS);
      assert.deepEqual(ds.columns, Array.from({ length: COLS }, (_, j) => (j % 2 === 0 ? { name: `n${j}`, type: 'BIGINT' } : { name: `C${j}`, type: 'VARCHAR' })));
      await ds.release();
    } finally {
      observeStatements(undefined);
      engine.close();
    }
  });
});
