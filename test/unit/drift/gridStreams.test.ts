import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { openDriftDatasets } from '../../../src/core/drift/openDriftDatasets';
import { runDrift } from '../../../src/core/drift/runDrift';
import { gridStreamLimit } from '../../../src/core/drift/gridScan';

/**
 * Issue 18, drift of two 10,000-column CSVs: each side's grids came from one stream of 6,000 columns (625–820 MiB of
 * engine memory). A side wider than gridStreamLimit streams in parts: a wide CSV's group-file view one group file at
 * a time, read directly; any other source in runs of columns. The grids, and so the report, are the same.
 */
describe('drift: grids of a wide side streamed in parts', function () {
  this.timeout(600000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-grid-streams-'));
  const spill = join(dir, 'spill');
  after(() => rmSync(dir, { recursive: true, force: true }));

  function wideCsv(name: string, shift: number, cols: number, rows: number): string {
    const lines = [Array.from({ length: cols }, (_, j) => `f${j}`).join(',')];
    for (let i = 0; i < rows; i++) {
      lines.push(Array.from({ length: cols }, (_, j) => {
        if (j % 3 === 0) return (((i * 13 + j) % 1000) / 8 + shift * (j % 2) * (i % 5)).toFixed(3); // decimals
        if (j % 3 === 1) return String((i * 7 + j + shift * (j % 3)) % 9973); // integers
        return ['a', 'b', 'c', ''][(i + j + shift * (i % 3)) % 4]!; // categories with empties
      }).join(','));
    }
    const p = join(dir, name);
    writeFileSync(p, `${lines.join('\n')}\n`);
    return p;
  }

  async function drift(files: string[], limit: number, memoryLimit: string) {
    const engine = await Engine.create({ memoryLimit, threads: 1, tempDirectory: spill });
    const saved = gridStreamLimit.columns;
    const sql: string[] = [];
    try {
      gridStreamLimit.columns = limit;
      const ds = await openDriftDatasets(engine, files);
      observeStatements((s) => sql.push(s));
      try {
        const report = await runDrift(engine, ds[0]!, ds[1], {});
        return { report, streams: sql.filter((s) => /^SELECT \("f\d+"\)::DOUBLE AS c0, /.test(s)), fileViews: ds.map((d) => d.fileView === true) };
      } finally {
        observeStatements(undefined);
        for (const d of ds) await d.release();
      }
    } finally {
      gridStreamLimit.columns = saved;
      engine.close();
    }
  }
  const columnsOf = (s: string) => (s.match(/::DOUBLE AS c\d+/g) ?? []).length;

  it('reads a wide CSV view\'s grids and bucket values from its group files directly, with the report of one stream', async () => {
    mkdirSync(spill, { recursive: true });
    const files = [wideCsv('ref.csv', 0, 140, 2000), wideCsv('cur.csv', 1, 140, 2000)];
    // 128 MB: each file a view over the CSV, its columns in two group files (wideCsvDrift.test.ts).
    const one = await drift(files, 1024, '128MB');
    const parts = await drift(files, 20, '128MB');
    assert.deepEqual(one.fileViews, [true, true]);
    assert.deepEqual(parts.report, one.report);
    // 94 numeric columns a side. One stream: each side's grids over the view (two group files), then the bucket
    // values' passes, each over the group files holding its columns, read directly (a pass over the view bound all
    // of them). In parts: every stream reads a group file, the grids' in runs of at most 20 columns.
    const overView = (r: typeof one) => r.streams.filter((s) => !/ FROM read_parquet\(/.test(s));
    assert.deepEqual(overView(one).map(columnsOf), [94, 94]);
    assert.ok(one.streams.length > 2, `streams: ${one.streams.length}`);
    assert.deepEqual(overView(parts), []);
    const total = (r: typeof one) => r.streams.reduce((n, s) => n + columnsOf(s), 0);
    assert.equal(total(parts), total(one));
    const gridParts = parts.streams.slice(0, parts.streams.length - (one.streams.length - 2));
    assert.equal(gridParts.reduce((n, s) => n + columnsOf(s), 0), 2 * 94);
    assert.ok(gridParts.length >= 2 * Math.ceil(94 / 20) && gridParts.every((s) => columnsOf(s) <= 20), gridParts.map(columnsOf).join(' '));
  });

  it('streams any other wide side in runs of columns, with the report of one stream', async () => {
    const files = [wideCsv('ref2.csv', 0, 40, 3000), wideCsv('cur2.csv', 2, 40, 3000)];
    const one = await drift(files, 1024, '1GB');
    const parts = await drift(files, 7, '1GB');
    assert.deepEqual(one.fileViews, [false, false]);
    assert.deepEqual(parts.report, one.report);
    // 27 numeric columns a side: one stream of 27 against runs of 7, 7, 7 and 6.
    assert.equal(one.streams.filter((s) => columnsOf(s) === 27).length, 2);
    assert.deepEqual(parts.streams.filter((s) => columnsOf(s) >= 6 && columnsOf(s) <= 7).map(columnsOf).sort(), [6, 6, 7, 7, 7, 7, 7, 7]);
  });
});
