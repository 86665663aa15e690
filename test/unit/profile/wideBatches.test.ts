import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { engineMemoryBytes, parseSize } from '../../../src/core/data/engineMemory';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { batchColumns, BATCH_MEMORY_SHARE, BLOCK_BYTES_PER_COLUMN, BYTES_PER_VALUE } from '../../../src/core/profile/wideProfile';
import type { ColumnProfile, DatasetProfile } from '../../../src/core/profile/types';

/**
 * Issue 18: wide files are profiled in column batches copied into engine tables (profile/wideProfile.ts), and a
 * wide CSV too large for an engine table stays a view over the file. Every number must equal the profile of the
 * same file loaded whole (the unbatched path), exact and estimated, duplicates included.
 */
describe('profile of a wide file in column batches', function () {
  this.timeout(180000); // several 100-column profiles: ~5 s each on a quiet 2-core machine
  const ROWS = 12000;
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-batches-'));
  const csv = join(dir, 'wide.csv');
  const parquet = join(dir, 'wide.parquet');
  const cols = 100;
  before(async () => {
    const engine = await Engine.create({ threads: 2 });
    const defs = Array.from({ length: cols }, (_, j) => {
      if (j % 5 === 0) return `round((hash(i // 2, ${j}) % 100000)::DOUBLE / 13, 2) AS "n${j}"`;
      if (j % 5 === 1) return `['a', 'b', 'c', NULL][1 + (hash(i // 2, ${j}) % 4)::INTEGER] AS "c${j}"`;
      if (j % 5 === 2) return `(hash(i // 2, ${j}) % 2 = 0) AS "b${j}"`;
      if (j % 5 === 3) return `(hash(i // 2, ${j}) % 1000)::BIGINT AS "k${j}"`;
      return `CASE WHEN i % 50 = 0 THEN 'note ' || (i % 7)::VARCHAR END AS "t${j}"`;
    });
    // Rows come in pairs (i // 2) except where t's note differs: some duplicate rows, not all.
    const select = `SELECT ${defs.join(', ')} FROM range(${ROWS}) r(i)`;
    await engine.exec(`COPY (${select}) TO '${csv}' (HEADER); COPY (${select}) TO '${parquet}' (FORMAT parquet)`);
    engine.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The profile without the parts an estimate may vary from run to run (t-digest quantiles). */
  const comparable = (p: DatasetProfile) => ({
    ...p,
    columns: p.columns.map((c): ColumnProfile => (c.numeric?.approximateQuantiles ? { ...c, numeric: { ...c.numeric, quantiles: { p1: null, p5: null, p25: null, p50: null, p75: null, p95: null, p99: null } } } : c)),
  });

  async function profileOf(file: string, engineOptions: Parameters<typeof Engine.create>[0], options: Parameters<typeof profileDataset>[2] = {}) {
    const engine = await Engine.create({ threads: 2, ...engineOptions });
    try {
      const ds = await loadDataset(engine, file, { allowFileView: true });
      return { ds, profile: await profileDataset(engine, ds, options) };
    } finally {
      engine.close();
    }
  }

  for (const exactRowLimit of [undefined, 0]) {
    const what = exactRowLimit === 0 ? 'estimates' : 'exact';
    it(`Parquet in batches of 16 and 37 equals the CSV loaded whole as a table (${what})`, async () => {
      const whole = await profileOf(csv, {}, { exactRowLimit });
      assert.equal(whole.ds.fileView, undefined, 'a small CSV is a table');
      assert.ok(whole.profile.duplicateRows > 0 || exactRowLimit === 0);
      for (const batch of [16, 37]) {
        const { profile } = await profileOf(parquet, {}, { exactRowLimit, batchColumns: batch });
        if (exactRowLimit === 0) {
          // Duplicate rows are estimated from a 1-in-16 sample of row hashes; in batches the row hash is chained
          // batch by batch (profile/rowHashes.ts), so the sample is another, equally random one: the estimate is
          // held to its stated error around the exact count instead of to the unbatched estimate.
          const e = profile.duplicateRowsEstimate!;
          assert.ok(e && e.sampleRate === 16, 'flagged as an estimate');
          assert.ok(Math.abs(profile.duplicateRows - exact.duplicateRows) <= 4 * e.standardError, `batch ${batch}: estimate ${profile.duplicateRows} ± ${e.standardError}, exact ${exact.duplicateRows}`);
          const { duplicateRows: _a, duplicateRowsEstimate: _b, ...rest } = comparable({ ...profile, path: whole.profile.path, format: 'csv', delimiter: ',' });
          const { duplicateRows: _c, duplicateRowsEstimate: _d, ...wholeRest } = comparable({ ...whole.profile });
          assert.deepEqual(rest, wholeRest, `batch ${batch}`);
        } else assert.deepEqual(comparable({ ...profile, path: whole.profile.path, format: 'csv', delimiter: ',' }), comparable({ ...whole.profile }), `batch ${batch}`);
      }
    });
  }

  let exact: DatasetProfile;
  before(async () => {
    exact = (await profileOf(csv, {})).profile;
  });

  it('exact duplicate rows in batches when the engine does not keep insertion order (the CLI): row hashes stay aligned', async () => {
    // 12 row groups read by two threads: without insertion order the batch copies could hold rows in other orders.
    const grouped = join(dir, 'grouped.parquet');
    const e = await Engine.create({ threads: 2 });
    await e.exec(`COPY (SELECT * FROM read_parquet('${parquet}')) TO '${grouped}' (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
    e.close();
    for (const batch of [16, 37]) {
      const engine = await Engine.create({ threads: 2, preserveInsertionOrder: false });
      try {
        const ds = await loadDataset(engine, grouped, { allowFileView: true });
        const profile = await profileDataset(engine, ds, { batchColumns: batch });
        assert.equal(profile.duplicateRows, exact.duplicateRows, `batch ${batch}`);
        const setting = await engine.run(`SELECT current_setting('preserve_insertion_order') AS v`);
        assert.equal(setting[0]?.['v'], false, 'the setting is restored after the profile');
      } finally {
        engine.close();
      }
    }
  });

  it('a wide CSV whose table would not fit in half the memory limit stays a view and profiles in batches to the same numbers', async () => {
    const whole = await profileOf(csv, {});
    const small = await profileOf(csv, { memoryLimit: '128MB', threads: 1 });
    assert.equal(small.ds.fileView, true);
    assert.equal(small.ds.rows, ROWS);
    assert.deepEqual(small.profile, whole.profile);
  });

  it('streamed in column batches (the editor onColumns): batches arrive in order and join into the report columns', async () => {
    const got: { start: number; n: number }[] = [];
    const joined: ColumnProfile[] = [];
    const { profile } = await profileOf(parquet, {}, { batchColumns: 37, onColumns: (c, start) => { got.push({ start, n: c.length }); joined.push(...c); } });
    let next = 0;
    for (const g of got) {
      assert.equal(g.start, next, `a batch starts where the previous ended: ${JSON.stringify(got)}`);
      next += g.n;
    }
    assert.equal(next, cols);
    assert.deepEqual(joined, profile.columns);
  });

  it('batch sizes follow the memory limit and the row count', async () => {
    assert.equal(batchColumns(2 ** 30, 100_000), Math.floor((BATCH_MEMORY_SHARE * 2 ** 30) / (100_000 * BYTES_PER_VALUE + BLOCK_BYTES_PER_COLUMN)));
    assert.equal(batchColumns(2 ** 20, 10_000_000), 16, 'never below 16 columns');
    assert.equal(batchColumns(2 ** 40, 10), 4096, 'never above 4,096 columns');
    assert.equal(parseSize('953.6 MiB'), 953.6 * 2 ** 20);
    assert.equal(parseSize('1GB'), 1e9);
    assert.equal(parseSize('512 KiB'), 512 * 1024);
    assert.equal(parseSize('lots'), undefined);
    const engine = await Engine.create({ memoryLimit: '256MB' });
    try {
      assert.equal(await engineMemoryBytes(engine), parseSize('244.1 MiB'));
    } finally {
      engine.close();
    }
  });
});
