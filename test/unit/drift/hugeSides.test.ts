import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { cdfDistanceIntegral } from '../../../src/core/drift/cdfDistance';
import { bucketBatchLimit } from '../../../src/core/drift/compareSides';
import { scanGrids } from '../../../src/core/drift/gridScan';
import { bucketValues } from '../../../src/core/drift/bucketCollector';
import { ambiguousBuckets, bucketSteps, gridCdfDistance } from '../../../src/core/drift/gridDistance';
import { pullNumeric } from '../../../src/core/drift/pullSamples';
import { runDrift } from '../../../src/core/drift/runDrift';

/**
 * Drift of huge sides (issue 18, 100M rows under 2 GiB): an undrifted column leaves most grid buckets ambiguous,
 * and their values are read in batches of buckets, each batch integrated (bucketSteps) and dropped. The report
 * is the one of reading every ambiguous value at once, to the last bit.
 */
describe('drift: ambiguous buckets of huge sides read in batches', function () {
  this.timeout(120000);
  let engine: Engine;
  let dir: string;
  const normal = (seed: number) => `round(sqrt(-2 * ln((hash(i, ${seed}) % 100003 + 0.5) / 100003)) * cos(6.283185307179586 * (hash(i, ${seed + 1}) % 100003) / 100003), 3)`;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    dir = mkdtempSync(join(tmpdir(), 'ml-drift-huge-'));
    for (const [name, seed, shift] of [['ref', 1, 0], ['cur', 7, 0.2]] as const) {
      await engine.exec(`COPY (SELECT ${normal(seed)} AS same, ${normal(seed + 2)} + ${shift} AS shifted, (['a', 'b'])[1 + (hash(i, ${seed + 4}) % 2)::BIGINT] AS g FROM range(80000) t(i)) TO '${join(dir, `${name}.parquet`)}' (FORMAT parquet)`);
    }
  });
  after(() => {
    bucketBatchLimit.values = 8 * 2 ** 20;
    engine.close();
  });

  it('bucketSteps: gridCdfDistance from precomputed steps is the same number, and exact', async () => {
    await engine.exec(`CREATE TABLE a AS SELECT ${normal(1)} AS x FROM range(50000) t(i)`);
    await engine.exec(`CREATE TABLE b AS SELECT ${normal(9)} AS x FROM range(40000) t(i)`);
    const spec = { column: 'x', lo: -5, hi: 5, bins: 1280 };
    const [[r], [c]] = await Promise.all([scanGrids(engine, 'a', [spec]), scanGrids(engine, 'b', [spec])]);
    const need = ambiguousBuckets(r!, c!);
    assert.ok(need.length > 100, `${need.length} ambiguous buckets`);
    const [va, vb] = await Promise.all([pullNumeric(engine, 'a', 'x'), pullNumeric(engine, 'b', 'x')]);
    const whole = gridCdfDistance({ ...r!, values: bucketValues(va, r!, need) }, { ...c!, values: bucketValues(vb, c!, need) });
    // In three batches, each with only its own buckets' values.
    const steps = new Map<number, number>();
    for (const part of [need.slice(0, 50), need.slice(50, 120), need.slice(120)]) {
      for (const [b, s] of bucketSteps({ ...r!, values: bucketValues(va, r!, part) }, { ...c!, values: bucketValues(vb, c!, part) }, new Set(part))) steps.set(b, s);
    }
    assert.equal(gridCdfDistance({ ...r!, steps }, { ...c!, steps }), whole);
    const exact = cdfDistanceIntegral(Float64Array.from(va).sort(), Float64Array.from(vb).sort(), 1);
    assert.ok(Math.abs(whole - exact) <= 1e-12 * Math.max(1, exact), `${whole} vs ${exact}`);
  });

  it('runDrift with a batch limit of 2,000 values gives the report of reading them at once', async () => {
    const ref = await loadDataset(engine, join(dir, 'ref.parquet'));
    const cur = await loadDataset(engine, join(dir, 'cur.parquet'));
    bucketBatchLimit.values = 8 * 2 ** 20;
    bucketBatchLimit.batchesRead = 0;
    const once = await runDrift(engine, ref, cur, {});
    assert.equal(bucketBatchLimit.batchesRead, 0);
    bucketBatchLimit.values = 2000;
    const batched = await runDrift(engine, ref, cur, {});
    assert.ok(bucketBatchLimit.batchesRead >= 3, `${bucketBatchLimit.batchesRead} batches`);
    bucketBatchLimit.values = 8 * 2 ** 20;
    assert.deepEqual(batched, once);
    const same = once.columns.find((c) => c.column === 'same')!;
    assert.equal(same.test, 'wasserstein');
    assert.ok(same.score! > 0 && !same.drifted);
    assert.ok(once.columns.find((c) => c.column === 'shifted')!.drifted);
    await ref.release();
    await cur.release();
  });
});
