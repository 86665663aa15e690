import { lessEqualToLessThan } from '../lightgbm/parseLightgbm';
import { applyOps, type Op } from './columns';

/**
 * scikit-learn's split rule: a row goes left when its value is <= threshold. Its trees compare float32(value)
 * (DecisionTree, forests, GradientBoosting cast X to float32); HistGradientBoosting compares the float64 value.
 * Model Lens trees send a float32 x left when x < T (types.ts), so a split on a transformed column v = h(x)
 * becomes a split on the raw float32 x with T = the first float32 for which the condition fails.
 */
export type Compare = 'float32' | 'float64';

export const leftOf = (compare: Compare, v: number, threshold: number): boolean => (compare === 'float32' ? Math.fround(v) <= threshold : v <= threshold);

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** Orders float32 values as integers: key(a) < key(b) ⇔ a < b (−0 and +0 share 0). */
function keyOf(x: number): number {
  f32[0] = x;
  const bits = i32[0]!;
  return bits >= 0 ? bits : -(bits & 0x7fffffff);
}

function floatOf(key: number): number {
  i32[0] = key >= 0 ? key : (-key | 0x80000000);
  return f32[0]!;
}

const MAX_KEY = keyOf(3.4028234663852886e38);

/**
 * T such that, for every finite float32 x, x < T ⇔ left(h(x)) where h applies `ops` (non-decreasing: every
 * scale positive). With no ops this is lessEqualToLessThan; otherwise a binary search over the 2^32 float32
 * values (about 32 evaluations of h), exact for float32 inputs. −∞ when no finite value goes left, +∞ when all do.
 */
export function rawThreshold(ops: readonly Op[], compare: Compare, threshold: number): number {
  if (ops.length === 0) return lessEqualToLessThan(threshold);
  const cond = (key: number): boolean => leftOf(compare, applyOps(ops, floatOf(key)), threshold);
  let lo = -MAX_KEY;
  let hi = MAX_KEY;
  if (!cond(lo)) return -Infinity;
  if (cond(hi)) return Infinity;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (cond(mid)) lo = mid;
    else hi = mid;
  }
  return floatOf(hi);
}
