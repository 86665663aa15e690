import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../../src/core/data/dataset';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { conversionGroupColumns } from '../../../src/core/data/columnGroups';
import { groupFileScan } from '../../../src/core/data/groupFileView';
import { openDriftDatasets } from '../../../src/core/drift/openDriftDatasets';
import { runDrift } from '../../../src/core/drift/runDrift';
import type { DriftSettings } from '../../../src/core/drift/driftSettings';
import { CancelledError } from '../../../src/core/errors';

/**
 * Issue 18: drift of a wide CSV kept as a view over the file ran ~60 statements, and each re-read and re-tokenized
 * the whole CSV (1,000 × 100k: not done after 12 min). Now the load's validation read writes the view's columns to
 * temporary Parquet files (one per conversion group) and the view reads those (data/groupFileView.ts): the CSV is
 * read once per group by the load and never by the drift, the reports are those of the files loaded as tables
 * (also over time: windows filter rows, chunks number them), and no file is left after success, error or cancel.
 */
describe('drift of a wide CSV view reads the CSV once (temporary Parquet)', function () {
  this.timeout(600000);
  const COLS = 140;
  const ROWS = 2000;
  const dir = mkdtempSync(join(tmpdir(), 'ml-wide-csv-drift-'));
  const spill = join(dir, 'spill');
  after(() => rmSync(dir, { recursive: true, force: true }));

  function wideCsv(name: string, shift: number): string {
    const names = [...Array.from({ length: COLS }, (_, j) => `f${j}`), 't'];
    const lines = [names.join(',')];
    for (let i = 0; i < ROWS; i++) {
      const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 40) * 86_400_000).toISOString().slice(0, 10);
      lines.push([...Array.from({ length: COLS }, (_, j) => {
        if (j % 4 === 0) return String((i * 7 + j + shift * (j % 3)) % 97); // integers
        if (j % 4 === 1) return (((i * 13 + j) % 1000) / 8 + shift * (j % 2) * (i % 5)).toFixed(3); // decimals
        if (j % 4 === 2) return ['a', 'b', 'c', ''][(i + j + shift * (i % 3)) % 4]!; // categories with empties
        return `note ${(i * 3 + j + shift) % 50}`; // text
      }), day].join(','));
    }
    const p = join(dir, name);
    writeFileSync(p, `${lines.join('\n')}\n`);
    return p;
  }

  let ref = '';
  let cur = '';
  before(() => {
    mkdirSync(spill, { recursive: true });
    ref = wideCsv('ref.csv', 0);
    cur = wideCsv('cur.csv', 1);
  });

  const leftovers = () => readdirSync(spill).filter((f) => f.startsWith('ml-wide-'));
  // 128 MB and one thread: each file a view over the CSV, its columns in two conversion groups (the Parquet writer's
  // share). Drift over time counts every window at once, which needs more (out of memory at 128 MB, over the CSV too):
  // at 256 MB still a view, in one group.
  const small = (memoryLimit = '128MB') => Engine.create({ memoryLimit, threads: 1, tempDirectory: spill, preserveInsertionOrder: false });
  const readsOf = (sql: string[], file: string) => sql.filter((s) => s.includes(file) && /read_csv\(/.test(s) && !/^\s*CREATE OR REPLACE VIEW/i.test(s));

  /** The drift of `files` (reference and current, or one file over time) on `engine`; the CSV files are moved away while it runs. */
  async function driftOf(engine: Engine, files: string[], settings: DriftSettings, hide: boolean): Promise<{ report: Awaited<ReturnType<typeof runDrift>>; loadSql: string[]; driftSql: string[]; ds: Dataset[] }> {
    const loadSql: string[] = [];
    const driftSql: string[] = [];
    observeStatements((s) => loadSql.push(s));
    const ds = await openDriftDatasets(engine, files).finally(() => observeStatements(undefined));
    try {
      // Once opened, the drift reads no CSV: with the files gone it still runs (the view over the CSV failed here).
      if (hide) for (const f of files) renameSync(f, `${f}.away`);
      try {
        observeStatements((s) => driftSql.push(s));
        const report = await runDrift(engine, ds[0]!, ds[1], settings).finally(() => observeStatements(undefined));
        return { report, loadSql, driftSql, ds };
      } finally {
        if (hide) for (const f of files) renameSync(`${f}.away`, f);
      }
    } finally {
      for (const d of ds) await d.release();
    }
  }

  async function viewsAndTables(files: string[], settings: DriftSettings, memoryLimit?: string): Promise<void> {
    const engine = await small(memoryLimit);
    const big = await Engine.create({ memoryLimit: '4GB', threads: 1 });
    try {
      const groups = Math.ceil((COLS + 1) / (await conversionGroupColumns(engine, {})));
      if (!memoryLimit) assert.ok(groups >= 2, `${groups} groups: the view joins its files by position`);
      const views = await driftOf(engine, files, settings, true);
      const tables = await driftOf(big, files, settings, false);
      assert.deepEqual(views.ds.map((d) => d.fileView), files.map(() => true));
      assert.deepEqual(tables.ds.map((d) => d.fileView), files.map(() => undefined));
      // The load reads each CSV once per conversion group (the reads that validate it write the Parquet files)…
      for (const f of files) assert.equal(readsOf(views.loadSql, f).length, groups, `${f}: one read per group`);
      // … one file's writes after the other's (each sized to the memory limit: at once they ran out of memory here).
      const writers = views.loadSql.filter((s) => s.startsWith('COPY')).map((s) => files.findIndex((f) => s.includes(f)));
      assert.ok(writers.every((w, i) => i === 0 || w === writers[i - 1] || !writers.slice(0, i).includes(w)), `group files written in turn: ${writers.join(',')}`);
      // … and the drift none: its statements read the Parquet files the load wrote.
      assert.deepEqual(files.flatMap((f) => readsOf(views.driftSql, f)), []);
      assert.ok(views.driftSql.length > 10, `${views.driftSql.length} drift statements`);
      // The category counts of two whole files read each column from its group file, not the view joining them all.
      const counts = views.driftSql.filter((s) => s.includes('string_agg'));
      if (files.length === 2) {
        assert.ok(counts.length > 0 && counts.every((s) => views.ds.every((d) => !s.includes(d.relation)) && s.includes('read_parquet')), 'count statements read the group files');
        assert.ok(views.ds.every((d) => d.columns.every((c) => groupFileScan(engine, d.relation, c.name) === undefined)), 'released views forget their files');
      }
      assert.deepEqual(views.report, tables.report);
      assert.ok(views.report.dataset.totalColumns > 100);
      assert.deepEqual(leftovers(), [], 'no temporary file left after success');
    } finally {
      engine.close();
      big.close();
    }
  }

  it('reference against current: the same report as the tables, the CSV read only by the load', async () => {
    await viewsAndTables([ref, cur], {});
  });

  it('one file over time (week windows, and chunks that number rows in order): the same report as its table', async () => {
    await viewsAndTables([cur], { timeColumn: 't', window: 'week' }, '256MB');
    await viewsAndTables([cur], { timeColumn: 't', window: '3chunks' }, '256MB');
  });

  it('removes the temporary files after an error and after a cancel (loading or drifting)', async () => {
    const engine = await small();
    try {
      // A file that fails to open: the one that opened is released with its files.
      await assert.rejects(openDriftDatasets(engine, [ref, join(dir, 'missing.csv')]), /missing\.csv/);
      assert.deepEqual(leftovers(), [], 'removed after an error while opening');
      // An error in the drift (an unknown column): the caller's release removes them.
      const ds = await openDriftDatasets(engine, [ref, cur]);
      assert.ok(leftovers().length >= 4, `${leftovers().length} files while open`);
      await assert.rejects(runDrift(engine, ds[0]!, ds[1], { columns: ['no_such_column'] }));
      for (const d of ds) await d.release();
      assert.deepEqual(leftovers(), [], 'removed after an error while drifting');
      // Cancelled while the load writes the files.
      const loading = new AbortController();
      let copies = 0;
      observeStatements((s) => { if (/^COPY/.test(s) && ++copies === 3) loading.abort(); });
      await assert.rejects(openDriftDatasets(engine, [ref, cur], { signal: loading.signal }).finally(() => observeStatements(undefined)), (e) => e instanceof CancelledError);
      assert.ok(copies >= 3);
      assert.deepEqual(leftovers(), [], 'removed after a cancel while loading');
      // Cancelled while drifting (the editor's Cancel, Ctrl-C in the CLI): released as after an error.
      const drifting = new AbortController();
      const opened = await openDriftDatasets(engine, [ref, cur], { signal: drifting.signal });
      let statements = 0;
      observeStatements(() => { if (++statements === 5) drifting.abort(); });
      await assert.rejects(runDrift(engine, opened[0]!, opened[1], {}, { signal: drifting.signal }).finally(() => observeStatements(undefined)), (e) => e instanceof CancelledError);
      for (const d of opened) await d.release();
      assert.deepEqual(leftovers(), [], 'removed after a cancel while drifting');
    } finally {
      engine.close();
    }
  });
});
