import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { CancelledError } from '../../../src/core/errors';
import { predictBlocks, type ScoredBlock } from '../../../src/core/models/predictBlocks';
import type { Model } from '../../../src/core/models/types';
import { disposePredictWorkers } from '../../../src/core/models/xgboost/predictWorkers';
import { loadFixture } from './xgbFixtures';

const ROWS = 150_000;
const BLOCK = 65536;

describe('predictBlocks: read, score and hand over blocks in file order', function () {
  this.timeout(60000);
  let engine: Engine;
  const model = loadFixture('missing').model;
  const F = model.numFeatures;
  // Deterministic features with NULLs (missing), some rows without any.
  const from = `(SELECT ${Array.from({ length: F }, (_, j) => `CASE WHEN (i * ${j + 3}) % ${11 + j} = 0 THEN NULL ELSE ((i * ${7 + 2 * j}) % 23)::DOUBLE / 4 - 2 END AS c${j}`).join(', ')} FROM range(${ROWS}) t(i))`;
  const columns = Array.from({ length: F }, (_, j) => `c${j}`);
  before(async () => {
    engine = await Engine.create({ threads: 2 });
  });
  after(async () => {
    engine.close();
    await disposePredictWorkers();
  });

  for (const [name, m] of [['worker threads (predictMarginAsync)', model], ['a model without predictMarginAsync', { ...model, predictMarginAsync: undefined }]] as [string, Model][]) {
    it(`${name}: every block once, in order, with predictMargin's margins`, async () => {
      const seen: ScoredBlock[] = [];
      const rows = await predictBlocks(engine, from, columns, m, BLOCK, async (block) => {
        // A slow consumer: later blocks are read and scored meanwhile, but still arrive in order.
        await new Promise((ok) => setTimeout(ok, seen.length === 0 ? 50 : 1));
        seen.push(block);
      });
      assert.equal(rows, ROWS);
      assert.deepEqual(seen.map((b) => [b.start, b.n]), [[0, BLOCK], [BLOCK, BLOCK], [2 * BLOCK, ROWS - 2 * BLOCK]]);
      for (const b of seen) assert.deepEqual(b.margin, model.predictMargin(b.X, b.n));
    });
  }

  it('an error of the consumer rejects the call (and nothing is left unhandled)', async () => {
    let calls = 0;
    await assert.rejects(
      predictBlocks(engine, from, columns, model, BLOCK, () => {
        if (++calls === 2) throw new Error('disk full');
      }),
      /disk full/,
    );
    assert.equal(calls, 2);
  });

  it('cancellation rejects with CancelledError', async () => {
    const ac = new AbortController();
    await assert.rejects(
      predictBlocks(engine, from, columns, model, BLOCK, () => ac.abort(), { signal: ac.signal }),
      CancelledError,
    );
  });
});
