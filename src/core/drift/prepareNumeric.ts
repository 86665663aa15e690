import { InputError } from '../errors';
import { sortDoubles } from '../stats/sortDoubles';
import type { DriftSample } from './types';

export interface PreparedNumeric {
  /** Finite values, sorted ascending (a fresh copy; the caller's array is untouched). */
  readonly sorted: Float64Array;
  /** Number of NaN / ±Infinity values that were dropped. */
  readonly dropped: number;
}

/**
 * NaN policy shared by every numeric drift test: drop NaN and ±Infinity, count them, sort the rest
 * (stats/sortDoubles: value buckets key-sorted in cache, ~3× faster than the built-in typed-array sort on 1M values). Throws InputError:
 * - 'WRONG_SAMPLE_KIND' when the sample is categorical;
 * - 'EMPTY_SAMPLE' when nothing finite is left (or fewer than `minSize` values).
 */
export function prepareNumeric(sample: DriftSample, side: 'reference' | 'current', testId: string, minSize = 1): PreparedNumeric {
  if (sample.kind !== 'numeric') {
    throw new InputError('WRONG_SAMPLE_KIND', `Drift test '${testId}' needs numeric values for the ${side} sample but got ${sample.kind === 'grid' ? 'a grid summary (only tests with gridBuckets take one)' : 'category counts'}; use a categorical test (e.g. chisquare, jensenshannon) or pass numeric values.`, { testId, side });
  }
  const v = sample.values;
  let finite = 0;
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!)) finite++;
  const sorted = new Float64Array(finite);
  let j = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isFinite(x)) sorted[j++] = x;
  }
  sortDoubles(sorted);
  if (finite < minSize) {
    throw new InputError('EMPTY_SAMPLE', `Drift test '${testId}': the ${side} sample has ${finite} finite value(s) after dropping ${v.length - finite} NaN/Infinity; it needs at least ${minSize}. Check that the column has data in the ${side} dataset.`, { testId, side, finite, dropped: v.length - finite, minSize });
  }
  return { sorted, dropped: v.length - finite };
}
