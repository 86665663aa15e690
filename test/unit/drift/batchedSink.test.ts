import assert from 'node:assert/strict';
import { BatchedSink, type Sink } from '../../../src/core/drift/windowGrids';

/** A sink that records every batch it gets (a copy: the sender reuses its buffer). */
function recorder(): Sink & { batches: number[][] } {
  const batches: number[][] = [];
  return { batches, add: (values, n) => void batches.push(Array.from(values.subarray(0, n))) };
}

describe('BatchedSink', () => {
  it('forwards the same values in the same order, in batches of its size and the rest at flush', () => {
    const to = recorder();
    const sink = new BatchedSink(to, 8);
    let next = 0;
    // Batches smaller than, equal to and larger than the buffer, and one that is only partly used (n < length).
    for (const [length, n] of [[3, 3], [8, 8], [20, 17], [1, 1], [5, 0], [6, 4]] as const) {
      const values = Float64Array.from({ length }, (_x, i) => (i < n ? next + i : -1));
      next += n;
      sink.add(values, n);
    }
    assert.deepEqual(to.batches.map((b) => b.length), [8, 8, 8, 8]);
    sink.flush();
    assert.deepEqual(to.batches.map((b) => b.length), [8, 8, 8, 8, 1]);
    assert.deepEqual(to.batches.flat(), Array.from({ length: next }, (_x, i) => i));
    sink.flush();
    assert.equal(to.batches.length, 5, 'nothing left to forward');
  });

  it('forwards nothing when it got nothing', () => {
    const to = recorder();
    new BatchedSink(to, 4).flush();
    assert.deepEqual(to.batches, []);
  });
});
