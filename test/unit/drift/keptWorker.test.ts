import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { runDrift } from '../../../src/core/drift/runDrift';
import { KeptValues, keptWorker } from '../../../src/core/drift/keptValues';
import { columnGrids, type ColumnGrids } from '../../../src/core/drift/keptGrids';
import { touchPages } from '../../../src/core/drift/keptWorker';
import type { NumericGrid } from '../../../src/core/drift/numericGrid';
import { sortDoubles } from '../../../src/core/stats/sortDoubles';

/**
 * Drift over time's kept values with their worker thread (keptWorker.ts, run from its source through tsx): the
 * worker touches the kept pages while values arrive, then builds some kept columns' grids beside the main thread;
 * grids and reports are the same as on one thread.
 */
describe('drift over time: the kept values\' worker thread (keptValues.ts, keptWorker.ts)', function () {
  this.timeout(120000);
  const saved = { ...keptWorker };
  const useWorker = () => Object.assign(keptWorker, { file: join(__dirname, '../../../src/core/drift/keptWorker.ts'), execArgv: ['--require', 'tsx/cjs'], minBytes: 0 });
  afterEach(() => Object.assign(keptWorker, saved));

  it('touching the pages keeps the values already stored there', () => {
    const block = new Float64Array(new SharedArrayBuffer(3 * 4096 * 8));
    for (let i = 0; i < block.length; i++) block[i] = i + 0.25;
    touchPages({ words: new Int32Array(block.buffer), offsets: Float64Array.from([0, 4096 * 2]), rows: Float64Array.from([2048, 2048]), columns: 2, stop: new Int32Array(1) });
    assert.ok(block.every((x, i) => x === i + 0.25));
  });

  /** Windows of `rows`, `columns` columns of values spread over [0, 100), NaN among them; kept and replayed with or without the worker. */
  async function replayed(withWorker: boolean, rows: number[], columns: number): Promise<{ grids: Map<number, NumericGrid[]>; remote: number }> {
    if (withWorker) useWorker();
    const kept = new KeptValues(rows, columns);
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    rows.forEach((n, slot) => {
      for (let k = 0; k < columns; k++) {
        const v = Float64Array.from({ length: n }, (_x, i) => (i % 997 === 0 ? NaN : Math.floor(next() * 1e6) / 1e4));
        for (let at = 0; at < n; at += 1000) kept.sink(slot, k)!.add(v.subarray(at, Math.min(n, at + 1000)), Math.min(1000, n - at));
      }
    });
    // Gives the worker time to start and touch the pages (it then takes columns beside this thread).
    if (withWorker) await new Promise((r) => setTimeout(r, 1500));
    const shapes = Array.from({ length: columns }, () => ({ lo: 0, hi: 100, bins: 640 }));
    const windowShapes = shapes.map((s) => ({ ...s, bins: 160 }));
    const local: ColumnGrids[] = shapes.map((s, k) => columnGrids(s, windowShapes[k]!, rows.length));
    const remote = await kept.replayGrids(shapes, windowShapes, (k) => local[k]!);
    const out = new Map<number, NumericGrid[]>();
    for (let k = 0; k < columns; k++) {
      const r = remote.get(k);
      out.set(k, r ? [...r.sides, ...r.windows] : [...local[k]!.sides, ...local[k]!.windows].map((g) => g.finish()));
    }
    return { grids: out, remote: remote.size };
  }

  it('the worker builds some columns\' grids, the same as one thread builds them', async () => {
    const rows = [30000, 1, 0, 45000, 20000];
    const alone = await replayed(false, rows, 24);
    const both = await replayed(true, rows, 24);
    assert.equal(alone.remote, 0);
    assert.ok(both.remote > 0 && both.remote < 24, `${both.remote} columns on the worker`);
    assert.deepEqual(both.grids, alone.grids);
    // Both sides and the windows with rows hold values (the comparison compares something).
    const g = alone.grids.get(3)!;
    assert.ok(g[0]!.finite > 0 && g[1]!.finite > 0 && g[2 + 4]!.finite > 0);
  });

  it('sorting pass 2\'s values stored over the kept values: shared with the worker, the same order as sortDoubles', async () => {
    useWorker();
    const rows = [400000, 400000];
    const kept = new KeptValues(rows, 4);
    let seed = 11;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    rows.forEach((n, slot) => {
      for (let k = 0; k < 4; k++) kept.sink(slot, k)!.add(Float64Array.from({ length: n }, (_x, i) => (i % 5 === 0 ? -0 : i % 7 === 0 ? 0 : Math.round(next() * 1e5) / 100)), n);
    });
    await new Promise((r) => setTimeout(r, 1500));
    // Buckets of 20,000 values over each window's column 0 and 1, and one array of fresh memory (sorted here).
    const groups = [0, 1].flatMap((slot) => [0, 1].map((k) => new Map(Array.from({ length: 20 }, (_x, b) => [b, kept.memory(slot, k)!.subarray(b * 20000, (b + 1) * 20000)]))));
    const fresh = Float64Array.from({ length: 1000 }, () => next());
    groups.push(new Map([[0, fresh]]));
    const expected = groups.map((g) => [...g.values()].map((v) => sortDoubles(Float64Array.from(v))));
    const remote = await kept.sortAll(groups);
    assert.ok(remote > 0 && remote < 80, `${remote} of 80 arrays sorted by the worker`);
    groups.forEach((g, i) => [...g.values()].forEach((v, j) => assert.ok(v.every((x, t) => Object.is(x, expected[i]![j]![t])), `group ${i} array ${j}`)));
  });

  it('drift over time with the worker gives the report of one thread', async () => {
    const engine = await Engine.create({ threads: 2 });
    const dir = mkdtempSync(join(tmpdir(), 'ml-drift-kept-worker-'));
    try {
      await engine.exec(`COPY (SELECT TIMESTAMP '2026-01-05' + to_minutes((i * 97 % 40000)::BIGINT * 3) AS t,
          ((hash(i, 1) % 100003)::DOUBLE / 1000) + CASE WHEN i * 97 % 40000 > 20000 THEN 5 ELSE 0 END AS x,
          CASE WHEN hash(i, 2) % 10 = 0 THEN NULL ELSE (hash(i, 3) % 5003)::DOUBLE / 7 END AS y,
          (hash(i, 4) % 1000)::BIGINT AS k
        FROM range(40000) r(i)) TO '${join(dir, 'w.parquet')}' (FORMAT parquet)`);
      const run = async () => {
        const ds = await loadDataset(engine, join(dir, 'w.parquet'));
        try {
          return JSON.stringify(await runDrift(engine, ds, undefined, { timeColumn: 't', window: 'week' }));
        } finally {
          await ds.release();
        }
      };
      const alone = await run();
      useWorker();
      assert.equal(await run(), alone);
    } finally {
      await engine.close();
    }
  });
});
