/**
 * Streamed profile batches merged in the webview (pure, unit-tested): each `profile/columns` batch lands at its
 * column position; `profile/done` joins the batches with the dataset-level summary into the report the
 * non-streamed run gives.
 */
import type { ColumnProfile, DatasetProfile } from '../../src/core/profile/types';
import type { ProfileSummary } from '../../src/shared/protocol';

/** The columns so far with `batch` placed from `start` (a repeated batch replaces itself; gaps are not allowed). */
export function mergeBatch(columns: readonly ColumnProfile[], start: number, batch: readonly ColumnProfile[]): ColumnProfile[] {
  if (!Number.isInteger(start) || start < 0 || start > columns.length) throw new RangeError(`column batch at ${start} leaves a gap after ${columns.length} columns`);
  const out = columns.slice(0, Math.max(columns.length, start + batch.length));
  for (let k = 0; k < batch.length; k++) out[start + k] = batch[k]!;
  return out;
}

/** The whole profile from the batches and the summary, or undefined when columns are missing. */
export function finishProfile(summary: ProfileSummary, columns: readonly ColumnProfile[]): DatasetProfile | undefined {
  if (columns.length !== summary.columnCount) return undefined;
  return { ...summary, columns: [...columns] };
}
