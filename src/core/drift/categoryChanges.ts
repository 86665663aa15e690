import type { CategoryCounts } from './types';

export interface CategoryChanges {
  /** Categories present in current but not in reference (sorted). */
  readonly unseen: readonly string[];
  /** Categories present in reference but gone from current (sorted). */
  readonly vanished: readonly string[];
  readonly referenceMissingRate: number;
  readonly currentMissingRate: number;
  /** currentMissingRate − referenceMissingRate. */
  readonly missingRateChange: number;
}

const present = (c: CategoryCounts): Set<string> => new Set([...c].filter(([, n]) => n > 0).map(([k]) => k));

/**
 * Per-column changes reported alongside (never inside) a drift statistic: unseen and vanished categories, and
 * the change in missing rate. missing = null/NaN count on that side; rate = missing / (missing + non-missing),
 * 0 for an empty side. Works on counts so that the counting can happen in DuckDB.
 */
export function categoryChanges(
  reference: CategoryCounts,
  current: CategoryCounts,
  referenceMissing: number,
  currentMissing: number,
): CategoryChanges {
  const r = present(reference);
  const c = present(current);
  const total = (m: CategoryCounts): number => [...m.values()].reduce((s, n) => s + n, 0);
  const rate = (missing: number, counts: CategoryCounts): number => {
    const all = missing + total(counts);
    return all === 0 ? 0 : missing / all;
  };
  const rr = rate(referenceMissing, reference);
  const cr = rate(currentMissing, current);
  return {
    unseen: [...c].filter((k) => !r.has(k)).sort(),
    vanished: [...r].filter((k) => !c.has(k)).sort(),
    referenceMissingRate: rr,
    currentMissingRate: cr,
    missingRateChange: cr - rr,
  };
}
