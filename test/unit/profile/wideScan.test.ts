import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import type { DatasetProfile } from '../../../src/core/profile/types';

/**
 * Issue 18: a wide Parquet file read in place is profiled in column batches, each copied into an engine table.
 * Through the dataset's view (`SELECT * FROM read_parquet(…)`) DuckDB binds every column of the file in each
 * statement naming it (a batch of a 10,000-column file: 0.56 CPU-s; from the scan 0.10–0.12), so the batches are
 * copied from the file's scan (ds.fileScan). The numbers must equal the unbatched profile of the same data.
 */
describe('wide Parquet profile: batches copied from the file scan, not its view', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-scan-'));
  const file = join(dir, 'wide.parquet');
  const COLS = 60;
  before(async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const defs = Array.from({ length: COLS }, (_, j) => {
        if (j % 3 === 0) return `round((hash(i, ${j}) % 100000)::DOUBLE / 13, 2) AS "n${j}"`;
        if (j % 3 === 1) return `['a', 'b', 'c', NULL][1 + (hash(i, ${j}) % 4)::INTEGER] AS "c${j}"`;
        return `(hash(i, ${j}) % 2 = 0) AS "b${j}"`;
      });
      await engine.exec(`COPY (SELECT ${defs.join(', ')} FROM range(2500) r(i)) TO '${file}' (FORMAT parquet)`);
    } finally {
      engine.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The profile in batches of 16 columns, with the statements it sent. */
  async function batchedWithStatements(engine: Engine, ds: Dataset): Promise<{ batched: DatasetProfile; sql: string[] }> {
    const sql: string[] = [];
    observeStatements((s) => sql.push(s));
    try {
      return { batched: await profileDataset(engine, ds, { batchColumns: 16 }), sql };
    } finally {
      observeStatements(undefined);
    }
  }

  /** The unbatched profile of the same rows, copied whole into an engine table. */
  async function unbatched(engine: Engine, ds: Dataset, name: string): Promise<DatasetProfile> {
    await engine.exec(`CREATE TABLE ${name} AS SELECT * FROM ${ds.relation}`);
    const { fileScan: _s, multiFile: _m, ...rest } = ds;
    return profileDataset(engine, { ...rest, relation: name, engineTable: true });
  }

  it('every batch table is filled from ds.fileScan, and the profile equals the unbatched one', async () => {
    const engine = await Engine.create({ threads: 2 });
    try {
      const ds = await loadDataset(engine, file, { allowFileView: true });
      assert.ok(ds.fileScan?.startsWith('read_parquet('), 'a Parquet file read in place');
      const { batched, sql } = await batchedWithStatements(engine, ds);
      const copies = sql.filter((s) => s.startsWith('CREATE TABLE "ml_batch_'));
      assert.equal(copies.length, Math.ceil(COLS / 16));
      for (const s of copies) {
        assert.ok(s.includes(ds.fileScan!), `a batch copied from the scan: ${s.slice(0, 160)}`);
        assert.ok(!s.includes(ds.relation), `no batch copied through the view: ${s.slice(0, 160)}`);
      }
      assert.deepEqual(batched, await unbatched(engine, ds, 'whole'));
    } finally {
      engine.close();
    }
  });

  it('a folder of Parquet files (Hive partitions) too: batches from its scan, no statement through the view, the unbatched numbers', async () => {
    const folder = join(dir, 'parts');
    const engine = await Engine.create({ threads: 2 });
    try {
      for (const part of [1, 2]) {
        mkdirSync(join(folder, `part=${part}`), { recursive: true });
        await engine.exec(`COPY (SELECT * FROM read_parquet('${file}') WHERE "n0" % ${part + 1} = 0) TO '${join(folder, `part=${part}`, 'data.parquet')}' (FORMAT parquet)`);
      }
      // Rows repeated in another file of the same partition: duplicates only if every batch keeps the files' row order.
      await engine.exec(`COPY (SELECT * FROM read_parquet('${file}') WHERE "n0" % 2 = 0 LIMIT 100) TO '${join(folder, 'part=1', 'more.parquet')}' (FORMAT parquet)`);
      const ds = await loadDataset(engine, folder, { allowFileView: true });
      assert.ok(ds.multiFile?.scan.startsWith('read_parquet('), 'a multi-file dataset read in place');
      assert.equal(ds.columns.length, COLS + 1);
      const { batched, sql } = await batchedWithStatements(engine, ds);
      const copies = sql.filter((s) => s.startsWith('CREATE TABLE "ml_batch_'));
      assert.equal(copies.length, Math.ceil((COLS + 1) / 16));
      for (const s of copies) assert.ok(s.includes(ds.multiFile!.scan), `a batch copied from the scan: ${s.slice(0, 160)}`);
      assert.deepEqual(sql.filter((s) => s.includes(ds.relation)), [], 'no statement names the view');
      assert.equal(batched.duplicateRows, 100);
      assert.deepEqual(batched, await unbatched(engine, ds, 'whole_parts'));
    } finally {
      engine.close();
    }
  });
});
