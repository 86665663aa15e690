import assert from 'node:assert/strict';
import { GridBuilder, gridEdge, type NumericGrid } from '../../../src/core/drift/numericGrid';
import { mulberry32 } from '../../../src/core/random';

/** The next double above x (x finite). */
function nextUp(x: number): number {
  const f = new Float64Array([x]);
  const u = new BigInt64Array(f.buffer);
  if (x === 0) return Number.MIN_VALUE;
  u[0] = u[0]! + (x > 0 ? 1n : -1n);
  return f[0]!;
}

/** The grid of `values` through add's no-NULL path and through its masked path (every bit set), in slices of 1,000. */
function bothPaths(lo: number, hi: number, bins: number, values: Float64Array): [NumericGrid, NumericGrid] {
  const fast = new GridBuilder(lo, hi, bins);
  const masked = new GridBuilder(lo, hi, bins);
  for (let o = 0; o < values.length; o += 1000) {
    const part = values.subarray(o, Math.min(values.length, o + 1000));
    fast.add(part, part.length);
    masked.add(part, part.length, new Uint32Array(Math.ceil(part.length / 32)).fill(0xffffffff));
  }
  return [fast.finish(), masked.finish()];
}

// GridBuilder.add without NULLs runs its own loop (floor as `| 0`, one edge a value); the drift reports must not
// change by a bit, so its cells are compared with the general loop's, value for value, where rounding is hardest.
describe('GridBuilder.add: the no-NULL path gives the cells of the general path bit for bit', () => {
  const rnd = mulberry32(77);
  for (const [lo, hi, bins] of [[0, 1, 20], [-3.7, 11.3, 1280], [18.5724, 60.4185, 40960], [0, 99, 40960], [1e6, 1e6 + 0.3, 1280], [-5e-300, 5e-300, 40]] as const) {
    it(`[${lo}, ${hi}] on ${bins} buckets: edges, their neighbours, 4-decimal values, integers, ±0, out of range and non-finite`, () => {
      const xs: number[] = [lo, hi, -0, 0, NaN, Infinity, -Infinity, lo - 1, hi + 1, lo - 1e300, hi + 1e300];
      for (let k = 0; k <= bins; k++) {
        const e = gridEdge(lo, hi, bins, k);
        xs.push(e, nextUp(e), -nextUp(-e));
      }
      for (let k = 0; k < 3000; k++) {
        const x = lo + rnd() * (hi - lo);
        xs.push(x, Math.round(x * 1e4) / 1e4, Math.round(x));
      }
      const values = Float64Array.from(xs);
      const [fast, masked] = bothPaths(lo, hi, bins, values);
      assert.equal(fast.finite, masked.finite);
      assert.equal(fast.dropped, masked.dropped);
      assert.equal(fast.dropped, 3);
      for (let k = 0; k < fast.cells.length; k++) assert.ok(Object.is(fast.cells[k], masked.cells[k]), `cell ${k}: ${fast.cells[k]} vs ${masked.cells[k]}`);
    });
  }

  it('a grid of zero width (lo = hi) puts every finite value in bucket 0 on both paths', () => {
    const [fast, masked] = bothPaths(2, 2, 20, Float64Array.from([2, 2, NaN, 2]));
    assert.deepEqual([...fast.cells], [...masked.cells]);
    assert.equal(fast.cells[0], 3);
  });
});
