import { CELL, gridEdge, SQUARE, TAIL, MIN, MAX, type NumericGrid } from './numericGrid';

/** Figures read from a finished grid (numericGrid.ts): its standard deviation, distinct values and chart shares. */
/**
 * Population standard deviation (ddof = 0, numpy.std) of the grid's values, from the bucket sums: with
 * x = e − t (e the bucket's right edge), μ = lo + (Σ c·(e − lo) − Σ t) / n and Σ (x − μ)² = Σ_b c·d² − 2·d·Σt + Σt²,
 * d = e − μ: two-pass accuracy (each bucket is centred on its own edge), no second pass over the data.
 */
export function gridStd(g: NumericGrid): number {
  if (g.finite === 0) return NaN;
  const k = g.cells;
  let s = 0;
  // The mean relative to lo (edges minus lo are small numbers), so a large common offset costs no digits.
  for (let b = 0; b < g.bins; b++) if (k[CELL * b]! > 0) s += k[CELL * b]! * (gridEdge(g.lo, g.hi, g.bins, b + 1) - g.lo) - k[CELL * b + TAIL]!;
  const mean = g.lo + s / g.finite;
  let ss = 0;
  for (let b = 0; b < g.bins; b++) {
    const c = k[CELL * b]!;
    if (c === 0) continue;
    const d = gridEdge(g.lo, g.hi, g.bins, b + 1) - mean;
    ss += Math.max(0, c * d * d - 2 * d * k[CELL * b + TAIL]! + k[CELL * b + SQUARE]!);
  }
  return Math.sqrt(ss / g.finite);
}
/**
 * Distinct finite values on one grid (or two pooled: pass both): exact when every non-empty bucket holds one
 * value (min = max), else a lower bound (a bucket with min ≠ max counts 2).
 */
export function gridDistinct(...grids: NumericGrid[]): { count: number; exact: boolean } {
  const g0 = grids[0]!;
  let count = 0;
  let exact = true;
  for (let b = 0; b < g0.bins; b++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const g of grids) {
      lo = Math.min(lo, g.cells[CELL * b + MIN]!);
      hi = Math.max(hi, g.cells[CELL * b + MAX]!);
    }
    if (lo === Infinity) continue;
    if (lo === hi) count++;
    else {
      count += 2;
      exact = false;
    }
  }
  return { count, exact };
}
/**
 * Chart shares on `chartBins` bins over [lo, hi], summed from the grid's buckets (bins must be a multiple of
 * chartBins); chart bin k is [gridEdge(k · bins / chartBins), gridEdge((k + 1) · bins / chartBins)).
 */
export function gridShares(g: NumericGrid, chartBins = 20): number[] {
  const per = g.bins / chartBins;
  if (!Number.isInteger(per)) throw new Error(`numericGrid: ${g.bins} buckets do not split into ${chartBins} chart bins`);
  const out = new Array<number>(chartBins).fill(0);
  for (let b = 0; b < g.bins; b++) out[Math.floor(b / per)]! += g.cells[CELL * b]!;
  return out.map((x) => (g.finite ? x / g.finite : 0));
}
