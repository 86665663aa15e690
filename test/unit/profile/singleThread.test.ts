import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { singleThread } from '../../../src/core/profile/singleThread';

/** The wide profile's one-thread hold on a shared engine (the extension host runs several analyses on one engine). */
describe('singleThread: overlapping holds on one engine', function () {
  this.timeout(60000);
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 2 }); });
  after(() => engine.close());
  const threads = async () => Number((await engine.run(`SELECT current_setting('threads') AS v`))[0]!['v']);

  it('two overlapping holds: one thread until the last is released, then the engine\'s own count (either order)', async () => {
    for (const order of [[0, 1], [1, 0]]) {
      const holds = await Promise.all([singleThread(engine), singleThread(engine)]);
      assert.equal(await threads(), 1);
      await holds[order[0]!]!();
      assert.equal(await threads(), 1, 'the other hold is still running');
      await holds[order[1]!]!();
      assert.equal(await threads(), 2, 'restored to the engine\'s count, not to the 1 a second hold saw');
    }
  });

  it('releasing twice releases once; a later hold starts afresh', async () => {
    const a = (await singleThread(engine))!;
    const b = (await singleThread(engine))!;
    await a();
    await a();
    assert.equal(await threads(), 1, 'b still holds');
    await b();
    assert.equal(await threads(), 2);
    const c = (await singleThread(engine))!;
    assert.equal(await threads(), 1);
    await c();
    assert.equal(await threads(), 2);
  });
});
