import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { cdfDistanceIntegral } from '../../../src/core/drift/cdfDistance';
import { identicalBuckets, identicalColumns, scanGrids } from '../../../src/core/drift/gridScan';
import { bucketValues } from '../../../src/core/drift/bucketCollector';
import { ambiguousBuckets, gridCdfDistance } from '../../../src/core/drift/gridDistance';
import { pullNumeric } from '../../../src/core/drift/pullSamples';

/**
 * Issue 18's pathological case: a table compared with an edited copy of itself. Columns equal value for value
 * make nearly every grid bucket ambiguous; identicalColumns / identicalBuckets resolve them without reading
 * values, and the distance stays exact (checked against sorting both samples).
 */
describe('drift: a table against an edited copy of itself', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    await engine.exec(`CREATE TABLE a AS SELECT round(sqrt(-2 * ln((hash(i, 1) % 100003 + 0.5) / 100003)) * cos(6.283185307179586 * (hash(i, 2) % 100003) / 100003), 3) AS x, (hash(i, 3) % 100000)::DOUBLE / 700 AS y FROM range(60000) t(i)`);
    // b: x unchanged (other row order), y changed in 25 rows.
    await engine.exec(`CREATE TABLE b AS SELECT x, CASE WHEN rn % 2400 = 0 THEN y + 0.001 ELSE y END AS y FROM (SELECT *, row_number() OVER () AS rn FROM a ORDER BY hash(x, y))`);
  });
  after(() => engine.close());

  it('finds the unchanged column identical as a whole, and the edited one not', async () => {
    assert.deepEqual(await identicalColumns(engine, 'a', 'b', ['x', 'y']), [true, false]);
  });

  it('an edited column keeps identical buckets except those its edits touched; distances stay exact', async () => {
    const spec = { lo: 0, hi: 100000 / 700 + 1, bins: 1280 };
    const [ra] = await scanGrids(engine, 'a', [{ column: 'y', ...spec }]);
    const [rb] = await scanGrids(engine, 'b', [{ column: 'y', ...spec }]);
    const identical = await identicalBuckets(engine, 'a', 'b', 'y', spec);
    const all = ambiguousBuckets(ra!, rb!);
    const left = ambiguousBuckets({ ...ra!, identical }, { ...rb!, identical });
    assert.ok(all.length > 500, `ambiguous before: ${all.length}`);
    assert.ok(left.length > 0 && left.length <= 50, `ambiguous after: ${left.length}`);
    const [va, vb] = await Promise.all([pullNumeric(engine, 'a', 'y'), pullNumeric(engine, 'b', 'y')]);
    const d = gridCdfDistance({ ...ra!, identical, values: bucketValues(va, ra!, left) }, { ...rb!, identical, values: bucketValues(vb, rb!, left) });
    const exact = cdfDistanceIntegral(Float64Array.from(va).sort(), Float64Array.from(vb).sort(), 1);
    assert.ok(exact > 0);
    assert.ok(Math.abs(d - exact) <= 1e-12 * Math.max(1, exact), `${d} vs ${exact}`);
  });
});
