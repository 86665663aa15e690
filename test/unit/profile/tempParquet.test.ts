import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { CancelledError } from '../../../src/core/errors';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { conversionGroupColumns, removeStale, TempParquet } from '../../../src/core/profile/tempParquet';

/**
 * Issue 18: a wide CSV too large for an engine table stays a view; its profile converts the columns once into
 * temporary Parquet files in the engine's temp folder (profile/tempParquet.ts) instead of re-reading the CSV for
 * every column batch. The profile must equal the one of the CSV loaded whole as a table, and the files must be
 * gone after success, error and cancel.
 */
describe('wide CSV profile through temporary Parquet', function () {
  this.timeout(180000);
  const ROWS = 3000;
  const COLS = 150;
  const dir = mkdtempSync(join(tmpdir(), 'ml-temp-parquet-'));
  const csv = join(dir, 'wide.csv');
  const spill = join(dir, 'spill');
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    const engine = await Engine.create({ threads: 2 });
    // The five kinds of the bench's wide tables: numeric, categorical, boolean, text and mostly-empty; rows in
    // pairs (i // 2) so that there are duplicate rows, and a date column.
    const defs = Array.from({ length: COLS }, (_, j) => {
      if (j % 5 === 0) return `round((hash(i // 2, ${j}) % 100000)::DOUBLE / 13, 2) AS "n${j}"`;
      if (j % 5 === 1) return `['a', 'b', 'c', NULL][1 + (hash(i // 2, ${j}) % 4)::INTEGER] AS "c${j}"`;
      if (j % 5 === 2) return `(hash(i // 2, ${j}) % 2 = 0) AS "b${j}"`;
      if (j % 5 === 3) return `'note ' || (hash(i // 2, ${j}) % 300)::VARCHAR || ' of ' || (hash(i // 2, ${j + 1}) % 7)::VARCHAR AS "t${j}"`;
      return `CASE WHEN hash(i // 2, ${j}) % 20 = 0 THEN (hash(i // 2, ${j}) % 1000)::BIGINT END AS "e${j}"`;
    });
    defs.push(`DATE '2024-01-01' + (i // 2 % 365)::INTEGER AS "day"`);
    await engine.exec(`COPY (SELECT ${defs.join(', ')} FROM range(${ROWS}) r(i)) TO '${csv}' (HEADER)`);
    engine.close();
  });

  const leftovers = () => readdirSync(spill).filter((f) => f.startsWith('ml-wide-'));

  async function withView<T>(body: (engine: Engine, ds: Awaited<ReturnType<typeof loadDataset>>) => Promise<T>): Promise<T> {
    mkdirSync(spill, { recursive: true });
    const engine = await Engine.create({ memoryLimit: '128MB', threads: 1, tempDirectory: spill, preserveInsertionOrder: false });
    try {
      const ds = await loadDataset(engine, csv, { allowFileView: true });
      assert.equal(ds.fileView, true, 'stays a view at 128 MB');
      return await body(engine, ds);
    } finally {
      engine.close();
    }
  }

  let table: Awaited<ReturnType<typeof profileDataset>>;
  before(async () => {
    const engine = await Engine.create({ memoryLimit: '4GB' });
    try {
      const ds = await loadDataset(engine, csv, { allowFileView: true });
      assert.equal(ds.fileView, undefined, 'a table at 4 GB');
      table = await profileDataset(engine, ds, {});
    } finally {
      engine.close();
    }
  });

  it('profiles to the numbers of the table load (exact, duplicates included) and removes its files', async () => {
    const seen: string[][] = [];
    const profile = await withView((engine, ds) => profileDataset(engine, ds, { batchColumns: 40, onColumns: () => seen.push(leftovers()) }));
    assert.ok(seen.length >= 4 && seen.every((f) => f.length === 2), `two temporary Parquet files (groups of 122 columns at 128 MB) while the batches run: ${JSON.stringify(seen)}`);
    assert.ok(table.duplicateRows > 0, 'the file has duplicate rows');
    assert.deepEqual(profile, table);
    assert.deepEqual(leftovers(), [], 'removed after success');
  });

  it('removes its files when a batch fails', async () => {
    await withView(async (engine, ds) => {
      await assert.rejects(profileDataset(engine, ds, { batchColumns: 40, onColumns: () => { throw new Error('panel gone'); } }), /panel gone/);
    });
    assert.deepEqual(leftovers(), [], 'removed after an error');
  });

  it('removes its files when cancelled', async () => {
    const ac = new AbortController();
    await withView(async (engine, ds) => {
      await assert.rejects(profileDataset(engine, ds, { batchColumns: 40, signal: ac.signal, onColumns: () => ac.abort() }), (e) => e instanceof CancelledError);
    });
    assert.deepEqual(leftovers(), [], 'removed after cancel');
  });

  it('converts in column groups sized by the memory limit; batches never span two groups; a failed conversion leaves no file', async () => {
    // 64 MB and one thread: groups of ~61 columns (the writer's buffers), so 300 columns make five files.
    const cols = 300;
    const path = join(dir, 'groups.csv');
    const lines = [Array.from({ length: cols }, (_, j) => `x${j}`).join(',')];
    for (let i = 0; i < 20; i++) lines.push(Array.from({ length: cols }, (_, j) => String((i * 7 + j) % 11)).join(','));
    writeFileSync(path, `${lines.join('\n')}\n`);
    mkdirSync(spill, { recursive: true });
    const engine = await Engine.create({ memoryLimit: '64MB', threads: 1, tempDirectory: spill });
    try {
      const ds = await loadDataset(engine, path, { allowFileView: true });
      const size = await conversionGroupColumns(engine, {});
      const groups = Math.ceil(cols / size);
      assert.ok(groups >= 2, `${size} columns per group`);
      const temp = await TempParquet.convert(engine, ds.relation, ds.columns, {});
      try {
        assert.equal(temp.paths().length, groups);
        const batches = temp.batches(ds.columns, 50);
        const expected: number[] = [];
        for (let g = 0; g < cols; g += size) for (let b = g; b < Math.min(cols, g + size); b += 50) expected.push(Math.min(50, Math.min(cols, g + size) - b));
        assert.deepEqual(batches.map((b) => b.length), expected);
        assert.deepEqual(batches.flat(), ds.columns, 'every column once, in order');
        const sum = (names: string, from: string) => engine.run(`SELECT sum(hash(${names}) % 1000003)::BIGINT AS s, count(*)::BIGINT AS n FROM ${from}`);
        for (let g = 0; g < groups; g++) {
          const group = ds.columns.slice(g * size, (g + 1) * size);
          const names = group.map((c) => `"${c.name}"`).join(', ');
          assert.deepEqual(await sum(names, temp.relationOf(group)), await sum(names, ds.relation), `group ${g}: the same values as the view`);
        }
        assert.throws(() => temp.relationOf(ds.columns.slice(size - 1, size + 1)), /spans conversion groups/);
      } finally {
        temp.close();
      }
      assert.deepEqual(leftovers(), []);
      // The last group names a column the relation does not have: the files written before are removed with the error.
      const bad = [...ds.columns.slice(0, 2 * size), { name: 'no_such_column', type: 'VARCHAR' }];
      await assert.rejects(TempParquet.convert(engine, ds.relation, bad, {}), /no_such_column/);
      assert.deepEqual(leftovers(), [], 'removed after a failed conversion');
    } finally {
      engine.close();
    }
  });

  it('removes the files of processes that are gone (killed outright), not those of live ones', () => {
    mkdirSync(spill, { recursive: true });
    const dead = join(spill, 'ml-wide-999999999-abcdef-0.parquet');
    const live = join(spill, `ml-wide-${process.pid}-abcdef-0.parquet`);
    const other = join(spill, 'notes-999999999.parquet');
    for (const f of [dead, live, other]) writeFileSync(f, 'x');
    removeStale(spill);
    assert.deepEqual(readdirSync(spill).sort(), ['ml-wide-' + process.pid + '-abcdef-0.parquet', 'notes-999999999.parquet'].sort());
    rmSync(live);
    rmSync(other);
  });
});
