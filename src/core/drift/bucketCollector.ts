import { bucketOf, CELL, COUNT, gridCount, MAX, MIN, nestedShift, type NumericGrid } from './numericGrid';

/** A bucket received more or fewer values than its grid counted: the data changed between the grid's read and this one. */
export class GridMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GridMismatchError';
  }
}
/** Collects the values of chosen buckets of a grid from chunks of the same sample the grid was built from. */
export class BucketCollector {
  /** slot[b]: index of bucket b among the wanted ones, −1 when not wanted. */
  private readonly slot: Int32Array;
  private readonly ids: number[] = [];
  private readonly outs: Float64Array[] = [];
  private readonly fill: Int32Array;

  constructor(private readonly grid: NumericGrid, buckets: readonly number[]) {
    this.slot = new Int32Array(buckets.length ? grid.bins : 0).fill(-1);
    let total = 0;
    for (const b of buckets) {
      const c = gridCount(grid, b);
      if (!(c > 0) || this.slot[b]! >= 0) continue;
      this.slot[b] = this.ids.length;
      this.ids.push(b);
      total += c;
    }
    // One allocation for all the buckets' values (views into it): thousands of small arrays cost more to allocate.
    const block = new Float64Array(total);
    let at = 0;
    for (const b of this.ids) {
      const c = gridCount(grid, b);
      this.outs.push(block.subarray(at, at + c));
      at += c;
    }
    this.fill = new Int32Array(this.ids.length);
  }

  /** Whether any bucket was asked for (otherwise the sample need not be read again). */
  get wanted(): boolean {
    return this.ids.length > 0;
  }

  add(values: Float64Array, n: number, valid: Uint32Array | null = null): void {
    if (!this.wanted) return;
    const { lo, hi, bins } = this.grid;
    const { slot, outs, fill } = this;
    const flat = !(hi > lo);
    const width = (hi - lo) / bins;
    const scale = bins / (hi - lo);
    for (let i = 0; i < n; i++) {
      if (valid !== null && ((valid[i >>> 5]! >>> (i & 31)) & 1) === 0) continue;
      const x = values[i]!;
      if (x - x !== 0) continue;
      const j = slot[flat ? 0 : bucketOf(lo, bins - 1, width, scale, x)]!;
      if (j < 0) continue;
      // A value past the count is not stored but still counted, so finish() reports the mismatch.
      outs[j]![fill[j]!] = x;
      fill[j]!++;
    }
  }

  /** Whether addPair can serve this collector and `coarse` (their grids nest: GridBuilder.pairs). */
  pairs(coarse: BucketCollector): boolean {
    return nestedShift(this.grid, coarse.grid) !== undefined;
  }

  /** add(values, n) here and on `coarse` (pairs(coarse) must hold), each bucket computed once. */
  addPair(coarse: BucketCollector, values: Float64Array, n: number): void {
    if (!this.wanted || !coarse.wanted) {
      this.add(values, n);
      coarse.add(values, n);
      return;
    }
    const { lo, hi, bins } = this.grid;
    const { slot, outs, fill } = this;
    const shift = nestedShift(this.grid, coarse.grid)!;
    const cslot = coarse.slot;
    const couts = coarse.outs;
    const cfill = coarse.fill;
    const width = (hi - lo) / bins;
    const scale = bins / (hi - lo);
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      if (x - x !== 0) continue;
      const b = bucketOf(lo, bins - 1, width, scale, x);
      const j = slot[b]!;
      if (j >= 0) {
        outs[j]![fill[j]!] = x;
        fill[j]!++;
      }
      const k = cslot[b >> shift]!;
      if (k >= 0) {
        couts[k]![cfill[k]!] = x;
        cfill[k]!++;
      }
    }
  }

  finish(): Map<number, Float64Array> {
    this.ids.forEach((b, j) => {
      if (this.fill[j] !== gridCount(this.grid, b)) throw new GridMismatchError(`numericGrid: bucket ${b} received ${this.fill[j]} values, its count is ${gridCount(this.grid, b)}; the data changed between two reads`);
    });
    return new Map(this.ids.map((b, j) => [b, this.outs[j]!]));
  }
}
/** The values of `buckets` in an in-memory sample. */
export function bucketValues(values: Float64Array, grid: NumericGrid, buckets: readonly number[]): Map<number, Float64Array> {
  const c = new BucketCollector(grid, buckets);
  c.add(values, values.length);
  return c.finish();
}
/**
 * A bucket's values when its cells determine them exactly: none, all equal (min = max), or two (min and max,
 * which are values of the bucket). Otherwise undefined: they must be read (bucketsToRead).
 */
export function knownBucketValues(g: NumericGrid, b: number): Float64Array | undefined {
  const o = CELL * b;
  const n = g.cells[o + COUNT]!;
  if (n === 0) return new Float64Array(0);
  if (g.cells[o + MIN] === g.cells[o + MAX]) return new Float64Array(n).fill(g.cells[o + MIN]!);
  return n === 2 ? Float64Array.of(g.cells[o + MIN]!, g.cells[o + MAX]!) : undefined;
}
/** The buckets among `buckets` (from ambiguousBuckets) whose values this side must read again: those its cells do not determine. */
export function bucketsToRead(g: NumericGrid, buckets: readonly number[]): number[] {
  return buckets.filter((b) => knownBucketValues(g, b) === undefined);
}
