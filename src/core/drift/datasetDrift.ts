import { InputError } from '../errors';

export interface DatasetDriftResult {
  readonly driftedColumns: number;
  readonly totalColumns: number;
  readonly share: number;
  readonly driftShare: number;
  readonly datasetDrift: boolean;
}

/**
 * Dataset-level drift (Evidently's DatasetDriftMetric): share = drifted / total columns tested;
 * datasetDrift = share ≥ driftShare (default 0.5). Throws InputError 'BAD_ARGUMENT' for driftShare outside
 * (0, 1] and 'NO_COLUMNS' when no column was tested.
 */
export function datasetDrift(columnDrifted: readonly boolean[], driftShare = 0.5): DatasetDriftResult {
  if (!(driftShare > 0 && driftShare <= 1)) {
    throw new InputError('BAD_ARGUMENT', `driftShare must be in (0, 1]; got ${driftShare}.`, { driftShare });
  }
  if (columnDrifted.length === 0) {
    throw new InputError('NO_COLUMNS', 'Dataset drift needs at least one tested column; none were given. Check the column selection.', {});
  }
  const drifted = columnDrifted.filter(Boolean).length;
  const share = drifted / columnDrifted.length;
  return { driftedColumns: drifted, totalColumns: columnDrifted.length, share, driftShare, datasetDrift: share >= driftShare };
}
