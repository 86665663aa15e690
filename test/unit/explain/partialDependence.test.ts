import assert from 'assert';
import { mquantile, partialDependence, pdGrid } from '../../../src/core/explain/partialDependence';
import { loadFixture, maxAbsDiff } from '../models/xgbFixtures';
import { AGNOSTIC, matrix } from './agnosticFixtures';

describe('partial dependence / ICE', () => {
  for (const name of ['regression', 'binary'] as const) {
    for (const c of AGNOSTIC.pdp[name]) {
      it(`${name}, feature ${c.feature}: grid, average and ICE equal sklearn partial_dependence(method='brute', kind='both') (grid 1e-9, values 1e-6)`, () => {
        const { model } = loadFixture(name);
        const rows = AGNOSTIC.pfi[name].X.slice(0, 60);
        const pd = partialDependence(model, matrix(rows), rows.length, c.feature, { gridResolution: name === 'regression' ? 20 : 15, ice: true });
        assert.ok(maxAbsDiff(pd.grid, c.grid) < 1e-9, `grid ${maxAbsDiff(pd.grid, c.grid)}`);
        assert.ok(maxAbsDiff(pd.average.flat(), c.average.flat()) < 1e-6, `average ${maxAbsDiff(pd.average.flat(), c.average.flat())}`);
        assert.ok(maxAbsDiff(pd.individual!.flat(2), c.individual.flat(2)) < 1e-6);
      });
    }
  }

  it('mquantiles (alphap = betap = 0.4) by hand: x = 1..10, p = 0.05 → 1, p = 0.5 → 5.5, p = 0.95 → 10', () => {
    const x = Array.from({ length: 10 }, (_, i) => i + 1);
    // aleph = 10p + 0.4 + 0.2p: p=0.5 → 5.5, k=5, γ=0.5 → 5.5; p=0.05 → 0.91, k=1, γ=0 → x₁; p=0.95 → 10.09, k=9, γ=1 → x₁₀; p=0.3 → 3.46 → 3.46 (scipy: 1, 5.5, 10, 3.46)
    assert.strictEqual(mquantile(x, 0.5), 5.5);
    assert.strictEqual(mquantile(x, 0.05), 1);
    assert.strictEqual(mquantile(x, 0.95), 10);
    assert.ok(Math.abs(mquantile(x, 0.3) - 3.46) < 1e-12);
    assert.deepStrictEqual(pdGrid([3, 1, 3, NaN, 2], 100, [0.05, 0.95]), [1, 2, 3]);
  });

  it('multiclass: one curve per class, probabilities summing to 1 at every grid value; bad feature index is BAD_ARGUMENT', () => {
    const { model, X, n } = loadFixture('multiclass');
    const pd = partialDependence(model, X, n, 0, { gridResolution: 5 });
    assert.strictEqual(pd.average.length, 3);
    for (let k = 0; k < pd.grid.length; k++) assert.ok(Math.abs(pd.average[0]![k]! + pd.average[1]![k]! + pd.average[2]![k]! - 1) < 1e-12);
    assert.throws(() => partialDependence(model, X, n, 9), { code: 'BAD_ARGUMENT' });
  });
});
