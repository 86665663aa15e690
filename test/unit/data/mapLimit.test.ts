import assert from 'node:assert/strict';
import { mapLimit } from '../../../src/core/data/mapLimit';

describe('mapLimit', () => {
  it('keeps input order and never has more than `limit` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (x, i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, x * 3));
      inFlight--;
      return `${i}:${x * 10}`;
    });
    assert.deepEqual(out, ['0:50', '1:10', '2:40', '3:20', '4:30', '5:0']);
    assert.equal(peak, 2);
  });

  it('rejects with the first error and handles empty input', async () => {
    await assert.rejects(mapLimit([1, 2, 3], 3, async (x) => { if (x === 2) throw new Error('boom'); return x; }), /boom/);
    assert.deepEqual(await mapLimit([], 4, async (x: number) => x), []);
  });
});
