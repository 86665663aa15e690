import assert from 'node:assert/strict';
import { histogramEdges } from '../../../src/core/profile/profileSql';
import { histogramFromCounts, quantilesFromCounts, valueCounts } from '../../../src/core/profile/valueCounts';
import { assertClose } from '../helpers';

describe('value counts: exact quantiles and histograms of low-cardinality columns', () => {
  // x = [1, 1, 1, 2, 5, 5, -0.5, 7.25, 7.25, 7.25]; expectations from numpy 1.24 (Debian python3-numpy):
  // np.percentile(x, [1, 5, 25, 50, 75, 95, 99]) and np.histogram(x, bins=4).
  const vc = valueCounts([[5, 2], [1, 3], [7.25, 3], [2, 1], [-0.5, 1]]);

  it('sorts the pairs by value', () => {
    assert.deepEqual([...vc.values], [-0.5, 1, 2, 5, 7.25]);
    assert.deepEqual([...vc.counts], [1, 3, 1, 2, 3]);
  });

  it('quantiles equal numpy.percentile on the expanded sample (1e-12 relative)', () => {
    const expected = [-0.365, 0.17500000000000004, 1.0, 3.5, 6.6875, 7.25, 7.25];
    quantilesFromCounts(vc, [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]).forEach((q, i) => assertClose(q, expected[i]!, 1e-12, 1e-15, `level ${i}`));
  });

  it('histogram equals numpy.histogram, the last bin closed', () => {
    assert.deepEqual(histogramFromCounts(vc, histogramEdges(-0.5, 7.25, 4)), [4, 1, 2, 3]);
    // 1.15 is edge 2 of 0.2…9.7 but its first estimate is bin 1: numpy moves it up (np.histogram: [1, 0, 2, 0 …, 1]).
    const nudge = valueCounts([[0.2, 1], [1.15, 2], [9.7, 1]]);
    assert.deepEqual(histogramFromCounts(nudge, histogramEdges(0.2, 9.7, 20)), [1, 0, 2, ...new Array<number>(16).fill(0), 1]);
  });

  it('no values: NaN quantiles and an empty histogram', () => {
    const none = valueCounts([]);
    assert.ok(quantilesFromCounts(none, [0.5]).every(Number.isNaN));
    assert.deepEqual(histogramFromCounts(none, histogramEdges(0, 1, 2)), [0, 0]);
  });
});
