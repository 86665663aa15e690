import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { gridBatch, scanGrids } from '../../../src/core/drift/gridScan';

// scanGrids adds each column's values a batch at a time, column j's first batch cut short by j / columns of a
// batch (the columns' adds spread over the chunks). Where the batches end must not change a grid by a bit.
describe('scanGrids: batches of any length, staggered per column, give the grids of one add a column', function () {
  this.timeout(60000);
  const ROWS = 20000;
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
  });
  after(() => engine.close());

  it('three columns (NULLs, NaN, values on the range ends) in batches of 3,000 and of 5,000 values: the same cells as one add a column', async () => {
    // c0 is a full-precision double, c1 rounded to 4 decimals, c2 a small integer; every 7th c1 is NULL, every 11th c0 NaN.
    await engine.exec(`CREATE OR REPLACE TABLE batches AS SELECT CASE WHEN i % 11 = 0 THEN 'nan'::DOUBLE ELSE sin(i) * 1000 END AS c0, CASE WHEN i % 7 = 0 THEN NULL ELSE round(cos(i * 0.37) * 50, 4) END AS c1, (i * 7919) % 13 AS c2 FROM range(${ROWS}) t(i)`);
    const specs = [{ column: 'c0', lo: -1000, hi: 1000, bins: 1280 }, { column: 'c1', lo: -50, hi: 50, bins: 40960 }, { column: 'c2', lo: 0, hi: 12, bins: 20 }];
    const saved = gridBatch.values;
    try {
      // 2^18 values a batch: each column's 20,000 values in one add, as an in-memory grid would take them.
      const whole = await scanGrids(engine, 'batches', specs);
      for (const values of [3000, 5000]) {
        gridBatch.values = values;
        const parts = await scanGrids(engine, 'batches', specs);
        for (let j = 0; j < specs.length; j++) {
          assert.deepEqual([parts[j]!.finite, parts[j]!.dropped], [whole[j]!.finite, whole[j]!.dropped]);
          assert.deepEqual(parts[j]!.cells, whole[j]!.cells, `${specs[j]!.column} in batches of ${values}`);
        }
      }
      assert.equal(whole[0]!.dropped, Math.ceil(ROWS / 11));
      assert.equal(whole[1]!.finite, ROWS - Math.ceil(ROWS / 7));
      assert.equal(whole[2]!.finite, ROWS);
    } finally {
      gridBatch.values = saved;
    }
  });
});
