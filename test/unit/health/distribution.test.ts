import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { getDriftTest } from '../../../src/core/drift/registry';
import { binnedSketches, DISTRIBUTION_BINS } from '../../../src/core/health/checks/distribution';
import { computeStats, isIdentifier } from '../../../src/core/health/computeStats';
import { sketchCount } from '../../../src/core/health/sketch';
import type { BaselineColumn } from '../../../src/core/health/types';

describe('health distribution check: bins from the baseline sketch', () => {
  let engine: Engine;
  let cols: BaselineColumn[];
  before(async () => {
    engine = await Engine.create({ threads: 1 });
    const ds = await loadDataset(engine, join(__dirname, '../../fixtures/health/sketch.csv'));
    cols = (await computeStats(engine, ds, { timeColumn: null })).baseline.columns;
  });
  after(() => engine.close());
  const sketchOf = (name: string) => cols.find((c) => c.name === name)!.numeric!.sketch;

  it('about equal baseline mass per bin, every value of both sides counted once', () => {
    const base = sketchOf('lognormal');
    const cur = sketchOf('small');
    const { reference, current } = binnedSketches(base, cur);
    assert.equal(reference.size, DISTRIBUTION_BINS);
    const n = sketchCount(base);
    for (const [k, c] of reference) assert.ok(c >= 0.08 * n && c <= 0.12 * n, `bin ${k} holds ${c} of ${n}`);
    assert.equal([...reference.values()].reduce((a, b) => a + b, 0), n);
    assert.equal([...current.values()].reduce((a, b) => a + b, 0), sketchCount(cur));
    // Every 'small' value (≤ 1e-3) lies below the lognormal's first decile: all in the first bin.
    assert.deepEqual([...current.keys()], ['b0']);
  });

  it('PSI over the bins: 0 for the same sketch, and Σ (r − c) ln(r / c) by hand otherwise', () => {
    const psi = getDriftTest('psi');
    const same = binnedSketches(sketchOf('mixed'), sketchOf('mixed'));
    assert.equal(psi.run({ kind: 'categorical', counts: same.reference }, { kind: 'categorical', counts: same.current }).score, 0);
    const { reference, current } = binnedSketches(sketchOf('ints'), sketchOf('lognormal'));
    const rt = [...reference.values()].reduce((a, b) => a + b, 0);
    const ct = [...current.values()].reduce((a, b) => a + b, 0);
    let byHand = 0;
    for (const k of new Set([...reference.keys(), ...current.keys()])) {
      // Evidently's ε for an empty bin (1e-4) — every bin is non-empty on both sides here.
      const r = (reference.get(k) ?? 0) / rt;
      const c = (current.get(k) ?? 0) / ct;
      assert.ok(r > 0 && c > 0);
      byHand += (r - c) * Math.log(r / c);
    }
    const got = psi.run({ kind: 'categorical', counts: reference }, { kind: 'categorical', counts: current }).score;
    assert.ok(Math.abs(got - byHand) <= 1e-12 * Math.max(1, byHand), `${got} vs ${byHand}`);
    assert.ok(got > 0.1);
  });

  it('integer id columns are identifiers (no sketch, not range-checked); other integers are numeric', () => {
    assert.equal(isIdentifier({ name: 'customer_id', type: 'BIGINT' }), true);
    assert.equal(isIdentifier({ name: 'id', type: 'INTEGER' }), true);
    assert.equal(isIdentifier({ name: 'customer_id', type: 'VARCHAR' }), false);
    assert.equal(isIdentifier({ name: 'ints', type: 'BIGINT' }), false);
    assert.equal(cols.find((c) => c.name === 'ints')!.kind, 'numeric');
  });
});
