import assert from 'assert';
import { treeLayout } from '../../../src/core/models/xgboost/treeLayout';
import { firstDifference, randomRows, randomXgboost, reference } from './randomTrees';

describe('predictMargin layouts equal the tree-by-tree definition', () => {
  it('perfect layout (shallow, unbalanced trees: leaves above the last level are padded), with and without NaN', () => {
    const model = randomXgboost({ trees: 40, maxDepth: 6, split: 0.7, features: 5, classes: 1, seed: 1 });
    const e = model.trees!;
    assert.strictEqual(treeLayout(e).perfect, true);
    for (const nan of [0, 0.02, 0.3]) {
      const X = randomRows(e, 5, 3001, nan, 2);
      assert.strictEqual(firstDifference(model.predictMargin(X, 3001), reference(e, model.baseMargin, X, 3001, 5)), -1, `NaN share ${nan}`);
    }
  });

  it('node layout (trees deeper than the perfect layout allows), with and without NaN', () => {
    const model = randomXgboost({ trees: 12, maxDepth: 16, split: 1, features: 4, classes: 1, seed: 3, chain: true });
    const e = model.trees!;
    assert.ok(e.maxDepth > 12);
    assert.strictEqual(treeLayout(e).perfect, false);
    for (const nan of [0, 0.1]) {
      const X = randomRows(e, 4, 2003, nan, 4);
      assert.strictEqual(firstDifference(model.predictMargin(X, 2003), reference(e, model.baseMargin, X, 2003, 4)), -1, `NaN share ${nan}`);
    }
  });

  it('multiclass: each tree adds to its own class column', () => {
    const model = randomXgboost({ trees: 30, maxDepth: 4, split: 0.8, features: 6, classes: 3, seed: 5 });
    const X = randomRows(model.trees!, 6, 777, 0.05, 6);
    const margin = model.predictMargin(X, 777);
    assert.strictEqual(margin.length, 777 * 3);
    assert.strictEqual(firstDifference(margin, reference(model.trees!, model.baseMargin, X, 777, 6)), -1);
  });
});
