/**
 * Exact ∫ |F_r(x) − F_c(x)| dx (the first Wasserstein distance, scipy.stats.wasserstein_distance) without
 * sorting the samples.
 *
 * Both samples are summarised on one grid of `bins` equal-width buckets over the pooled finite range
 * [lo, hi]: per bucket, the count, the sum of (right edge − x) ("tail") and the min and max. On a bucket
 * where F_r − F_c keeps one sign, ∫ (F_r − F_c) over the bucket follows exactly from those sums:
 *
 *   ∫_{e_b}^{e_{b+1}} (F_r − F_c) dx = D_b · (e_{b+1} − e_b) + tail_r / n_r − tail_c / n_c,
 *
 * with D_b = F_r − F_c just before the bucket (from cumulative counts), because ∫_{e_b}^{e_{b+1}} 1[x_i ≤ x] dx
 * = e_{b+1} − x_i. Inside bucket b, F_r − F_c stays within [D_b − c_c/n_c, D_b + c_r/n_r]; when that interval
 * does not straddle zero (decided in integer arithmetic), |·| can be taken outside the integral. A bucket
 * holding a single distinct value is exact too (one step). Only the remaining "ambiguous" buckets need their
 * values, which are then sorted (a few hundred values each) and integrated step by step, as scipy does.
 *
 * The summaries are built while the values stream past (gridScan.ts: one pass over all numeric columns of a
 * dataset, no column held in memory) or from an in-memory Float64Array (buildGrid). O(n + bins), no sort of
 * the whole sample.
 */
/**
 * One side's summary on the shared grid. Bucket b is [edge(b), edge(b + 1)); the last bucket includes hi.
 * Per bucket, five numbers sit side by side in `cells` (one cache line per value added): at 5·b the count,
 * then Σ t and Σ t² with t = edge(b + 1) − x, then the smallest and largest value (+∞ / −∞ when empty).
 */
export interface NumericGrid {
  readonly lo: number;
  readonly hi: number;
  readonly bins: number;
  readonly cells: Float64Array;
  /** Finite values in all, and NaN/±Infinity values left out. */
  readonly finite: number;
  readonly dropped: number;
  /** The values of the buckets a test asked for (ambiguousBuckets), by bucket. */
  readonly values?: ReadonlyMap<number, Float64Array>;
  /** Each bucket's `values` are already sorted ascending (a reference shared by many windows is sorted once). */
  readonly valuesSorted?: boolean;
  /**
   * With sorted `values` holding each bucket's distinct values once: how often each occurs (bucketRuns.ts, a
   * grouped query's runs). Absent: every value is listed as often as it occurs.
   */
  readonly counts?: ReadonlyMap<number, Float64Array>;
  /**
   * Buckets known to hold the same multiset of values on both sides of a comparison (equal counts and equal
   * sums of 64-bit value hashes: identicalBuckets in gridScan.ts). With equal sample sizes F_r − F_c is then
   * constant over such a bucket, so its integral needs no values. Set on a pair of grids, never across pairs.
   */
  readonly identical?: ReadonlySet<number>;
  /**
   * Ambiguous buckets integrated where the data lives (bucketAreas.ts): per bucket, Σ |F_r − F_c| · (x_{k+1} − x_k)
   * over its pooled distinct values (`inner`) and its first and last value. Set on a pair of grids.
   */
  readonly areas?: ReadonlyMap<number, BucketArea>;
  /**
   * Ambiguous buckets already integrated (bucketSteps: each one's stepIntegral, the very number gridCdfDistance
   * would compute from its values), so the values could be read in batches and dropped: huge sides. Set on a pair.
   */
  readonly steps?: ReadonlyMap<number, number>;
}
/** One ambiguous bucket's integral between its first and last pooled value, from a window query. */
export interface BucketArea {
  inner: number;
  first: number;
  last: number;
}
/** Offsets of a bucket's numbers in NumericGrid.cells (read by bucketCollector.ts and gridDistance.ts). */
export const CELL = 5;
export const COUNT = 0;
export const TAIL = 1;
export const SQUARE = 2;
export const MIN = 3;
export const MAX = 4;
/** Finite values in bucket b. */
export function gridCount(g: NumericGrid, b: number): number {
  return g.cells[CELL * b + COUNT]!;
}
/**
 * Buckets for a grid over `values` pooled values: about one per 32 values, as 20 · 2^k (a multiple of the 20
 * chart bins), between 1,280 and 40,960 (1.6 MB per grid, so it stays in cache while values stream in).
 * More buckets mean fewer ambiguous buckets whose values must be read again (on the 1M + 1M benchmark:
 * 20,480 buckets leave 890k of 26M values, 40,960 leave 409k, 81,920 leave 151k) but more cache misses.
 */
