import type { Distribution } from './driftReport';
import { mergedCounts } from './mergedCounts';
import { totalCount } from './sortedCounts';
import { gridEdge, type NumericGrid } from './numericGrid';
import { gridShares } from './gridSummary';

/**
 * Reference vs current shares on `bins` equal-width bins over the finite range of both samples (for charts
 * only; the tests use their own binning). Bin k is [e_k, e_{k+1}), the last bin closed. Shares are of the
 * finite values of each side. A single value gets one bin [v − 0.5, v + 0.5].
 */
export function numericDistribution(reference: Float64Array, current: Float64Array, bins = 20): Distribution {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of [reference, current]) for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  }
  if (lo === Infinity) return { type: 'bins', edges: [], reference: [], current: [] };
  if (lo === hi) { lo -= 0.5; hi += 0.5; bins = 1; }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * width));
  const share = (a: Float64Array): number[] => {
    const c = new Array<number>(bins).fill(0);
    let n = 0;
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (!Number.isFinite(v)) continue;
      c[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
      n++;
    }
    return c.map((x) => (n ? x / n : 0));
  };
  return { type: 'bins', edges, reference: share(reference), current: share(current) };
}

/**
 * numericDistribution's chart from two grids on the same range: their buckets summed into `bins` bins, whose
 * edges are the grid's edges (equal to lo + k · (hi − lo) / bins up to rounding).
 */
export function gridDistribution(reference: NumericGrid, current: NumericGrid, bins = 20): Distribution {
  const { lo, hi } = reference;
  const per = reference.bins / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => gridEdge(lo, hi, reference.bins, k * per));
  return { type: 'bins', edges, reference: gridShares(reference, bins), current: gridShares(current, bins) };
}

/**
 * Reference vs current shares of the `top` categories with the largest combined share (ties by name), the
 * rest summed into otherReference / otherCurrent.
 */
export function categoryDistribution(reference: ReadonlyMap<string, number>, current: ReadonlyMap<string, number>, top = 20): Distribution {
  const rt = totalCount(reference) || 1;
  const ct = totalCount(current) || 1;
  const merged = mergedCounts(reference, current);
  const shown = topKeys(merged.keys, (i) => merged.reference[i]! / rt + merged.current[i]! / ct, top);
  const r = shown.map((i) => merged.reference[i]! / rt);
  const c = shown.map((i) => merged.current[i]! / ct);
  return {
    type: 'categories', categories: shown.map((i) => merged.keys[i]!), reference: r, current: c,
    otherReference: Math.max(0, 1 - r.reduce((s, x) => s + x, 0)), otherCurrent: Math.max(0, 1 - c.reduce((s, x) => s + x, 0)),
  };
}

/**
 * The indices of the `top` keys of reference ∪ current by share (descending, ties by name): the first `top` of sorting them all
 * by that order, kept by insertion into a short sorted list (a comparator sort of 40,000 keys per column, each
 * comparison computing two shares, took most of a 1,000-column drift's JavaScript time).
 */
function topKeys(all: readonly string[], share: (i: number) => number, top: number): number[] {
  const keys: string[] = [];
  const at: number[] = [];
  const shares: number[] = [];
  const before = (sa: number, a: string, sb: number, b: string) => sb - sa < 0 || (sb === sa && a < b);
  const offer = (k: string, index: number) => {
    const s = share(index);
    if (keys.length === top && (top === 0 || !before(s, k, shares[top - 1]!, keys[top - 1]!))) return;
    let i = keys.length;
    while (i > 0 && before(s, k, shares[i - 1]!, keys[i - 1]!)) i--;
    keys.splice(i, 0, k);
    shares.splice(i, 0, s);
    at.splice(i, 0, index);
    if (keys.length > top) {
      keys.pop();
      shares.pop();
      at.pop();
    }
  };
  all.forEach(offer);
  return at;
}
