import type { ColumnInfo } from '../data/dataset';
import { DISTINCT_SAMPLE_RATE, exactDistinctCounts, type DistinctCount } from '../data/distinctCount';
import type { RunOptions } from '../data/engine';
import type { PlanExecutor } from '../plan/executor';
import type { Source } from '../plan/plan';
import { distinctEstimates } from './driftSide';

/** Rows (windows × values) every window's counts of a column may hold for its distinct count to come from them. */
const MAX_COUNT_ROWS = 2 ** 18;

/**
 * distinctEstimates of drift over time's current side (every window after the first), the same numbers, where a
 * VARCHAR column whose hash sample is small — the columns distinctCounts counts exactly with one more pass,
 * count(DISTINCT) over every later row (10M rows: cat_0…cat_3, 5.7 CPU-s under load) — is counted from the
 * windows' category counts instead (`valuesSeen`: the values of any later window), which the plan reads anyway
 * for such a column (countBoth), so that pass goes. For a VARCHAR column the counts' key is the value itself
 * (countPlan: cast to VARCHAR, NULL left out, as count(DISTINCT) leaves it out), so the count is the same.
 * Other columns, and columns whose counts would be too many rows (windows × values), as distinctEstimates.
 */
export async function laterDistinct(
  exec: PlanExecutor, source: Source, columns: readonly ColumnInfo[], windows: number,
  valuesSeen: (names: readonly string[]) => Promise<number[]>, options: RunOptions,
): Promise<Map<number, DistinctCount>> {
  return distinctEstimates(exec, source, columns, options, undefined, async (small, samples) => {
    const seen = small.flatMap((c, k) => (c.type.toUpperCase() === 'VARCHAR' && windows * Math.max(1, samples[k]!) * DISTINCT_SAMPLE_RATE <= MAX_COUNT_ROWS ? [k] : []));
    const counted = small.flatMap((_c, k) => (seen.includes(k) ? [] : [k]));
    const [fromCounts, exact] = await Promise.all([valuesSeen(seen.map((k) => small[k]!.name)), exactDistinctCounts(exec, source, counted.map((k) => small[k]!.name), options)]);
    return small.map((_c, k) => (seen.includes(k) ? fromCounts[seen.indexOf(k)]! : exact[counted.indexOf(k)]!));
  });
}
