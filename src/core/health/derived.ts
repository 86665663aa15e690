import { QUANTILE_KEYS, QUANTILE_LEVELS } from '../profile/types';
import { orderedBuckets, sketchQuantile, type LogSketch } from './sketch';
import { DISPLAY_BINS } from './types';

/** p1 … p99 from the sketch (see sketchQuantile for the accuracy), clamped to [min, max]. */
export function sketchQuantiles(s: LogSketch, min: number | null, max: number | null): Record<string, number | null> {
  return Object.fromEntries(QUANTILE_KEYS.map((k) => [k, round(sketchQuantile(s, QUANTILE_LEVELS[k], min, max))]));
}

/**
 * A display histogram derived from the sketch: DISPLAY_BINS equal-width bins over [min, max] (±0.5 around a
 * single value); each sketch bucket is counted in the bin holding its representative value (clamped to
 * [min, max]), so a bin edge is exact to within the sketch's relative accuracy. A pure function of the
 * (mergeable) sketch and min/max, so merged baselines derive the same histogram as the whole.
 */
export function sketchHistogram(s: LogSketch, min: number | null, max: number | null): { edges: number[]; counts: number[] } | null {
  if (min === null || max === null) return null;
  const [lo, hi] = min === max ? [min - 0.5, max + 0.5] : [min, max];
  const edges = Array.from({ length: DISPLAY_BINS + 1 }, (_, k) => round(k === DISPLAY_BINS ? hi : lo + ((hi - lo) * k) / DISPLAY_BINS)!);
  const counts = new Array<number>(DISPLAY_BINS).fill(0);
  for (const b of orderedBuckets(s)) {
    const v = Math.min(max, Math.max(min, b.value));
    const k = Math.min(DISPLAY_BINS - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * DISPLAY_BINS)));
    counts[k]! += b.count;
  }
  return { edges, counts };
}

/** 10 significant digits: enough for any statistic shown, and keeps the baseline file readable. */
export function round(v: number | null): number | null {
  if (v === null || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(10));
}
