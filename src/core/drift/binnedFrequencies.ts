import { forEachTieGroup } from '../stats/forEachTieGroup';
import { histogram } from '../stats/histogram';
import { sturgesBinning } from '../stats/sturgesBinning';
import { prepareCounts } from './prepareCounts';
import { prepareNumeric } from './prepareNumeric';
import type { DriftSample, DriftTestOptions } from './types';

function fillZeros(shares: Float64Array, epsilon: number | undefined): void {
  let minNonZero = Infinity;
  for (let i = 0; i < shares.length; i++) if (shares[i]! > 0 && shares[i]! < minNonZero) minNonZero = shares[i]!;
  const eps = epsilon ?? (minNonZero <= 0.0001 ? minNonZero / 1e6 : 0.0001);
  for (let i = 0; i < shares.length; i++) if (shares[i] === 0) shares[i] = eps;
}

export interface Frequencies {
  /** Reference share per bin/category (sums to 1 before smoothing). */
  readonly reference: Float64Array;
  readonly current: Float64Array;
  readonly bins: number;
  readonly details: Record<string, unknown>;
}

/**
 * Shared bins for the frequency-based statistics (Evidently's get_binned_data):
 * - numeric with more than 20 distinct reference values: edges from options.binning (default
 *   {@link sturgesBinning} over reference ∪ current), then numpy.histogram counts / n per side.
 * - numeric with ≤ 20 distinct reference values: each distinct value of reference ∪ current is a category.
 * - categorical: shares over the union of categories (a category absent on one side has share 0).
 * NaN/±Infinity are dropped and counted first.
 * With `smooth`, zero shares on each side are replaced by ε = options.epsilon ?? (min nonzero share ≤ 1e-4 ?
 * min nonzero share / 1e6 : 1e-4) — Evidently's np.place rule; shares are not renormalised afterwards.
 */
export function binnedFrequencies(
  reference: DriftSample,
  current: DriftSample,
  testId: string,
  options: DriftTestOptions | undefined,
  smooth: boolean,
): Frequencies {
  let ref: Float64Array;
  let cur: Float64Array;
  let details: Record<string, unknown>;
  if (reference.kind === 'numeric') {
    const r = prepareNumeric(reference, 'reference', testId);
    const c = prepareNumeric(current, 'current', testId);
    let distinct = 0;
    for (let i = 0; i < r.sorted.length && distinct <= 20; i++) if (i === 0 || r.sorted[i] !== r.sorted[i - 1]) distinct++;
    if (distinct > 20 || options?.binning) {
      const edges = (options?.binning ?? sturgesBinning)(r.sorted, c.sorted);
      ref = histogram(r.sorted, edges);
      cur = histogram(c.sorted, edges);
      details = { referenceDropped: r.dropped, currentDropped: c.dropped, edges: Array.from(edges) };
    } else {
      const rc: number[] = [];
      const cc: number[] = [];
      forEachTieGroup(r.sorted, c.sorted, (_v, a, b) => {
        rc.push(a);
        cc.push(b);
      });
      ref = Float64Array.from(rc);
      cur = Float64Array.from(cc);
      details = { referenceDropped: r.dropped, currentDropped: c.dropped, binnedAs: 'distinct values' };
    }
    for (let i = 0; i < ref.length; i++) {
      ref[i] = ref[i]! / r.sorted.length;
      cur[i] = cur[i]! / c.sorted.length;
    }
  } else {
    const a = prepareCounts(reference, current, testId);
    ref = a.reference.map((x) => x / a.referenceTotal);
    cur = a.current.map((x) => x / a.currentTotal);
    details = { categories: a.keys };
  }
  if (smooth) {
    fillZeros(ref, options?.epsilon);
    fillZeros(cur, options?.epsilon);
  }
  return { reference: ref, current: cur, bins: ref.length, details };
}
