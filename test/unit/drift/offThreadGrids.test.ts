import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { openDriftDatasets } from '../../../src/core/drift/openDriftDatasets';
import { runDrift } from '../../../src/core/drift/runDrift';
import { scanGrids, type GridSpec } from '../../../src/core/drift/gridScan';
import { bothSidesGrids, gridWorker, OFF_THREAD_MIN_ROWS, offThreadStats, workerGrids, type WorkerScript } from '../../../src/core/drift/offThreadGrids';
import type { NumericGrid } from '../../../src/core/drift/numericGrid';

/** The worker from its TypeScript source (the bundle's dist/driftGridWorker.js is not there when tests run from sources). */
const SOURCE_WORKER: WorkerScript = { file: join(__dirname, '../../../src/core/drift/gridWorker.ts'), execArgv: ['--require', 'tsx/cjs'] };

/** Grids as plain data, the cells' bits included (−0, NaN and the last bit of Σt count). */
const bits = (grids: readonly NumericGrid[]) => grids.map((g) => ({ lo: g.lo, hi: g.hi, bins: g.bins, finite: g.finite, dropped: g.dropped, cells: Buffer.from(g.cells.buffer, g.cells.byteOffset, g.cells.byteLength).toString('base64') }));

/**
 * A two-file drift builds the current side's grids on a worker thread (offThreadGrids.ts, issue 18: the grids'
 * JavaScript was the longest step of a 1M × 20 CSV drift after the loads, on one core). The grids, and so the
 * report, must be those of the calling thread's scanGrids to the last bit.
 */
describe('drift grids on a worker thread', function () {
  this.timeout(300000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-drift-worker-'));
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    // NULLs, NaN and ±Infinity among the values, a column without NULLs, one with a few distinct values.
    await engine.exec(`CREATE TABLE side AS SELECT
      CASE WHEN i % 97 = 0 THEN NULL WHEN i % 1009 = 0 THEN 'NaN'::DOUBLE WHEN i % 2003 = 0 THEN 'Infinity'::DOUBLE ELSE sin(i) * 1000 + (i % 13) / 7 END AS a,
      (i * 7919 % 100003) / 3.0 AS b,
      CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 4)::DOUBLE END AS c
      FROM range(300000) t(i)`);
  });
  after(async () => {
    gridWorker.script = undefined;
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const specs: GridSpec[] = [{ column: 'a', lo: -1000, hi: 1002, bins: 40960 }, { column: 'b', lo: 0, hi: 33334.4, bins: 20480 }, { column: 'c', lo: 0, hi: 3, bins: 1280 }];

  it('workerGrids gives scanGrids\' grids bit for bit (NULLs skipped, NaN/±Infinity dropped and counted)', async () => {
    const here = await scanGrids(engine, 'side', specs);
    const there = await workerGrids(engine, { kind: 'relation', relation: 'side' }, specs, SOURCE_WORKER);
    assert.ok(here[0]!.dropped > 0 && here[0]!.finite > 0);
    assert.deepEqual(bits(there), bits(here));
  });

  it('a worker that fails makes the grids fail (no hang, no partial grids)', async () => {
    const bad = join(dir, 'bad.js');
    writeFileSync(bad, 'throw new Error("broken worker");\n');
    await assert.rejects(workerGrids(engine, { kind: 'relation', relation: 'side' }, specs, { file: bad }), /broken worker|drift grid worker exited/);
  });

  it('bothSidesGrids: the reference here, the current on the worker, above OFF_THREAD_MIN_ROWS', async () => {
    const source = { kind: 'relation' as const, relation: 'side' };
    gridWorker.script = { file: join(dir, 'missing.js') };
    // Below the threshold no worker starts (the missing script would fail).
    const small = await bothSidesGrids(engine, source, source, OFF_THREAD_MIN_ROWS - 1, specs);
    await assert.rejects(bothSidesGrids(engine, source, source, OFF_THREAD_MIN_ROWS, specs));
    gridWorker.script = SOURCE_WORKER;
    const [r, c] = await bothSidesGrids(engine, source, source, OFF_THREAD_MIN_ROWS, specs);
    assert.deepEqual(bits(r), bits(small[0]));
    assert.deepEqual(bits(c), bits(small[1]));
  });

  it('a drift of two CSV files reports the same JSON with the worker as without', async () => {
    const write = (name: string, shift: number) => {
      const lines = ['x,y,z,cat'];
      for (let i = 0; i < 260000; i++) lines.push(`${i % 89 === 0 ? '' : (Math.sin(i + shift) * 50 + shift).toFixed(4)},${((i * 104729) % 20011) / 37 + shift / 10},${i % 9},${'abc'[i % 3]}`);
      const p = join(dir, name);
      writeFileSync(p, `${lines.join('\n')}\n`);
      return p;
    };
    const files = [write('ref.csv', 0), write('cur.csv', 1)];
    const report = async (script: WorkerScript | null) => {
      gridWorker.script = script;
      const [ref, cur] = await openDriftDatasets(engine, files);
      try {
        return JSON.stringify(await runDrift(engine, ref!, cur!, {}));
      } finally {
        await ref!.release();
        await cur!.release();
      }
    };
    const started = offThreadStats.workers;
    const withWorker = await report(SOURCE_WORKER);
    assert.equal(offThreadStats.workers, started + 1, 'one worker built the current side\'s grids');
    assert.match(withWorker, /"column":"x"/);
    assert.equal(withWorker, await report(null));
  });
});
