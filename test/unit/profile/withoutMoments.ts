import assert from 'node:assert/strict';
import type { DatasetProfile } from '../../../src/core/profile/types';

/**
 * A profile (as JSON) with every numeric column's mean and std set to 0 (`rest`), and those apart (`moments`):
 * two profiles of one file compare equal on `rest`, and on `moments` to a relative tolerance (DuckDB's parallel
 * sums vary in their last digits).
 */
export function withoutMoments(p: DatasetProfile): { rest: DatasetProfile; moments: (number | null)[] } {
  const json = JSON.parse(JSON.stringify(p)) as DatasetProfile;
  return {
    rest: { ...json, columns: json.columns.map((c) => (c.numeric ? { ...c, numeric: { ...c.numeric, mean: 0, std: 0 } } : c)) },
    moments: json.columns.flatMap((c) => (c.numeric ? [c.numeric.mean, c.numeric.std] : [])),
  };
}

/** Two profiles of one file are the same but for mean and std, which agree to 1e-12 relative (withoutMoments). */
export function assertSameProfile(actual: DatasetProfile, expected: DatasetProfile): void {
  const [a, b] = [withoutMoments(actual), withoutMoments(expected)];
  assert.deepEqual(a.rest, b.rest);
  assert.equal(a.moments.length, b.moments.length);
  a.moments.forEach((x, k) => {
    const y = b.moments[k]!;
    assert.ok(x === y || Math.abs(x! - y) <= 1e-12 * Math.abs(y), `mean/std ${k}: ${x} vs ${y}`);
  });
}
