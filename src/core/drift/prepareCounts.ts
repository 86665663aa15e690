import { InputError } from '../errors';
import { mergedCounts, type MergedCounts } from './mergedCounts';
import { SortedCounts } from './sortedCounts';
import type { DriftSample } from './types';

export interface AlignedCounts {
  /** Union of categories seen in either sample (count > 0), sorted by string order. */
  readonly keys: readonly string[];
  readonly reference: Float64Array;
  readonly current: Float64Array;
  readonly referenceTotal: number;
  readonly currentTotal: number;
}

function badCount(testId: string, side: string, key: string, c: number): never {
  throw new InputError('BAD_COUNT', `Drift test '${testId}': category '${key}' in the ${side} sample has count ${c}; counts must be finite and ≥ 0.`, { testId, side, key, count: c });
}

function checkCounts(sample: DriftSample, side: 'reference' | 'current', testId: string): ReadonlyMap<string, number> {
  if (sample.kind !== 'categorical') {
    throw new InputError('WRONG_SAMPLE_KIND', `Drift test '${testId}' needs category counts for the ${side} sample but got ${sample.kind === 'grid' ? 'a numeric grid summary' : 'numeric values'}; count the categories first (countCategories) or use a numeric test.`, { testId, side });
  }
  let total = 0;
  const counts = sample.counts instanceof SortedCounts ? sample.counts.counts : undefined;
  // SortedCounts: the counts checked in their array, a key made only for the error.
  if (counts) for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (!Number.isFinite(c) || c < 0) badCount(testId, side, (sample.counts as SortedCounts).key(i), c);
    total += c;
  }
  else for (const [key, c] of sample.counts) {
    if (!Number.isFinite(c) || c < 0) badCount(testId, side, key, c);
    total += c;
  }
  if (total === 0) {
    throw new InputError('EMPTY_SAMPLE', `Drift test '${testId}': the ${side} sample has no non-missing values. Check that the column has data in the ${side} dataset.`, { testId, side });
  }
  return sample.counts;
}

/**
 * Aligns two category-count maps on the union of their categories (Evidently's get_unique_not_nan_values_list),
 * validating counts. Throws InputError 'WRONG_SAMPLE_KIND', 'BAD_COUNT' or 'EMPTY_SAMPLE'.
 */
export function prepareCounts(reference: DriftSample, current: DriftSample, testId: string): AlignedCounts {
  const ref = checkCounts(reference, 'reference', testId);
  const cur = checkCounts(current, 'current', testId);
  return positive(mergedCounts(ref, cur));
}

/** prepareCounts from merged counts: the keys with a positive count on either side, totals summed in key order. */
function positive(m: MergedCounts): AlignedCounts {
  let n = 0;
  for (let i = 0; i < m.keys.length; i++) if (m.reference[i]! > 0 || m.current[i]! > 0) n++;
  const keys = new Array<string>(n);
  const r = new Float64Array(n);
  const q = new Float64Array(n);
  let rt = 0;
  let ct = 0;
  for (let i = 0, j = 0; i < m.keys.length; i++) {
    if (!(m.reference[i]! > 0 || m.current[i]! > 0)) continue;
    keys[j] = m.keys[i]!;
    r[j] = m.reference[i]!;
    q[j] = m.current[i]!;
    rt += r[j]!;
    ct += q[j]!;
    j++;
  }
  return { keys, reference: r, current: q, referenceTotal: rt, currentTotal: ct };
}
