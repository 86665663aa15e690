import assert from 'node:assert/strict';
import { parseRowSelection } from '../../../src/core/explain/rowSelection';

describe('parseRowSelection (--rows)', () => {
  it('ranges are inclusive, merged, de-duplicated and sorted', () => {
    assert.deepEqual(parseRowSelection('150,0-3, 2 - 4,7', 200), [0, 1, 2, 3, 4, 7, 150]);
  });
  it('default is the first 100 rows, capped to the dataset; all = every row', () => {
    assert.deepEqual(parseRowSelection(undefined, 1000), Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(parseRowSelection(undefined, 3), [0, 1, 2]);
    assert.deepEqual(parseRowSelection('all', 4), [0, 1, 2, 3]);
  });
  it('rejects junk, negative numbers, reversed ranges and rows beyond the dataset with BAD_ARGUMENT', () => {
    for (const spec of ['', 'a', '-1', '1-', '5-2', '1.5', '10', '0-10']) {
      assert.throws(() => parseRowSelection(spec, 10), { name: 'InputError', code: 'BAD_ARGUMENT' }, spec);
    }
  });
});
