import { InputError } from '../../errors';
import { buildGrid, gridBins, gridRangeOk, type NumericGrid } from '../numericGrid';
import { gridStd } from '../gridSummary';
import { bucketsToRead, bucketValues } from '../bucketCollector';
import { ambiguousBuckets, gridCdfDistance } from '../gridDistance';
import { cdfDistanceIntegral } from '../cdfDistance';
import { prepareNumeric } from '../prepareNumeric';
import type { DriftSample, DriftTest, DriftTestResult } from '../types';

/**
 * Normed first Wasserstein distance — Evidently's 'wasserstein':
 * W₁(ref, cur) / max(σ_ref, 0.001), W₁ = ∫ |F_ref − F_cur| dx (scipy.stats.wasserstein_distance),
 * σ_ref the population standard deviation (numpy.std, ddof = 0). NaN/±Infinity are dropped and counted.
 * W₁ is integrated exactly on a grid of buckets (numericGrid.ts): O(n), no sort; only buckets where
 * F_ref − F_cur changes sign are sorted. Runs on raw values or on grids computed by DuckDB (gridBuckets).
 * Distance: drifted when ≥ threshold (default 0.1).
 */
export const wasserstein: DriftTest = {
  id: 'wasserstein',
  label: 'Wasserstein distance (normed)',
  appliesTo: ['numeric'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  gridBuckets: ambiguousBuckets,
  run(reference, current) {
    const grids = reference.kind === 'grid' && current.kind === 'grid' ? [reference.grid, current.grid] as const : inMemoryGrids(reference, current);
    if (!grids) return sortedWasserstein(reference, current);
    const [r, c] = grids;
    for (const [g, side] of [[r, 'reference'], [c, 'current']] as const) {
      if (g.finite === 0) {
        throw new InputError('EMPTY_SAMPLE', `Drift test 'wasserstein': the ${side} sample has 0 finite value(s) after dropping ${g.dropped} NaN/Infinity; it needs at least 1. Check that the column has data in the ${side} dataset.`, { testId: 'wasserstein', side, finite: 0, dropped: g.dropped, minSize: 1 });
      }
    }
    const w = r.lo === r.hi ? 0 : gridCdfDistance(r, c);
    const std = gridStd(r);
    const score = w / Math.max(std, 0.001);
    return { statistic: score, pValue: null, score, details: { wasserstein: w, referenceStd: std, referenceDropped: r.dropped, currentDropped: c.dropped } };
  },
};

/** The same distance by sorting both samples: for ranges too wide for a grid (hi − lo overflows). */
function sortedWasserstein(reference: DriftSample, current: DriftSample): DriftTestResult {
  const r = prepareNumeric(reference, 'reference', 'wasserstein');
  const c = prepareNumeric(current, 'current', 'wasserstein');
  const x = r.sorted;
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]!;
  mean /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i]! - mean) ** 2;
  const std = Math.sqrt(ss / x.length);
  const w = cdfDistanceIntegral(r.sorted, c.sorted, 1);
  const score = w / Math.max(std, 0.001);
  return { statistic: score, pValue: null, score, details: { wasserstein: w, referenceStd: std, referenceDropped: r.dropped, currentDropped: c.dropped } };
}

/**
 * Grids of two raw samples over their pooled finite range, with the values of the ambiguous buckets;
 * undefined when the range is too wide for a grid.
 */
function inMemoryGrids(reference: DriftSample, current: DriftSample): readonly [NumericGrid, NumericGrid] | undefined {
  const values = (s: DriftSample, side: string): Float64Array => {
    if (s.kind === 'numeric') return s.values;
    throw new InputError('WRONG_SAMPLE_KIND', `Drift test 'wasserstein' needs numeric values (or two grids) for the ${side} sample but got ${s.kind === 'grid' ? 'a grid with raw values on the other side' : 'category counts'}; use a categorical test (e.g. chisquare, jensenshannon) or pass numeric values.`, { testId: 'wasserstein', side });
  };
  const u = values(reference, 'reference');
  const v = values(current, 'current');
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of [u, v]) for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (Number.isFinite(x)) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  const bins = gridBins(u.length + v.length);
  if (hi > lo && !gridRangeOk(lo, hi, bins)) return undefined;
  // One distinct finite value (or none): a one-bucket grid; W₁ is 0 and only the counts and std matter.
  if (!(hi > lo)) {
    const point = Number.isFinite(lo) ? lo : 0;
    return [buildGrid(u, point, point, 1), buildGrid(v, point, point, 1)];
  }
  const r = buildGrid(u, lo, hi, bins);
  const c = buildGrid(v, lo, hi, bins);
  const need = ambiguousBuckets(r, c);
  return [{ ...r, values: bucketValues(u, r, bucketsToRead(r, need)) }, { ...c, values: bucketValues(v, c, bucketsToRead(c, need)) }];
}
