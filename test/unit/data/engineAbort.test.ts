import { strict as assert } from 'node:assert';
import { getEventListeners } from 'node:events';
import { Engine } from '../../../src/core/data/engine';
import { CancelledError } from '../../../src/core/errors';

/**
 * One abort listener per signal however many queries run on it at once (drift's month windows run more than ten:
 * Node printed MaxListenersExceededWarning to the CLI's stderr), and aborting still interrupts every one of them.
 */
describe('Engine: cancelling many concurrent queries through one signal', function () {
  this.timeout(60_000);
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 2 }); });
  after(() => engine?.close());

  it('12 queries at once hold one abort listener, leave none behind, and print no MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      let most = 0;
      await Promise.all(Array.from({ length: 12 }, (_, i) => engine.withConnection({ signal: controller.signal }, async (conn) => {
        most = Math.max(most, getEventListeners(controller.signal, 'abort').length);
        return conn.run(`SELECT sum(range) FROM range(${200_000 + i})`);
      })));
      assert.equal(most, 1, 'one listener while they run');
      assert.ok(getEventListeners(controller.signal, 'abort').length <= 1);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(warnings.filter((w) => w === 'MaxListenersExceededWarning'), []);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('aborting interrupts every running query (each ends with CancelledError)', async () => {
    const controller = new AbortController();
    const long = 'SELECT count(*) FROM range(3000000000) a WHERE a.range % 7 = 3';
    const runs = Array.from({ length: 3 }, () => engine.withConnection({ signal: controller.signal }, (conn) => conn.run(long)));
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const results = await Promise.allSettled(runs);
    assert.ok(results.every((r) => r.status === 'rejected' && r.reason instanceof CancelledError), JSON.stringify(results.map((r) => r.status)));
    assert.ok(Date.now() - started < 20_000, 'interrupted, not run to the end');
  });
});
