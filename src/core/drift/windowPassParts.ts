import { gridBins, gridCount, type NumericGrid } from './numericGrid';
import type { GridSpec } from './gridScan';
import { GRID_BUDGET_BYTES, MIN_WINDOW_BINS } from './windowGrids';

// Helpers of windowPasses.ts: its windows' grids, values in buckets, sorted bucket values.

/** A window's bucket values are its own (no other sample shares them): sorted where they lie, not copied first. */
export function sortedInPlace(values: Map<number, Float64Array>): Map<number, Float64Array> {
  for (const v of values.values()) v.sort();
  return values;
}

/** Values in `buckets` of grid g. */
export function valuesInBuckets(g: NumericGrid, buckets: readonly number[]): number {
  let n = 0;
  for (const b of buckets) n += gridCount(g, b);
  return n;
}

/** The windows' grids: the plan's range, and as many buckets as the pooled sizes need within the memory budget. */
export function windowGridSpecs(specs: readonly GridSpec[], windows: number, pooled: number): GridSpec[] {
  let cap = gridBins(pooled);
  while (cap > MIN_WINDOW_BINS && (windows + 1) * specs.length * cap * 40 > GRID_BUDGET_BYTES) cap /= 2;
  return specs.map((s) => ({ ...s, bins: Math.min(s.bins, cap) }));
}
