/**
 * The project's one sort of doubles: ascending and in place, with exactly Float64Array.prototype.sort's result
 * (−Infinity < … < −0 < +0 < … < +Infinity, NaN last; compared value for value with Object.is in the tests),
 * in a fraction of its time. V8 sorts typed arrays with a generic comparison sort (~100 ms a million doubles here).
 *
 * - Keys: a double's bit pattern read as a signed 64-bit integer, with the 63 lower bits flipped when the sign is
 *   set, orders like the double: positive doubles keep their order as integers, negative ones reverse it, and −0
 *   (key −1) comes just before 0 (key 0). BigInt64Array's sort of the keys, turned back into the same doubles,
 *   takes about 60% of the double sort (100k values: 7.2 against 12.2 CPU-ms).
 * - From MIN_BUCKETED values up, the values are first put in value buckets of about 256 (bucketize: one counting
 *   pass, a monotone bucket function), and each bucket is key-sorted while it sits in cache; a bucket whose values
 *   are one non-zero double is left as it is. evaluate's two-thread sort splits the buckets between threads
 *   (bucketAt, sortBuckets).
 * - NaN values are moved to the end first and the rest sorted.
 * This replaced three sorts (a radix sort of the keys for drift's samples, the keys alone for the profile, value
 * buckets of 1,024 sorted natively for evaluate). Medians of 7 interleaved runs, 7 Dec 2026, 2-core machine under
 * load 4–5, new against radix / keys / buckets (ms): 1,000 normal values 0.013 against 0.031 / 0.011 / 0.034;
 * 100k 5.3 against 5.5 / 7.9 / 8.3; 1M 108 against 143 / 138 / 147; 1M integers (100 distinct) 22.5 against
 * 35.2 / 57.0 / 67.5; 4M scores in (0, 1) 208 against 268 / 332 / 307. `npm run bench -- --only sort` prints it
 * against the built-in sort.
 * `scratch` (at least values.length long) saves bucketize's allocation when many arrays are sorted in turn.
 */
export function sortDoubles(values: Float64Array, scratch?: Float64Array): Float64Array {
  const n = values.length;
  if (n < 2) return values;
  if (!LITTLE_ENDIAN) return values.sort();
  const finite = nanToEnd(values);
  const head = finite === n ? values : values.subarray(0, finite);
  const offsets = bucketize(head, scratch);
  if (offsets === null) sortKeys(head);
  else sortBuckets(head, offsets, 0, offsets.length - 1);
  return values;
}

/** Below this length one key sort is as fast as buckets. */
export const MIN_BUCKETED = 1 << 15;
/** Values per bucket aimed at: 256 doubles (2 KiB) key-sort in L1 cache (1,024 measured no faster). */
const ROWS_PER_BUCKET = 256;
const MAX_BUCKETS = 1 << 16;

/**
 * Rearranges `a` (without NaN) so that its values lie in value-ordered buckets; returns the B + 1 bucket offsets
 * (bucket k is a[offsets[k] … offsets[k + 1])), or null when the array should be key-sorted whole: short, or a
 * range that is zero, infinite or overflows. bucket = ⌊(v − min) · B / (max − min)⌋ is a non-decreasing function of
 * v, since every IEEE operation in it rounds monotonically, so all values of bucket k are ≤ all of bucket k + 1.
 * `scratch` (at least a.length long) saves an allocation.
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
    if (hi - lo > 1 && !oneValue(a, lo, hi)) sortKeys(a.subarray(lo, hi));
  }
}

/** The first bucket k such that buckets [0, k) hold at least `rows` values (offsets.length − 1 when none). */
export function bucketAt(offsets: Int32Array, rows: number): number {
  let k = 0;
  while (k < offsets.length - 1 && offsets[k]! < rows) k++;
  return k;
}

/** Whether a[lo … hi) holds one non-zero value only (zeros are left to the sort: −0 and +0 compare equal). */
function oneValue(a: Float64Array, lo: number, hi: number): boolean {
  const first = a[lo]!;
  if (first === 0) return false;
  for (let i = lo + 1; i < hi; i++) if (a[i] !== first) return false;
  return true;
}

/** The key sort of a NaN-free array (see the header). */
function sortKeys(values: Float64Array): void {
  if (values.length < 2) return;
  const words = new Int32Array(values.buffer, values.byteOffset, 2 * values.length);
  flipNegatives(words);
  new BigInt64Array(values.buffer, values.byteOffset, values.length).sort();
  flipNegatives(words);
}

/** The key transform, its own inverse: for each 64-bit value whose sign is set, flips every bit but the sign. */
function flipNegatives(words: Int32Array): void {
  for (let i = 1; i < words.length; i += 2) {
    const hi = words[i]!;
    if (hi < 0) {
      words[i] = hi ^ 0x7fffffff;
      words[i - 1] = ~words[i - 1]!;
    }
  }
}

/** Moves every NaN to the end (the other values keep their order; they are sorted next); returns how many are not NaN. */
function nanToEnd(values: Float64Array): number {
  const n = values.length;
  let j = 0;
  while (j < n && values[j] === values[j]) j++;
  if (j === n) return n;
  for (let i = j + 1; i < n; i++) {
    const v = values[i]!;
    if (v === v) values[j++] = v;
  }
  values.fill(NaN, j);
  return j;
}

/** Whether the low word of a double comes first in memory (the Int32Array pairs are [low, high]). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