const MAX_GRID_BINS = 20 * 2048;
export function gridBins(values: number): number {
  let bins = 20 * 64;
  while (bins < MAX_GRID_BINS && bins * 32 < values) bins *= 2;
  return bins;
}
/** Whether [lo, hi] can carry a grid: finite, non-empty, and a width that neither overflows nor underflows. */
export function gridRangeOk(lo: number, hi: number, bins: number): boolean {
  return Number.isFinite(lo) && Number.isFinite(hi) && hi > lo && Number.isFinite(hi - lo) && (hi - lo) / bins > 0;
}
/** Right-open edges: edge(0) = lo, edge(bins) = hi (GridBuilder and gridBucket use the same arithmetic). */
export function gridEdge(lo: number, hi: number, bins: number, b: number): number {
  return b >= bins ? hi : lo + b * ((hi - lo) / bins);
}
/**
 * The bucket of a finite x in [lo, hi]: floor((x − lo) · bins / (hi − lo)), clamped to [0, bins − 1], then moved
 * by one when rounding put x outside [edge(b), edge(b + 1)) — numpy.histogram's correction — so every value
 * lies inside its bucket's edges (the sums rely on it, and the chart bins are the buckets' edges).
 */
export function gridBucket(lo: number, hi: number, bins: number, x: number): number {
  return hi > lo ? bucketOf(lo, bins - 1, (hi - lo) / bins, bins / (hi - lo), x) : 0;
}
/** gridBucket with the grid's width (hi − lo) / bins and scale bins / (hi − lo) computed once by the caller. */
export function bucketOf(lo: number, last: number, width: number, scale: number, x: number): number {
  let b = Math.floor((x - lo) * scale);
  b = b < 0 ? 0 : b > last ? last : b;
  if (b < last && x >= lo + (b + 1) * width) b++;
  else if (b > 0 && x < lo + b * width) b--;
  return b;
}
/** Adds finite x to bucket b of `cells`, whose right edge is `edge`: the count, Σ t and Σ t² (t = edge − x), min, max. */
function addToCell(cells: Float64Array, b: number, edge: number, x: number): void {
  const t = edge - x;
  const o = CELL * b;
  cells[o]! += 1;
  cells[o + TAIL]! += t;
  cells[o + SQUARE]! += t * t;
  if (x < cells[o + MIN]!) cells[o + MIN] = x;
  if (x > cells[o + MAX]!) cells[o + MAX] = x;
}
/**
 * Builds one side's grid from chunks of values (streamDoubles' chunks, or a whole Float64Array). NULL entries
 * (validity bit 0) are skipped; NaN/±Infinity are dropped and counted.
 */
export class GridBuilder {
  private readonly cells: Float64Array;
  private readonly width: number;
  private readonly scale: number;
  private finite = 0;
  private dropped = 0;

  constructor(readonly lo: number, readonly hi: number, readonly bins: number) {
    this.cells = new Float64Array(CELL * bins);
    for (let b = 0; b < bins; b++) {
      this.cells[CELL * b + MIN] = Infinity;
      this.cells[CELL * b + MAX] = -Infinity;
    }
    // The same two divisions as gridBucket / gridEdge, so every value lands in the same bucket.
    this.width = (hi - lo) / bins;
    this.scale = bins / (hi - lo);
  }

  add(values: Float64Array, n: number, valid: Uint32Array | null = null): void {
    if (valid === null && this.hi > this.lo) {
      this.addValues(values, n);
      return;
    }
    const { lo, hi, cells, width, scale } = this;
    const last = this.bins - 1;
    const flat = !(hi > lo);
    let finite = 0;
    let dropped = 0;
    for (let i = 0; i < n; i++) {
      if (valid !== null && ((valid[i >>> 5]! >>> (i & 31)) & 1) === 0) continue;
      const x = values[i]!;
      if (x - x !== 0) {
        dropped++;
        continue;
      }
      finite++;
      const b = flat ? 0 : bucketOf(lo, last, width, scale, x);
      addToCell(cells, b, b === last ? hi : lo + (b + 1) * width, x);
    }
    this.finite += finite;
    this.dropped += dropped;
  }

