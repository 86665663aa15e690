import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset, type LoadOptions } from '../../../src/core/data/loadDataset';
import { CancelledError } from '../../../src/core/errors';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { conversionGroupColumns } from '../../../src/core/profile/tempParquet';

/**
 * Issue 18: a wide CSV view is read a column group at a time, and every read tokenizes the whole file. The load's
 * validation read of each group now writes the group's temporary Parquet file (data/wideCsvParquet.ts) that the
 * profile reads, instead of the profile converting the CSV again: one tokenization per group, not two. The
 * profile must be the one of today's path (and of a table load), with the odd cases of a CSV: a quoted delimiter,
 * a quoted newline (line numbers after it), a late fraction in an integer column and late text in a numeric one
 * (MIXED_TYPES with their lines), a ragged row (RAGGED_ROWS with its line); the files must be gone after success,
 * error, cancel and a release without a profile.
 */
describe('wide CSV tokenized once per column group (load writes the profile\'s Parquet)', function () {
  this.timeout(240000);
  const COLS = 140;
  const ROWS = 21_000; // past the sniffer's sample (20,480 rows): the late values are not seen by it
  const dir = mkdtempSync(join(tmpdir(), 'ml-csv-once-'));
  const spill = join(dir, 'spill');
  const csv = join(dir, 'odd.csv');
  const ragged = join(dir, 'ragged.csv');
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(() => {
    const header = Array.from({ length: COLS }, (_, j) => `c${j}`);
    const rows: string[] = [header.join(',')];
    for (let i = 0; i < ROWS; i++) {
      const row = header.map((_, j) => {
        if (j % 4 === 0) return String((i * 7 + j) % 97); // integers
        if (j % 4 === 1) return ((i * 13 + j) % 1000 / 8).toFixed(3); // decimals
        if (j % 4 === 2) return ['a', 'b', 'c', ''][(i + j) % 4]!; // categories with empties
        return `note ${(i * 3 + j) % 50}`; // text
      });
      if (i === 5) row[3] = '"a, b"'; // a quoted delimiter
      if (i === 7) row[7] = '"first line\nsecond line"'; // a quoted newline: lines below are one further down
      if (i === 20_700) row[4] = '2.5'; // a late fraction in an integer column
      if (i === 20_800) row[5] = 'n/a'; // late text in a numeric column
      rows.push(row.join(','));
    }
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const broken = rows.slice(0, 2000);
    broken[1500] = broken[1500]!.split(',').slice(0, COLS - 2).join(','); // a ragged row
    writeFileSync(ragged, `${broken.join('\n')}\n`);
    mkdirSync(spill, { recursive: true });
  });

  const leftovers = () => readdirSync(spill).filter((f) => f.startsWith('ml-wide-'));
  // 128 MB, one thread: a view, in conversion groups of 128 columns (the Parquet writer's share), so two groups.
  const small = () => Engine.create({ memoryLimit: '128MB', threads: 1, tempDirectory: spill, preserveInsertionOrder: false });

  async function profileOf(options: LoadOptions, memory?: string): Promise<{ profile: Awaited<ReturnType<typeof profileDataset>>; loadSql: string[]; profileSql: string[]; ds: Dataset; groups: number }> {
    const engine = memory ? await Engine.create({ memoryLimit: memory, tempDirectory: spill }) : await small();
    try {
      const loadSql: string[] = [];
      const profileSql: string[] = [];
      observeStatements((s) => loadSql.push(s));
      const ds = await loadDataset(engine, csv, options).finally(() => observeStatements(undefined));
      observeStatements((s) => profileSql.push(s));
      const profile = await profileDataset(engine, ds, { batchColumns: 24 }).finally(() => observeStatements(undefined));
      await ds.release();
      return { profile, loadSql, profileSql, ds, groups: Math.ceil(COLS / (await conversionGroupColumns(engine, {}))) };
    } finally {
      engine.close();
    }
  }

  const readsCsv = (s: string) => s.includes(csv) && /read_csv\(/.test(s) && !/^\s*CREATE OR REPLACE VIEW/i.test(s);

  it('reads the CSV once per column group: the load\'s reads write the Parquet files, the profile reads none of the CSV; numbers unchanged', async () => {
    const once = await profileOf({ allowFileView: true, wideParquet: true });
    const today = await profileOf({ allowFileView: true });
    const table = await profileOf({ allowFileView: true, wideParquet: true }, '4GB');
    assert.equal(once.ds.fileView, true);
    assert.equal(table.ds.fileView, undefined, 'a table at 4 GB');
    assert.ok(once.groups >= 2, `${once.groups} groups`);
    // The profile of the view reads only the Parquet files: no statement names the CSV or the view.
    const profileReads = once.profileSql.filter((s) => readsCsv(s) || s.includes(once.ds.relation));
    assert.deepEqual(profileReads, [], 'the profile reads no CSV');
    const todayReads = today.profileSql.filter((s) => s.includes(today.ds.relation));
    assert.ok(todayReads.length >= today.groups, `today's profile converts the view again (${todayReads.length} reads)`);
    // The load's reads are COPYs, one per group and attempt (the late fraction and the late text each cost a
    // retry, as today); the profile reads exactly the files of the last attempt's COPYs.
    const target = (s: string) => /TO '([^']*ml-wide-[^']*\.parquet)'/.exec(s)?.[1];
    const copies = once.loadSql.filter((s) => readsCsv(s) && /^COPY/.test(s));
    const written = copies.slice(-once.groups).map(target);
    assert.equal(new Set(written).size, once.groups);
    const read = new Set(once.profileSql.flatMap((s) => [...s.matchAll(/read_parquet\('([^']*ml-wide-[^']*\.parquet)'/g)].map((m) => m[1])));
    assert.deepEqual([...read].sort(), [...written].sort(), 'the profile reads the files the load wrote');
    assert.equal(once.profileSql.filter((s) => /^COPY/.test(s)).length, 0, 'the profile converts nothing');
    const validation = (sql: string[]) => sql.filter((s) => readsCsv(s) && /^SELECT count\(\*\), count\(/.test(s)).length;
    assert.equal(validation(once.loadSql), 0, 'no separate validation read');
    assert.ok(validation(today.loadSql) >= today.groups, 'without wideParquet the load validates with a count read per group');
    // Same numbers and issues as today's path and as a table load.
    assert.deepEqual(once.profile, today.profile);
    assert.deepEqual(once.profile, table.profile);
    const issues = once.profile.issues.filter((i) => i.code === 'MIXED_TYPES').map((i) => `${i.column}: ${i.message}`);
    assert.ok(issues.some((m) => m.startsWith('c4:') && /line 20703/.test(m)), `late fraction at line 20,703 (the quoted newline counts): ${JSON.stringify(issues)}`);
    // The late text's line comes from DuckDB's rejects, which count records, not lines (20,802 here, one short after the
    // quoted newline): the same as today's path (deepEqual above), reported in issue 18, not changed here.
    assert.ok(issues.some((m) => m.startsWith('c5:') && /line 2080[23]/.test(m)), `late text at line 20,803: ${JSON.stringify(issues)}`);
    assert.equal(once.profile.rows, ROWS);
    assert.deepEqual(leftovers(), [], 'no temporary file left');
  });

  it('a ragged row: RAGGED_ROWS with its line, as today, and no file left', async () => {
    const errorOf = async (options: LoadOptions) => {
      const engine = await small();
      try {
        await loadDataset(engine, ragged, options);
        return undefined;
      } catch (e) {
        return e as Error & { code?: string };
      } finally {
        engine.close();
      }
    };
    const once = await errorOf({ allowFileView: true, wideParquet: true });
    const today = await errorOf({ allowFileView: true });
    assert.equal(once?.code, 'RAGGED_ROWS');
    // Record 1501, on the file's line 1502 (the quoted newline of row 7 comes before it); one row, said once.
    assert.match(once!.message, /: 1 row\(s\) .*line\(s\) 1502 \(/);
    assert.equal(once!.message, today!.message);
    assert.deepEqual(leftovers(), [], 'removed after the error');
  });

  it('removes the files when cancelled while the load writes them, and on release without a profile', async () => {
    const engine = await small();
    try {
      const ac = new AbortController();
      let copies = 0;
      observeStatements((s) => { if (/^COPY/.test(s) && readsCsv(s) && ++copies === 2) ac.abort(); });
      await assert.rejects(loadDataset(engine, csv, { allowFileView: true, wideParquet: true, signal: ac.signal }).finally(() => observeStatements(undefined)), (e) => e instanceof CancelledError);
      assert.ok(copies >= 2);
      assert.deepEqual(leftovers(), [], 'removed after cancel');
      const ds = await loadDataset(engine, csv, { allowFileView: true, wideParquet: true });
      assert.ok(leftovers().length >= 2, 'kept for the profile');
      await ds.release();
      assert.deepEqual(leftovers(), [], 'removed by release');
    } finally {
      engine.close();
    }
  });
});
