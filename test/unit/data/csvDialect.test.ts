import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { quoteLiteral } from '../../../src/core/data/sql';

/**
 * Issue 18: a delimited file is sniffed once (data/csvDialect.ts) and every later read pins the dialect and the
 * column types. The reference is DuckDB's own auto-detecting read of the file with the options a load uses.
 */
describe('CSV read with a pinned dialect: the types and names of an auto-detecting read', function () {
  this.timeout(600000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-csv-dialect-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 1 }); });
  after(() => engine.close());

  const autoTypes = async (path: string) =>
    (await engine.run(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE SELECT * FROM read_csv(${quoteLiteral(path)}, header = true, store_rejects = true))`)).map((r) => `${String(r['name'])}:${String(r['type'])}`);

  it('odd header names (__proto__, quotes, commas, unicode, duplicates, empty) keep the reader\'s names and types', async () => {
    const path = join(dir, 'odd.csv');
    writeFileSync(path, 'a,"b,c",__proto__,"q""x",é,a,A,,constructor\n1,x,2020-01-02,true,1.5,3,4,z,2020-01-02 10:00:00\n2,y,2020-01-03,false,2.5,5,6,w,2020-01-03 11:30:00\n');
    const ds = await loadDataset(engine, path);
    try {
      assert.deepEqual(ds.columns.map((c) => `${c.name}:${c.type}`), await autoTypes(path));
      assert.ok(ds.columns.some((c) => c.name === '__proto__' && c.type === 'DATE'));
      const rows = await engine.run(`SELECT * FROM ${ds.relation} ORDER BY 1`);
      assert.equal(rows.length, 2);
      assert.equal(String(rows[1]!['q"x']), 'false');
    } finally {
      await ds.release();
    }
  });

  it('late rows beyond the sniffed sample: text in an integer column is read as text with its line, as before', async () => {
    const path = join(dir, 'late.csv');
    const lines = ['id,n,x,d'];
    for (let i = 0; i < 60000; i++) lines.push(`${i},${i % 97},${i === 55000 ? 'oops' : String(i % 13)},${i === 58000 ? '7.25' : String(i % 5)}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const ds = await loadDataset(engine, path);
    try {
      const types = new Map(ds.columns.map((c) => [c.name, c.type]));
      assert.equal(types.get('id'), 'BIGINT');
      assert.equal(types.get('n'), 'BIGINT');
      assert.equal(types.get('x'), 'VARCHAR', 'the late text makes the column text, as an auto-detecting load did');
      assert.ok(ds.issues.some((i) => i.code === 'MIXED_TYPES' && i.column === 'x' && /line 55002/.test(i.message)), JSON.stringify(ds.issues));
      // DuckDB's reader would cast the late '7.25' into the sniffed BIGINT as 7 without a reject: the load reads it as DOUBLE and says where (csvWiden.ts).
      assert.equal(types.get('d'), 'DOUBLE');
      assert.ok(ds.issues.some((i) => i.code === 'MIXED_TYPES' && i.column === 'd' && /not a whole number/.test(i.message) && /line 58002/.test(i.message)), JSON.stringify(ds.issues));
      const auto = new Map((await autoTypes(path)).map((t) => [t.split(':')[0]!, t.split(':')[1]!]));
      for (const c of ['id', 'n']) assert.equal(types.get(c), auto.get(c), c);
      assert.equal(ds.rows, 60000);
    } finally {
      await ds.release();
    }
  });

  it('a wide file kept as a view (128 MB limit) has the names and types of the table load, odd names included', async () => {
    const path = join(dir, 'wide.csv');
    const names = ['__proto__', 'a "quoted"', 'with,comma', 'ünï', 'dup', 'dup', 'DUP', ...Array.from({ length: 70 }, (_, j) => `c${j}`)];
    const header = names.map((n) => `"${n.replace(/"/g, '""')}"`).join(',');
    const body = Array.from({ length: 30 }, (_, i) => names.map((_, j) => (j % 2 ? String(i * j) : `v${(i + j) % 4}`)).join(','));
    writeFileSync(path, `${header}\n${body.join('\n')}\n`);
    const small = await Engine.create({ memoryLimit: '128MB', threads: 1 });
    try {
      const view = await loadDataset(small, path, { allowFileView: true });
      const table = await loadDataset(engine, path);
      try {
        assert.equal(view.fileView, true);
        assert.deepEqual(view.columns, table.columns);
        assert.deepEqual(view.columns.map((c) => `${c.name}:${c.type}`), await autoTypes(path));
        const a = await small.run(`SELECT * FROM ${view.relation}`);
        const b = await engine.run(`SELECT * FROM ${table.relation}`);
        assert.deepEqual(a, b);
      } finally {
        await view.release();
        await table.release();
      }
    } finally {
      small.close();
    }
  });
});
