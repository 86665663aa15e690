import assert from 'node:assert/strict';
import { cachedWindowOf, windowOf } from '../../../src/core/evaluate/windowKey';
import { mulberry32 } from '../../../src/core/random';

describe('evaluate: cachedWindowOf answers as windowOf', () => {
  it('times in order, shuffled, in gaps, before, after and at the edges; overlapping windows fall back to the search', () => {
    const rng = mulberry32(9);
    // Weekly windows with a gap (week 3 has no rows), as epoch seconds.
    const starts = Float64Array.from([0, 1, 2, 4, 5].map((k) => k * 604800));
    const ends = Float64Array.from([1, 2, 3, 5, 6].map((k) => k * 604800));
    const times = [
      ...Array.from({ length: 2000 }, (_, i) => -1000 + i * 2000),
      ...Array.from({ length: 2000 }, () => (rng() - 0.1) * 4.2e6),
      ...Array.from(starts), ...Array.from(ends), NaN, -Infinity, Infinity,
    ];
    const cached = cachedWindowOf(starts, ends);
    const hits = new Set<number>();
    for (const t of times) {
      const want = windowOf(starts, ends, t);
      assert.equal(cached(t), want, `t=${t}`);
      hits.add(want);
    }
    assert.deepEqual([...hits].sort((a, b) => a - b), [-1, 0, 1, 2, 3, 4], 'every window and the gap were visited');
    const overlapping = cachedWindowOf(Float64Array.from([0, 5]), Float64Array.from([10, 20]));
    for (const t of [1, 7, 12, 7, 1, 25]) assert.equal(overlapping(t), windowOf(Float64Array.from([0, 5]), Float64Array.from([10, 20]), t));
  });
});
