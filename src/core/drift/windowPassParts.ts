import { gridCount, type NumericGrid } from './numericGrid';

// Helpers of windowPasses.ts: values in buckets, sorted bucket values.

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
