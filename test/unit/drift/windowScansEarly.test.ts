import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { keptValuesBudget } from '../../../src/core/drift/keptValues';
import { runDrift } from '../../../src/core/drift/runDrift';

/**
 * Drift over time of one file (windowPasses.ts): every window's column scans (one statement grouped by window)
 * start once the plan is known, so DuckDB scans while the main thread builds the samples and the top-level
 * comparison; they ran alone after it. Seen in the order of statements: the scans come before pass 2's stream.
 */
describe('drift over time: the windows\' column scans start before pass 2', function () {
  this.timeout(120000);
  let engine: Engine;
  let file: string;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    file = join(mkdtempSync(join(tmpdir(), 'ml-drift-early-')), 'weeks.parquet');
    const u = (k: number) => `((hash(i, ${k}) % 1000003)::DOUBLE + 0.5) / 1000003`;
    await engine.exec(`COPY (SELECT TIMESTAMP '2026-01-05' + to_minutes((i * 97 % 30000)::BIGINT * 2) AS t,
        round(${u(1)} * 10 + CASE WHEN i * 97 % 30000 > 15000 THEN 0.5 ELSE 0 END, 4) AS x, ${u(2)} AS y,
        (['a', 'b', 'c'])[1 + floor(${u(3)} * 3)::BIGINT] AS g
      FROM range(30000) r(i)) TO '${file}' (FORMAT parquet)`);
  });
  after(() => engine.close());

  it('with no values kept (pass 2 streams again): the windows\' scans are issued before it, the report is the same', async () => {
    const ds = await loadDataset(engine, file);
    const settings = { timeColumn: 't', window: 'week' };
    const saved = keptValuesBudget.bytes;
    const seen: string[] = [];
    try {
      const kept = await runDrift(engine, ds, undefined, settings);
      keptValuesBudget.bytes = 0;
      observeStatements((sql) => seen.push(sql));
      const streamed = await runDrift(engine, ds, undefined, settings);
      observeStatements(undefined);
      assert.deepEqual(streamed, kept);
    } finally {
      observeStatements(undefined);
      keptValuesBudget.bytes = saved;
      await ds.release();
    }
    const streams = seen.flatMap((sql, i) => (/ AS c0, /.test(sql) ? [i] : []));
    const scans = seen.flatMap((sql, i) => (/AS "window_key", CAST\(count\(\*\) AS BIGINT\) AS "n", CAST\(count\("x"\)/.test(sql) ? [i] : []));
    assert.equal(streams.length, 2, 'pass 1 and pass 2 stream the file');
    assert.equal(scans.length, 1, 'one grouped scan of every window');
    assert.ok(streams[0]! < scans[0]! && scans[0]! < streams[1]!, `scans at statement ${scans[0]}, streams at ${streams.join(', ')}`);
  });
});
