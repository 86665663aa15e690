import { mergedCounts, type MergedCounts } from './mergedCounts';
import { totalCount } from './sortedCounts';
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
  const rate = (missing: number, counts: CategoryCounts): number => {
    const all = missing + totalCount(counts);
    return all === 0 ? 0 : missing / all;
  };
  const rr = rate(referenceMissing, reference);
  const cr = rate(currentMissing, current);
  const [unseen, vanished] = onlyIn(mergedCounts(reference, current));
  return {
    unseen,
    vanished,
    referenceMissingRate: rr,
    currentMissingRate: cr,
    missingRateChange: cr - rr,
  };
}

/** [unseen, vanished] from merged counts: keys counted on one side only, already in sorted order. */
function onlyIn(m: MergedCounts): [string[], string[]] {
  const unseen: string[] = [];
  const vanished: string[] = [];
  for (let i = 0; i < m.keys.length; i++) {
    const r = m.reference[i]! > 0;
    const c = m.current[i]! > 0;
    if (c && !r) unseen.push(m.keys[i]!);
    else if (r && !c) vanished.push(m.keys[i]!);
  }
  return [unseen, vanished];
}
