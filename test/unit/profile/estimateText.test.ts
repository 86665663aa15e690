import assert from 'node:assert/strict';
import { distinctCell, distinctText, duplicatesText } from '../../../src/core/profile/estimateText';
import { formatCount } from '../../../src/core/render/numbers';

/**
 * Estimates read the same way everywhere: the panels write counts with separators (formatCount, as the rows and
 * columns beside them), Markdown with digits alone; a table cell shows "≈ n" and leaves the error to its title.
 */
describe('estimateText: estimated counts as shown', () => {
  const estimated = { distinct: 207_040, approximateDistinct: true, distinctRelativeError: 0.025 };
  const exact = { distinct: 7, approximateDistinct: false };

  it('distinct counts: digits alone by default, separators with formatCount; the cell without the error', () => {
    assert.equal(distinctText(estimated), '≈ 207040, estimated (±2.5%)');
    assert.equal(distinctText(estimated, formatCount), '≈ 207,040, estimated (±2.5%)');
    assert.equal(distinctCell(estimated, formatCount), '≈ 207,040');
    assert.equal(distinctCell(exact, formatCount), '7');
    assert.equal(distinctText({ distinct: 12_345, approximateDistinct: false }, formatCount), '12,345');
    assert.equal(distinctText({ distinct: 30_000, approximateDistinct: true }, formatCount), '≈ 30,000');
  });

  it('duplicate rows: the estimate and the bound of an empty sample in the same style', () => {
    assert.equal(duplicatesText({ duplicateRows: 9888, duplicateRowsEstimate: { standardError: 385, relativeError: 0.039, sampleRate: 16 } }, formatCount), '≈ 9,888, estimated (±3.9%)');
    assert.equal(duplicatesText({ duplicateRows: 12_000 }, formatCount), '12,000');
    assert.match(duplicatesText({ duplicateRows: 0, duplicateRowsEstimate: { standardError: 0, relativeError: null, sampleRate: 1024 } }, formatCount), /^0, estimated \(none in a 1-in-1024 sample of distinct rows: 95% sure fewer than [\d,]+ distinct rows repeat\)$/);
  });
});
