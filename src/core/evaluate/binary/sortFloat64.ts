/**
 * Sorting large Float64Arrays of scores, with exactly the result of Float64Array.prototype.sort (ascending,
 * −0 before +0, NaN last), in less time: one counting pass puts every value in one of B buckets by value
 * (bucket = ⌊(v − min) · B / (max − min)⌋, a non-decreasing function of v, since every IEEE operation in it
 * rounds monotonically, so all values of bucket k are ≤ all values of bucket k + 1), then each bucket is
 * sorted natively while it fits in cache. Skewed data only makes some buckets large; a bucket is still
 * sorted by the native sort, so the worst case is a native sort plus two linear passes.
 *
 * Arrays that hold NaN or ±Infinity, or whose range overflows, are sorted natively as they are (none of the
 * evaluation's arrays do: unusable scores are dropped before sorting).
 */

/** Below this length the native sort is as fast. */
export const MIN_BUCKETED = 1 << 15;
/** Rows per bucket aimed at: a bucket of 1,024 doubles (8 KiB) sorts in L1/L2 cache. */
const ROWS_PER_BUCKET = 1024;
const MAX_BUCKETS = 1 << 16;

/**
 * Rearranges `a` so that its values lie in value-ordered buckets; returns the B + 1 bucket offsets (bucket k
 * is a[offsets[k] … offsets[k + 1])), or null when the array should simply be sorted natively (small, NaN,
 * infinite or zero range). `scratch` (at least a.length long) saves an allocation.
 */
export function bucketize(a: Float64Array, scratch?: Float64Array): Int32Array | null {
  const n = a.length;
  if (n < MIN_BUCKETED) return null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  if (!(range > 0) || !Number.isFinite(range)) return null;
  const B = Math.min(MAX_BUCKETS, Math.max(2, Math.floor(n / ROWS_PER_BUCKET)));
  const scale = B / range;
  if (!Number.isFinite(scale)) return null;
  const offsets = new Int32Array(B + 1);
  let placed = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (!(v >= min && v <= max)) continue; // NaN
    let b = Math.floor((v - min) * scale);
    if (b >= B) b = B - 1;
    offsets[b + 1]! += 1;
    placed++;
  }
  if (placed !== n) return null;
  for (let b = 0; b < B; b++) offsets[b + 1]! += offsets[b]!;
  const tmp = scratch && scratch.length >= n ? scratch : new Float64Array(n);
  const at = offsets.slice(0, B);
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    let b = Math.floor((v - min) * scale);
    if (b >= B) b = B - 1;
    tmp[at[b]!++] = v;
  }
  a.set(tmp.subarray(0, n));
  return offsets;
}

/** Sorts buckets [from, to) of an array laid out by bucketize. */
export function sortBuckets(a: Float64Array, offsets: Int32Array, from: number, to: number): void {
  for (let b = from; b < to; b++) {
    const lo = offsets[b]!;
    const hi = offsets[b + 1]!;
    if (hi - lo > 1) a.subarray(lo, hi).sort();
  }
}

/** Sorts `a` in place, ascending, with Float64Array.prototype.sort's result; returns it. */
export function sortFloat64(a: Float64Array, scratch?: Float64Array): Float64Array {
  const offsets = bucketize(a, scratch);
  if (offsets === null) return a.sort();
  sortBuckets(a, offsets, 0, offsets.length - 1);
  return a;
}

/** The first bucket k such that buckets [0, k) hold at least `rows` values (offsets.length − 1 when none). */
export function bucketAt(offsets: Int32Array, rows: number): number {
  let k = 0;
  while (k < offsets.length - 1 && offsets[k]! < rows) k++;
  return k;
}