  /**
   * add() without NULLs on a grid of positive width, with bucketOf and addToCell written out: floor as `| 0` on the
   * clamped range and each value's right edge computed once (the same doubles, so the same buckets and sums).
   * About 20% less time a value than the general loop (10M drift's columns: 13.3 → 10.7 ns, ints 10.7 → 8.4 ns).
   */
  private addValues(values: Float64Array, n: number): void {
    const { lo, hi, cells, width, scale } = this;
    const last = this.bins - 1;
    let dropped = 0;
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      if (x - x !== 0) {
        dropped++;
        continue;
      }
      const f = (x - lo) * scale;
      // floor(f) clamped to [0, last]: f | 0 is floor(f) for 0 < f < last (< 2^31).
      let b = f > 0 ? (f < last ? f | 0 : last) : 0;
      let edge = lo + (b + 1) * width;
      if (b < last && x >= edge) {
        b++;
        edge = lo + (b + 1) * width;
      } else if (b > 0) {
        const left = lo + b * width;
        if (x < left) {
          b--;
          edge = left;
        }
      }
      const t = (b === last ? hi : edge) - x;
      const o = CELL * b;
      cells[o]! += 1;
      cells[o + TAIL]! += t;
      cells[o + SQUARE]! += t * t;
      if (x < cells[o + MIN]!) cells[o + MIN] = x;
      if (x > cells[o + MAX]!) cells[o + MAX] = x;
    }
    this.finite += n - dropped;
    this.dropped += dropped;
  }

  /**
   * Whether addPair can serve this grid and `coarse`: one range, coarse.bins = bins / 2^k, and buckets wide enough
   * for gridBucket's estimate to be off by at most one (then a value's coarse bucket is its bucket here >> k: the
   * coarse edges are these edges at multiples of 2^k, the same doubles).
   */
  pairs(coarse: GridBuilder): boolean {
    return nestedShift(this, coarse) !== undefined;
  }

  /**
   * add(values, n) here and on `coarse` (pairs(coarse) must hold), each bucket computed once: the same sums in
   * the same order as two adds. A window's grid and its side's grid in one walk over the values.
   */
  addPair(coarse: GridBuilder, values: Float64Array, n: number): void {
    const { lo, hi, cells, width, scale } = this;
    const last = this.bins - 1;
    const shift = nestedShift(this, coarse)!;
    const cc = coarse.cells;
    const cw = coarse.width;
    const clast = coarse.bins - 1;
    let finite = 0;
    let dropped = 0;
    for (let i = 0; i < n; i++) {
      const x = values[i]!;
      if (x - x !== 0) {
        dropped++;
        continue;
      }
      finite++;
      const b = bucketOf(lo, last, width, scale, x);
      addToCell(cells, b, b === last ? hi : lo + (b + 1) * width, x);
      const c = b >> shift;
      addToCell(cc, c, c === clast ? hi : lo + (c + 1) * cw, x);
    }
    this.finite += finite;
    this.dropped += dropped;
    coarse.finite += finite;
    coarse.dropped += dropped;
  }

  finish(): NumericGrid {
    return { lo: this.lo, hi: this.hi, bins: this.bins, cells: this.cells, finite: this.finite, dropped: this.dropped };
  }
}
/**
 * k when `coarse`'s buckets are each 2^k of `fine`'s (one range, coarse.bins = fine.bins / 2^k) and a value's coarse
 * bucket is its fine bucket >> k: the coarse edges are the fine edges at multiples of 2^k (the same doubles:
 * (hi − lo) / bins scaled by a power of two, times b), and the buckets are wide enough against the range's
 * magnitude for gridBucket to land every value between its bucket's edges on both grids. Else undefined.
 */
export function nestedShift(fine: { lo: number; hi: number; bins: number }, coarse: { lo: number; hi: number; bins: number }): number | undefined {
  const ratio = fine.bins / coarse.bins;
  if (fine.lo !== coarse.lo || fine.hi !== coarse.hi || !(fine.hi > fine.lo) || !Number.isInteger(ratio) || (ratio & (ratio - 1)) !== 0) return undefined;
  if (!((fine.hi - fine.lo) / fine.bins > 2 ** -32 * Math.max(Math.abs(fine.lo), Math.abs(fine.hi)))) return undefined;
  return Math.round(Math.log2(ratio));
}
/** Summarises an in-memory sample on the grid (NaN/±Infinity dropped and counted). */
export function buildGrid(values: Float64Array, lo: number, hi: number, bins: number): NumericGrid {
  const g = new GridBuilder(lo, hi, bins);
  g.add(values, values.length);
  return g.finish();
}
