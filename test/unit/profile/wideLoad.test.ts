import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';

/**
 * Issue 18: loading a wide Parquet file read in place. Each statement naming its view (`SELECT * FROM
 * read_parquet(…)`) makes DuckDB bind every column of the file (10,000 columns: pragma_table_info 1.0–2.4 CPU-s,
 * count(*) 0.6), so the load reads the columns from the catalog and counts the rows from the file's scan. The same
 * for every view: a folder or `glob:` of Parquet files, a wide CSV too large for a table.
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

  /** The statements after the view's creation that select from it or ask pragma_table_info for it (both bind it). */
  async function loadObserved(engine: Engine, path: string): Promise<{ ds: Awaited<ReturnType<typeof loadDataset>>; viewReads: string[] }> {
    const sql: string[] = [];
    observeStatements((s) => sql.push(s));
    try {
      const ds = await loadDataset(engine, path, { allowFileView: true });
      const created = sql.findIndex((s) => s.startsWith(`CREATE OR REPLACE VIEW ${ds.relation}`));
      assert.ok(created >= 0, `the view is created: ${sql.join('\n').slice(0, 500)}`);
      const name = ds.relation.replace(/"/g, '');
      return { ds, viewReads: sql.slice(created + 1).filter((s) => s.includes(`FROM ${ds.relation}`) || s.includes(`pragma_table_info('${name}')`)) };
    } finally {
      observeStatements(undefined);
    }
  }

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

  it('a folder of Parquet files (Hive partitions) and a glob: of them: the same, partition key last', async () => {
    const folder = join(dir, 'parts');
    const engine = await Engine.create({ threads: 2, preserveInsertionOrder: false });
    try {
      for (const part of [1, 2]) {
        mkdirSync(join(folder, `part=${part}`), { recursive: true });
        await engine.exec(`COPY (SELECT * FROM read_parquet('${file}')) TO '${join(folder, `part=${part}`, 'data.parquet')}' (FORMAT parquet)`);
      }
      const expected = Array.from({ length: COLS }, (_, j) => (j % 2 === 0 ? { name: `n${j}`, type: 'BIGINT' } : { name: `C${j}`, type: 'VARCHAR' }));
      const partitioned = await loadObserved(engine, folder);
      assert.deepEqual(partitioned.viewReads, []);
      assert.equal(partitioned.ds.rows, 2 * ROWS);
      assert.deepEqual(partitioned.ds.columns, [...expected, { name: 'part', type: 'BIGINT' }]);
      await partitioned.ds.release();
      const glob = await loadObserved(engine, `glob:${join(folder, '*', '*.parquet')}`);
      assert.deepEqual(glob.viewReads, []);
      assert.equal(glob.ds.rows, 2 * ROWS);
      assert.deepEqual(glob.ds.columns, [...expected, { name: 'part', type: 'BIGINT' }]);
      await glob.ds.release();
    } finally {
      engine.close();
    }
  });

  it('a wide CSV kept as a view is described from the catalog: the columns and types of the table load', async () => {
    const csv = join(dir, 'wide.csv');
    const width = 1200;
    const lines = [Array.from({ length: width }, (_, j) => `c${j}`).join(',')];
    for (let i = 0; i < 40; i++) lines.push(Array.from({ length: width }, (_, j) => (j % 3 === 0 ? String((i * 31 + j) % 17) : j % 3 === 1 ? 'xyz'[(i + j) % 3]! : ((i * j) % 101) / 4)).join(','));
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const small = await Engine.create({ memoryLimit: '128MB', threads: 1 });
    const big = await Engine.create({ memoryLimit: '4GB' });
    try {
      const { ds, viewReads } = await loadObserved(small, csv);
      assert.equal(ds.fileView, true, 'stays a view at 128 MB');
      const name = ds.relation.replace(/"/g, '');
      assert.deepEqual(viewReads.filter((s) => s.includes('pragma_table_info')), [], `not described through the view (${name})`);
      const table = await loadDataset(big, csv, { allowFileView: true });
      assert.equal(table.fileView, undefined, 'a table at 4 GB');
      assert.deepEqual(ds.columns, table.columns);
      assert.equal(ds.rows, 40);
      await ds.release();
      await table.release();
    } finally {
      small.close();
      big.close();
    }
  });
});
