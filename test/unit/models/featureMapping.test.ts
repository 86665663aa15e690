import assert from 'assert';
import type { InputError } from '../../../src/core/errors';
import { featureMapping } from '../../../src/core/models/featureMapping';

const named = { numFeatures: 2, featureNames: ['age', 'income'] };
const unnamed = { numFeatures: 2, featureNames: null };

describe('featureMapping', () => {
  it('maps by name regardless of column order, ignoring extra columns', () => {
    const r = featureMapping(named, [
      { name: 'id', values: ['a', 'b'] },
      { name: 'income', values: new Float64Array([10, 20]) },
      { name: 'age', values: [30, null] },
    ]);
    assert.deepStrictEqual(Array.from(r.X), [30, 10, NaN, 20]);
    assert.deepStrictEqual([r.n, r.columns, r.mappedBy], [2, ['age', 'income'], 'name']);
  });

  it('maps by order when the model has no names; booleans become 0/1', () => {
    const r = featureMapping(unnamed, [{ name: 'a', values: [true, false] }, { name: 'b', values: [1.5, undefined] }, { name: 'c', values: [9, 9] }]);
    assert.deepStrictEqual(Array.from(r.X), [1, 1.5, 0, NaN]);
    assert.deepStrictEqual([r.columns, r.mappedBy], [['a', 'b'], 'order']);
  });

  it('FEATURE_MISSING lists the missing features and the dataset columns', () => {
    assert.throws(() => featureMapping(named, [{ name: 'age', values: [1] }, { name: 'zip', values: [2] }]), (err: unknown) => {
      const e = err as InputError;
      assert.strictEqual(e.code, 'FEATURE_MISSING');
      assert.deepStrictEqual(e.details.missing, ['income']);
      assert.deepStrictEqual(e.details.columns, ['age', 'zip']);
      assert.match(e.message, /'income'.*age, zip/);
      return true;
    });
    assert.throws(() => featureMapping(unnamed, [{ name: 'a', values: [1] }]), { code: 'FEATURE_MISSING' });
  });

  it('FEATURE_TYPE for a text value in a numeric feature, naming column and row', () => {
    assert.throws(() => featureMapping(named, [{ name: 'age', values: [1, 'old'] }, { name: 'income', values: [1, 2] }]), (err: unknown) => {
      const e = err as InputError;
      assert.strictEqual(e.code, 'FEATURE_TYPE');
      assert.deepStrictEqual([e.details.column, e.details.row], ['age', 1]);
      return true;
    });
  });
});
