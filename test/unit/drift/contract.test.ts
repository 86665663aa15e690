import assert from 'node:assert/strict';
import { InputError } from '../../../src/core/errors';
import { isDrifted } from '../../../src/core/drift/isDrifted';
import { DRIFT_TESTS, getDriftTest } from '../../../src/core/drift/registry';
import type { DriftSample, DriftTest } from '../../../src/core/drift/types';
import { mulberry32 } from '../../../src/core/random';
import { lcg } from './fixtureData';

const numeric = (values: Float64Array): DriftSample => ({ kind: 'numeric', values });
const counts = (o: Record<string, number>): DriftSample => ({ kind: 'categorical', counts: new Map(Object.entries(o)) });

/** For each test: a pair of identical samples, a strongly shifted pair, and an empty sample of the right kind. */
function samples(t: DriftTest): { same: [DriftSample, DriftSample]; shifted: [DriftSample, DriftSample]; empty: DriftSample; allNaN?: DriftSample } {
  if (t.appliesTo.includes('numeric')) {
    const base = lcg({ seed: 42, n: 600, terms: 3 });
    return {
      same: [numeric(base), numeric(Float64Array.from(base))],
      shifted: [numeric(base), numeric(lcg({ seed: 43, n: 600, terms: 3, shift: 1.5 }))],
      empty: numeric(new Float64Array(0)),
      allNaN: numeric(new Float64Array(10).fill(NaN)),
    };
  }
  const binary = t.id === 'z' || t.id === 'fisher_exact';
  const a: Record<string, number> = binary ? { no: 300, yes: 200 } : { a: 300, b: 200, c: 100 };
  const b: Record<string, number> = binary ? { no: 100, yes: 400 } : { a: 50, b: 200, c: 350 };
  return { same: [counts(a), counts(a)], shifted: [counts(a), counts(b)], empty: counts({}) };
}

describe('drift registry contract (every entry)', () => {
  for (const t of DRIFT_TESTS) {
    describe(t.id, () => {
      const s = samples(t);
      const opts = { random: mulberry32(7) };
      it('identical samples are not drifted and the score is finite', () => {
        const r = t.run(s.same[0], s.same[1], opts);
        assert.ok(Number.isFinite(r.score), `score ${r.score}`);
        assert.equal(isDrifted(t, r.score, t.defaultThreshold), false, `score ${r.score}`);
      });
      it('a strongly shifted sample is drifted (direction holds)', () => {
        const r = t.run(s.shifted[0], s.shifted[1], opts);
        assert.ok(Number.isFinite(r.score), `score ${r.score}`);
        assert.equal(isDrifted(t, r.score, t.defaultThreshold), true, `score ${r.score}`);
        assert.equal(r.pValue === null, t.scoreKind === 'distance');
      });
      it('empty input throws InputError EMPTY_SAMPLE', () => {
        assert.throws(() => t.run(s.empty, s.same[1], opts), (e: unknown) => e instanceof InputError && e.code === 'EMPTY_SAMPLE');
        assert.throws(() => t.run(s.same[0], s.empty, opts), (e: unknown) => e instanceof InputError && e.code === 'EMPTY_SAMPLE');
      });
      if (s.allNaN) {
        const allNaN = s.allNaN;
        it('all-NaN input throws InputError EMPTY_SAMPLE', () => {
          assert.throws(() => t.run(allNaN, s.same[1], opts), (e: unknown) => e instanceof InputError && e.code === 'EMPTY_SAMPLE');
        });
        it('mixing numeric values with category counts throws WRONG_SAMPLE_KIND', () => {
          assert.throws(() => t.run(s.same[0], counts({ a: 1 }), opts), (e: unknown) => e instanceof InputError && e.code === 'WRONG_SAMPLE_KIND');
        });
      }
    });
  }

  it('ids are unique and getDriftTest throws UNKNOWN_TEST listing the valid ids', () => {
    assert.equal(new Set(DRIFT_TESTS.map((t) => t.id)).size, DRIFT_TESTS.length);
    assert.throws(() => getDriftTest('kolmogorov'), (e: unknown) => e instanceof InputError && e.code === 'UNKNOWN_TEST' && e.message.includes('wasserstein'));
    assert.equal(getDriftTest('ks').id, 'ks');
  });
});
