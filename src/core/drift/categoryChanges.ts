import { mergedCounts, type MergedCounts } from './mergedCounts';
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

/** Keys with a positive count (a loop: spreading 40,000-key maps per column was seconds on a wide file). */
function present(c: CategoryCounts): Set<string> {
  const out = new Set<string>();
  for (const [k, n] of c) if (n > 0) out.add(k);
  return out;
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
  const total = (m: CategoryCounts): number => {
    let s = 0;
    for (const n of m.values()) s += n;
    return s;
  };
  const rate = (missing: number, counts: CategoryCounts): number => {
    const all = missing + total(counts);
    return all === 0 ? 0 : missing / all;
  };
  const rr = rate(referenceMissing, reference);
  const cr = rate(currentMissing, current);
  const merged = mergedCounts(reference, current);
  let unseen: string[];
  let vanished: string[];
  if (merged) [unseen, vanished] = onlyIn(merged);
  else {
    const r = present(reference);
    const c = present(current);
    [unseen, vanished] = [missingFrom(c, r), missingFrom(r, c)];
  }
  return {
    unseen,
    vanished,
    referenceMissingRate: rr,
    currentMissingRate: cr,
    missingRateChange: cr - rr,
  };
}

/** Keys of `a` that `b` lacks, sorted. */
function missingFrom(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const k of a) if (!b.has(k)) out.push(k);
  return out.sort();
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
