import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { quoteIdent } from '../../../src/core/data/sql';
import { readDoubles } from '../../../src/core/versions/readDoubles';

describe('readDoubles', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create({ threads: 2 });
    // 5,000 rows over several DuckDB chunks: x with a NULL every 7th row, a label column, a text column.
    await engine.exec(`CREATE TABLE t AS SELECT i, CASE WHEN i % 7 = 3 THEN NULL ELSE i * 0.5 END AS x, (i % 2 = 0) AS flag, 'v' || i AS s FROM range(5000) r(i) ORDER BY i`);
  });
  after(() => engine.close());

  it('reads expressions in row order, NULL as NaN, across chunks', async () => {
    const [x, flag, code] = await readDoubles(engine, 't', [quoteIdent('x'), quoteIdent('flag'), `CASE ${quoteIdent('s')} WHEN 'v10' THEN 1 END`], 5000);
    assert.equal(x!.length, 5000);
    for (let i = 0; i < 5000; i++) {
      if (i % 7 === 3) assert.ok(Number.isNaN(x![i]!), `row ${i} is NULL`);
      else assert.equal(x![i], i * 0.5, `row ${i}`);
      assert.equal(flag![i], i % 2 === 0 ? 1 : 0);
      assert.equal(Number.isNaN(code![i]!), i !== 10);
    }
  });

  it('stops at the row count it is given', async () => {
    const [x] = await readDoubles(engine, 't', [quoteIdent('i')], 3000);
    assert.equal(x!.length, 3000);
    assert.equal(x![2999], 2999);
  });
});
