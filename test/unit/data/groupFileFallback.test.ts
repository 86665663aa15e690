import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { groupFileScan, readFromGroupFiles } from '../../../src/core/data/groupFileView';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { quoteIdent, quoteLiteral } from '../../../src/core/data/sql';
import { keepGroupFiles, takeGroupFiles } from '../../../src/core/data/wideCsvParquet';

/**
 * Issue 18: a wide CSV view moves to its load's temporary Parquet copy only when the copy has the view's columns
 * and types (data/groupFileView.ts); otherwise the view keeps reading the CSV and the copy is removed. The copy
 * written by a load always matches, so this test gives the view a copy whose types differ (one group's numbers
 * stored as text) and checks the fallback: the same dataset, the CSV's values, no group file left.
 */
describe('group-file view: a copy whose types differ leaves the view on the CSV', function () {
  this.timeout(600000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-group-fallback-'));
  const spill = join(dir, 'spill');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the CSV view, removes the copy, registers no group-file scans', async () => {
    mkdirSync(spill, { recursive: true });
    const COLS = 140;
    const path = join(dir, 'wide.csv');
    const names = Array.from({ length: COLS }, (_, j) => `f${j}`);
    const rows = Array.from({ length: 300 }, (_, i) => names.map((_, j) => (j % 2 ? String(i * j) : `v${(i + j) % 3}`)).join(','));
    writeFileSync(path, `${names.join(',')}\n${rows.join('\n')}\n`);
    const engine = await Engine.create({ memoryLimit: '128MB', threads: 1, tempDirectory: spill });
    try {
      const ds = await loadDataset(engine, path, { allowFileView: true, wideParquet: true });
      try {
        assert.equal(ds.fileView, true, 'a view over the CSV at 128 MB');
        const written = takeGroupFiles(engine, ds.relation);
        assert.ok(written && written.files.length >= 1, 'the load wrote its group files');
        // Rewrite the first group's file with its columns as text: the copy no longer has the view's types.
        const first = written.files[0]!;
        const cols = written.groups[0]!.map((c) => `CAST(${quoteIdent(c)} AS VARCHAR) AS ${quoteIdent(c)}`).join(', ');
        await engine.exec(`COPY (SELECT ${cols} FROM read_parquet(${quoteLiteral(first)})) TO ${quoteLiteral(`${first}.text`)} (FORMAT parquet)`);
        rmSync(first);
        renameSync(`${first}.text`, first);
        keepGroupFiles(engine, ds.relation, written);
        const before = await engine.run(`SELECT * FROM ${ds.relation}`);

        const moved = await readFromGroupFiles(engine, ds);
        assert.equal(moved, ds, 'the dataset as it was');
        for (const f of written.files) assert.equal(existsSync(f), false, `${f} removed`);
        assert.equal(groupFileScan(engine, ds.relation, 'f1'), undefined);
        const view = await engine.run(`SELECT sql FROM duckdb_views() WHERE view_name = ${quoteLiteral(ds.relation.replace(/^"|"$/g, ''))}`);
        assert.match(String(view[0]?.['sql'] ?? ''), /read_csv/, 'the view still reads the CSV');
        assert.deepEqual(await engine.run(`SELECT * FROM ${ds.relation}`), before);
        assert.equal(typeof before[0]!['f1'], 'number');
      } finally {
        await ds.release();
      }
    } finally {
      engine.close();
    }
  });
});
