/**
 * Counts categories of a raw column (for callers that do not count in DuckDB). null, undefined and numeric
 * NaN are NOT categories: they are counted in `missing` (NaN policy: drop and count).
 * Other values are keyed by String(value).
 */
export function countCategories(values: readonly (string | number | boolean | null | undefined)[]): {
  counts: Map<string, number>;
  missing: number;
} {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of values) {
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      missing++;
      continue;
    }
    const key = String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { counts, missing };
}
