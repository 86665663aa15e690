import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors';
import { categoryChanges } from '../../../src/core/drift/categoryChanges';
import { countCategories } from '../../../src/core/drift/countCategories';
import { datasetDrift } from '../../../src/core/drift/datasetDrift';
import { defaultTest } from '../../../src/core/drift/defaultTest';
import { isDrifted } from '../../../src/core/drift/isDrifted';
import { getDriftTest } from '../../../src/core/drift/registry';
import { mulberry32 } from '../../../src/core/random';
import { lcg } from './fixtureData';

describe('default-test policy (Evidently get_default_stattest)', () => {
  const table: [Parameters<typeof defaultTest>, string, number][] = [
    [['numeric', 1000, 50], 'ks', 0.05],
    [['numeric', 10, 6], 'ks', 0.05],
    [['numeric', 1000, 5], 'chisquare', 0.05],
    [['numeric', 1000, 3], 'chisquare', 0.05],
    [['numeric', 1000, 2], 'z', 0.05],
    [['categorical', 500, 2], 'z', 0.05],
    [['boolean', 500, 2], 'z', 0.05],
    [['categorical', 500, 3], 'chisquare', 0.05],
    [['numeric', 1001, 6], 'wasserstein', 0.1],
    [['numeric', 1001, 5], 'jensenshannon', 0.1],
    [['numeric', 5_000_000, 1], 'jensenshannon', 0.1],
    [['categorical', 1001, 2], 'jensenshannon', 0.1],
    [['categorical', 1001, 900], 'jensenshannon', 0.1],
    [['boolean', 1001, 2], 'jensenshannon', 0.1],
  ];
  for (const [args, id, thr] of table) {
    it(`${args.join(', ')} → ${id} @ ${thr}`, () => {
      const choice = defaultTest(...args);
      assert.deepEqual([choice.testId, choice.test.id, choice.threshold], [id, id, thr]);
    });
  }
});

describe('isDrifted direction', () => {
  it('p-values drift strictly below the threshold, distances at or above it', () => {
    assert.equal(isDrifted({ scoreKind: 'pValue' }, 0.049, 0.05), true);
    assert.equal(isDrifted({ scoreKind: 'pValue' }, 0.05, 0.05), false);
    assert.equal(isDrifted({ scoreKind: 'distance' }, 0.1, 0.1), true);
    assert.equal(isDrifted({ scoreKind: 'distance' }, 0.099, 0.1), false);
    assert.equal(isDrifted({ scoreKind: 'distance' }, NaN, 0.1), false);
  });
});

describe('datasetDrift', () => {
  it('drift when the drifted share ≥ driftShare', () => {
    assert.equal(datasetDrift([true, false], 0.5).datasetDrift, true);
    assert.equal(datasetDrift([true, false, false], 0.5).datasetDrift, false);
    assert.equal(datasetDrift([true, false, false], 1 / 3).share, 1 / 3);
  });
  it('bad arguments throw with codes', () => {
    assert.throws(() => datasetDrift([], 0.5), (e: unknown) => e instanceof InputError && e.code === 'NO_COLUMNS');
    assert.throws(() => datasetDrift([true], 0), (e: unknown) => e instanceof InputError && e.code === 'BAD_ARGUMENT');
  });
});

describe('NaN policy and category changes', () => {
  it('numeric tests drop NaN/Infinity, count them, and give the same result as on clean data', () => {
    const clean = lcg({ seed: 1, n: 50, terms: 2 });
    const dirty = Float64Array.from([...clean, NaN, Infinity, NaN]);
    const cur = lcg({ seed: 2, n: 40, terms: 2, shift: 0.2 });
    const a = getDriftTest('ks').run({ kind: 'numeric', values: clean }, { kind: 'numeric', values: cur });
    const b = getDriftTest('ks').run({ kind: 'numeric', values: dirty }, { kind: 'numeric', values: cur });
    assert.equal(b.pValue, a.pValue);
    assert.equal(b.details?.['referenceDropped'], 3);
  });
  it('countCategories counts null/undefined/NaN as missing', () => {
    const r = countCategories(['a', null, 'b', 'a', undefined, NaN, true]);
    assert.deepEqual([...r.counts], [['a', 2], ['b', 1], ['true', 1]]);
    assert.equal(r.missing, 3);
  });
  it('categoryChanges reports unseen, vanished and missing-rate change', () => {
    const c = categoryChanges(new Map([['a', 8], ['b', 2], ['gone', 0]]), new Map([['a', 5], ['new', 3]]), 0, 2);
    assert.deepEqual(c.unseen, ['new']);
    assert.deepEqual(c.vanished, ['b']);
    assert.equal(c.referenceMissingRate, 0);
    assert.equal(c.currentMissingRate, 0.2);
    assert.equal(c.missingRateChange, 0.2);
  });
});

describe('empirical_mmd properties (no scipy reference)', () => {
  const mmd = getDriftTest('empirical_mmd');
  const ref = { kind: 'numeric' as const, values: lcg({ seed: 5, n: 3000, terms: 3 }) };
  const cur = { kind: 'numeric' as const, values: lcg({ seed: 6, n: 2000, terms: 3, shift: 0.05 }) };
  it('is reproducible for the same seed and subsamples above 500 per side', () => {
    const a = mmd.run(ref, cur, { random: mulberry32(11) });
    const b = mmd.run(ref, cur, { random: mulberry32(11) });
    assert.deepEqual(a, b);
    assert.deepEqual(a.details?.['subsampledTo'], [500, 500]);
  });
  it('p-value lies in (0, 1]', () => {
    const p = mmd.run(ref, cur, { random: mulberry32(3) }).pValue!;
    assert.ok(p > 0 && p <= 1);
  });
});
