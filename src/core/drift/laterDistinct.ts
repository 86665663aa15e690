import type { ColumnInfo } from '../data/dataset';
import { DISTINCT_SAMPLE_RATE, EXACT_BELOW_SAMPLES, estimateFromSample, exactDistinctCounts, sampledDistinctCounts, type DistinctCount } from '../data/distinctCount';
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
  const text = columns.flatMap((c, i) => (c.type.toUpperCase() === 'VARCHAR' ? [i] : []));
  const rest = columns.flatMap((_c, i) => (text.includes(i) ? [] : [i]));
  const name = (i: number) => columns[i]!.name;
  const [others, samples] = await Promise.all([
    distinctEstimates(exec, source, rest.map((i) => columns[i]!), options),
    sampledDistinctCounts(exec, source, text.map(name), options),
  ]);
  const out = new Map<number, DistinctCount>();
  for (const [k, d] of others) out.set(rest[k]!, d);
  const small = text.filter((_i, k) => samples[k]! <= EXACT_BELOW_SAMPLES);
  const fromCounts = small.filter((i) => windows * Math.max(1, samples[text.indexOf(i)]!) * DISTINCT_SAMPLE_RATE <= MAX_COUNT_ROWS);
  const counted = small.filter((i) => !fromCounts.includes(i));
  const [seen, exact] = await Promise.all([valuesSeen(fromCounts.map(name)), exactDistinctCounts(exec, source, counted.map(name), options)]);
  fromCounts.forEach((i, k) => out.set(i, { value: seen[k]!, relativeError: 0 }));
  counted.forEach((i, k) => out.set(i, { value: exact[k]!, relativeError: 0 }));
  text.forEach((i, k) => {
    if (!out.has(i)) {
      const e = estimateFromSample(samples[k]!);
      out.set(i, { value: e.estimate, relativeError: e.relativeError });
    }
  });
  return out;
}
