import type { Expr } from '../plan/expr';

/**
 * A DDSketch-style log-bucket quantile sketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable quantile
 * sketch with relative-error guarantees", VLDB 2019) with a FIXED relative accuracy α:
 * - γ = (1 + α) / (1 − α); a positive value x falls in bucket i = ⌈log_γ x⌉, i.e. γ^(i−1) < x ≤ γ^i;
 *   a negative value in the mirrored bucket of |x|; |x| ≤ {@link ZERO_LIMIT} in the zero bucket.
 * - The bucket grid depends only on α, never on the data, so two sketches merge EXACTLY by adding bucket counts:
 *   merge(sketch(A), sketch(B)) = sketch(A ∪ B).
 * - The quantile q returns the bucket representative 2γ^i / (γ + 1) of the order statistic x_(⌊q(n−1)⌋)
 *   (numpy's method='lower'), clamped to [min, max]: relative error ≤ α for |x| > ZERO_LIMIT, absolute
 *   error ≤ ZERO_LIMIT otherwise.
 * Buckets are stored sparse as [index, count] pairs sorted by index, so the JSON is small and diffable.
 */
export const RELATIVE_ACCURACY = 0.01;
export const ZERO_LIMIT = 1e-9;

export interface LogSketch {
  /** Values with |x| ≤ ZERO_LIMIT. */
  zero: number;
  /** [bucket index, count] for positive values, ascending index. */
  positive: [number, number][];
  /** [bucket index of |x|, count] for negative values, ascending index. */
  negative: [number, number][];
}

export const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
export const LN_GAMMA = Math.log(GAMMA);

export function emptySketch(): LogSketch {
  return { zero: 0, positive: [], negative: [] };
}

export function sketchCount(s: LogSketch): number {
  let n = s.zero;
  for (const [, c] of s.positive) n += c;
  for (const [, c] of s.negative) n += c;
  return n;
}

function mergeBuckets(a: [number, number][], b: [number, number][]): [number, number][] {
  const m = new Map<number, number>();
  for (const [i, c] of [...a, ...b]) m.set(i, (m.get(i) ?? 0) + c);
  return [...m.entries()].sort((x, y) => x[0] - y[0]);
}

/** Exact merge: bucket counts add. */
export function mergeSketches(a: LogSketch, b: LogSketch): LogSketch {
  return { zero: a.zero + b.zero, positive: mergeBuckets(a.positive, b.positive), negative: mergeBuckets(a.negative, b.negative) };
}

/** One bucket in ascending value order: its representative value and count. */
export interface OrderedBucket {
  /** 'p12', 'n3' or 'z': the bucket's key on the fixed grid. */
  key: string;
  value: number;
  count: number;
}

/** The buckets in ascending order of value: negative (largest |x| first), zero, positive. */
export function orderedBuckets(s: LogSketch): OrderedBucket[] {
  const rep = (i: number) => (2 * Math.pow(GAMMA, i)) / (GAMMA + 1);
  const out: OrderedBucket[] = [];
  for (let k = s.negative.length - 1; k >= 0; k--) {
    const [i, c] = s.negative[k]!;
    out.push({ key: `n${i}`, value: -rep(i), count: c });
  }
  if (s.zero > 0) out.push({ key: 'z', value: 0, count: s.zero });
  for (const [i, c] of s.positive) out.push({ key: `p${i}`, value: rep(i), count: c });
  return out;
}

/** The q-quantile (method 'lower', see above), clamped to [min, max]; null for an empty sketch. */
export function sketchQuantile(s: LogSketch, q: number, min: number | null, max: number | null): number | null {
  const buckets = orderedBuckets(s);
  const n = buckets.reduce((a, b) => a + b.count, 0);
  if (n === 0) return null;
  const rank = Math.floor(q * (n - 1));
  let cum = 0;
  let v = buckets[buckets.length - 1]!.value;
  for (const b of buckets) {
    cum += b.count;
    if (cum > rank) { v = b.value; break; }
  }
  if (min !== null && v < min) v = min;
  if (max !== null && v > max) v = max;
  return v;
}

/**
 * The bucket of a finite DOUBLE expression as a plan expression: the sign (1, 0, −1) or the index on the fixed
 * grid. The same expression computes every baseline on every engine, so the grid is identical across partitions.
 */
export function sketchBucket(x: Expr, part: 'sign' | 'index'): Expr {
  return { op: 'logBucket', arg: x, part, lnGamma: LN_GAMMA, zeroLimit: ZERO_LIMIT };
}
