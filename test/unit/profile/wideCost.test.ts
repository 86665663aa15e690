import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { profileDataset } from '../../../src/core/profile/profileDataset';

/**
 * Issue 18: a 10,000 × 10k profile is ~50 column batches, so any cost of a batch that grows with the file's width
 * (a statement per column of the file, SQL naming every column, a read of every column) turns into a quadratic
 * blow-up. Counted cheaply on 64 and 128 columns in batches of 16: statements, SQL characters and the columns each
 * read of the file names must grow at most linearly with the width.
 */
describe('wide profile cost grows linearly with the number of columns', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-cost-'));
  const BATCH = 16;
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function measure(cols: number) {
    const file = join(dir, `w${cols}.parquet`);
    const engine = await Engine.create({ threads: 2 });
    try {
      const defs = Array.from({ length: cols }, (_, j) => {
        if (j % 4 === 0) return `round((hash(i, ${j}) % 100000)::DOUBLE / 13, 2) AS "f${j}"`;
        if (j % 4 === 1) return `['a', 'b', 'c', NULL][1 + (hash(i, ${j}) % 4)::INTEGER] AS "f${j}"`;
        if (j % 4 === 2) return `(hash(i, ${j}) % 2 = 0) AS "f${j}"`;
        return `(hash(i, ${j}) % 1000)::BIGINT AS "f${j}"`;
      });
      await engine.exec(`COPY (SELECT ${defs.join(', ')} FROM range(2000) r(i)) TO '${file}' (FORMAT parquet)`);
      const ds = await loadDataset(engine, file, { allowFileView: true });
      const sql: string[] = [];
      observeStatements((s) => sql.push(s));
      try {
        const profile = await profileDataset(engine, ds, { batchColumns: BATCH });
        assert.equal(profile.columns.length, cols);
      } finally {
        observeStatements(undefined);
      }
      // The statements that read the file (its view or its scan): each may name only one batch's columns.
      const reads = sql.filter((s) => s.includes(ds.relation) || (ds.fileScan !== undefined && s.includes(ds.fileScan)));
      const widest = Math.max(...reads.map((s) => new Set(s.match(/"f\d+"/g) ?? []).size));
      return { statements: sql.length, chars: sql.reduce((n, s) => n + s.length, 0), reads: reads.length, widest };
    } finally {
      engine.close();
    }
  }

  it('64 → 128 columns: statements, SQL text and file reads at most double; no read names more than a batch', async () => {
    const a = await measure(64);
    const b = await measure(128);
    const what = `64 columns ${JSON.stringify(a)}, 128 columns ${JSON.stringify(b)}`;
    assert.ok(b.statements <= 2 * a.statements + 2, `statements ${what}`);
    assert.ok(b.chars <= 2.1 * a.chars, `SQL characters ${what}`);
    assert.ok(b.reads <= 2 * a.reads + 1, `reads of the file ${what}`);
    assert.ok(a.reads >= 64 / BATCH && b.reads >= 128 / BATCH, `one read per batch at least: ${what}`);
    assert.ok(a.widest <= BATCH && b.widest <= BATCH, `columns named by one read of the file: ${what}`);
  });
});
