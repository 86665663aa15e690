import assert from 'node:assert/strict';
import { GridBuilder, gridEdge, type NumericGrid } from '../../../src/core/drift/numericGrid';
import { BucketCollector } from '../../../src/core/drift/bucketCollector';
import { mulberry32 } from '../../../src/core/random';

// GridBuilder.addPair / BucketCollector.addPair (a window's grid and its side's in one walk, windowPasses.ts) must
// give what two separate adds give, bit for bit: the reports of drift over time are compared byte for byte.

const rnd = mulberry32(1812);

/** Values on [lo, hi]: uniform, the range's ends, every fine edge (ties on bucket boundaries), repeats, NaN/±Infinity. */
function awkward(lo: number, hi: number, fineBins: number, n: number): Float64Array {
  const out: number[] = [lo, hi, lo, hi];
  for (let b = 0; b <= fineBins; b += 1 + Math.floor(rnd() * 7)) {
    const e = gridEdge(lo, hi, fineBins, b);
    out.push(e, e, Math.min(hi, e + Number.EPSILON * Math.abs(e)), Math.max(lo, e - Number.EPSILON * Math.abs(e)));
  }
  for (let i = 0; i < n; i++) {
    const r = rnd();
    out.push(r < 0.01 ? NaN : r < 0.015 ? Infinity : r < 0.02 ? -Infinity : r < 0.3 ? lo + Math.floor(rnd() * 10) * ((hi - lo) / 10) : lo + rnd() * (hi - lo));
  }
  // Shuffled, so the min and max of a bucket are not simply its first and last values.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return Float64Array.from(out);
}

/** `values` in batches of `size`, as the Router and KeptValues give them (the sums' order is the batches' order). */
function inBatches(values: Float64Array, size: number, each: (batch: Float64Array) => void): void {
  for (let at = 0; at < values.length; at += size) each(values.subarray(at, Math.min(values.length, at + size)));
}

function sameGrid(a: NumericGrid, b: NumericGrid, what: string): void {
  assert.equal(a.bins, b.bins, what);
  assert.equal(a.finite, b.finite, `${what}: finite`);
  assert.equal(a.dropped, b.dropped, `${what}: dropped`);
  for (let i = 0; i < a.cells.length; i++) if (!Object.is(a.cells[i], b.cells[i])) assert.fail(`${what}: cell ${i} is ${a.cells[i]}, two adds give ${b.cells[i]}`);
}

const ranges: [number, number][] = [[0, 1], [-3.7, 12.25], [4.988, 157.3], [-1e6, -999.5], [1e9, 1e9 + 12345.678], [0, 5e-300]];

describe('GridBuilder.addPair', () => {
  for (const [lo, hi] of ranges) {
    for (const [fineBins, coarseBins] of [[40960, 1280], [5120, 5120], [2560, 1280], [40960, 320]] as const) {
      it(`gives both grids what two adds give ([${lo}, ${hi}], ${fineBins} and ${coarseBins} buckets)`, () => {
        const values = awkward(lo, hi, fineBins, 20000);
        const [fine, coarse] = [new GridBuilder(lo, hi, fineBins), new GridBuilder(lo, hi, coarseBins)];
        const [fine2, coarse2] = [new GridBuilder(lo, hi, fineBins), new GridBuilder(lo, hi, coarseBins)];
        assert.ok(fine.pairs(coarse));
        inBatches(values, 3001, (batch) => {
          fine.addPair(coarse, batch, batch.length);
          fine2.add(batch, batch.length);
          coarse2.add(batch, batch.length);
        });
        sameGrid(fine.finish(), fine2.finish(), 'fine');
        sameGrid(coarse.finish(), coarse2.finish(), 'coarse');
      });
    }
  }

  it('pairs only grids whose buckets nest, on a range wide enough against its magnitude', () => {
    const g = (lo: number, hi: number, bins: number) => new GridBuilder(lo, hi, bins);
    assert.equal(g(0, 1, 40960).pairs(g(0, 1, 1280)), true);
    assert.equal(g(0, 1, 1280).pairs(g(0, 1, 40960)), false, 'the coarse grid is the finer one');
    assert.equal(g(0, 1, 3840).pairs(g(0, 1, 1280)), false, 'a ratio of 3');
    assert.equal(g(0, 1, 2560).pairs(g(0, 2, 1280)), false, 'another range');
    assert.equal(g(0.5, 1, 2560).pairs(g(0, 1, 1280)), false, 'another range');
    assert.equal(g(3, 3, 2560).pairs(g(3, 3, 1280)), false, 'an empty range');
    assert.equal(g(1e15, 1e15 + 1, 40960).pairs(g(1e15, 1e15 + 1, 1280)), false, 'buckets near the precision of the range');
  });
});

describe('BucketCollector.addPair', () => {
  for (const [lo, hi] of ranges) {
    it(`collects both collectors' buckets as two adds do ([${lo}, ${hi}])`, () => {
      const values = awkward(lo, hi, 40960, 20000);
      const fineGrid = new GridBuilder(lo, hi, 40960);
      const coarseGrid = new GridBuilder(lo, hi, 1280);
      fineGrid.add(values, values.length);
      coarseGrid.add(values, values.length);
      const [fg, cg] = [fineGrid.finish(), coarseGrid.finish()];
      const some = (g: NumericGrid, share: number) => Array.from({ length: g.bins }, (_x, b) => b).filter(() => rnd() < share);
      for (const [fineWant, coarseWant] of [[some(fg, 0.3), some(cg, 0.3)], [[], some(cg, 0.5)], [some(fg, 0.5), []]] as const) {
        const [fine, coarse] = [new BucketCollector(fg, fineWant), new BucketCollector(cg, coarseWant)];
        const [fine2, coarse2] = [new BucketCollector(fg, fineWant), new BucketCollector(cg, coarseWant)];
        assert.ok(fine.pairs(coarse));
        inBatches(values, 2999, (batch) => {
          fine.addPair(coarse, batch, batch.length);
          fine2.add(batch, batch.length);
          coarse2.add(batch, batch.length);
        });
        assert.deepEqual(fine.finish(), fine2.finish());
        assert.deepEqual(coarse.finish(), coarse2.finish());
      }
    });
  }
});
