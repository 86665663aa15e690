import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { oneWriterAtATime } from '../../../src/core/data/wideCsvParquet';

/**
 * The reads that write a wide CSV's group files are each sized to the engine's memory limit (copyToParquetSql):
 * two at once (drift loads its two files at once) ran out of memory at 128 MB. They run one at a time per engine.
 */
describe('oneWriterAtATime: group-file writes of one engine run in turn', () => {
  it('a second write starts only when the first has ended, also after a failure; another engine does not wait', async () => {
    const engine = await Engine.create({ memoryLimit: '128MB', threads: 1 });
    const other = await Engine.create({ memoryLimit: '128MB', threads: 1 });
    try {
      const events: string[] = [];
      let endFirst!: () => void;
      const first = oneWriterAtATime(engine, async () => {
        events.push('first start');
        await new Promise<void>((r) => (endFirst = r));
        events.push('first end');
        throw new Error('first failed');
      });
      const second = oneWriterAtATime(engine, async () => {
        events.push('second start');
        return 2;
      });
      const elsewhere = oneWriterAtATime(other, async () => {
        events.push('other engine');
        return 3;
      });
      assert.equal(await elsewhere, 3);
      await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(events, ['first start', 'other engine'], 'the second write waits for the first');
      endFirst();
      await assert.rejects(first, /first failed/);
      assert.equal(await second, 2);
      assert.deepEqual(events, ['first start', 'other engine', 'first end', 'second start']);
    } finally {
      engine.close();
      other.close();
    }
  });
});
