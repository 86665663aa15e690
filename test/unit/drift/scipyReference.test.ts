import { getDriftTest } from '../../../src/core/drift/registry';
import type { DriftSample } from '../../../src/core/drift/types';
import { assertClose, lcg, loadFixture, num, type LcgSpec } from './fixtureData';

type Expected = Record<string, [number | string, number | string | null]>;
interface Fixture {
  numeric: { name: string; reference: LcgSpec; current: LcgSpec; expected: Expected }[];
  categorical: { name: string; reference: Record<string, number>; current: Record<string, number>; expected: Expected }[];
}
const F = loadFixture<Fixture>('drift.json');

/** Statistics to 1e-9 relative, p-values to 1e-6 relative or 1e-12 absolute (brief's tolerances). */
function check(id: string, ref: DriftSample, cur: DriftSample, exp: [number | string, number | string | null], name: string): void {
  const res = getDriftTest(id).run(ref, cur);
  assertClose(res.statistic, num(exp[0]), 1e-9, 1e-15, `${id} statistic [${name}]`);
  if (exp[1] === null) {
    if (res.pValue !== null) throw new Error(`${id} [${name}]: distance should have pValue null`);
  } else {
    assertClose(res.pValue ?? NaN, num(exp[1]), 1e-6, 1e-12, `${id} p-value [${name}]`);
  }
}

describe('drift statistics vs scipy 1.10.1 / Evidently formulas (test/fixtures/drift/drift.json)', () => {
  for (const c of F.numeric) {
    describe(`numeric: ${c.name}`, () => {
      const ref: DriftSample = { kind: 'numeric', values: lcg(c.reference) };
      const cur: DriftSample = { kind: 'numeric', values: lcg(c.current) };
      for (const [id, exp] of Object.entries(c.expected)) it(id, () => check(id, ref, cur, exp, c.name));
    });
  }
  for (const c of F.categorical) {
    describe(`categorical: ${c.name}`, () => {
      const ref: DriftSample = { kind: 'categorical', counts: new Map(Object.entries(c.reference)) };
      const cur: DriftSample = { kind: 'categorical', counts: new Map(Object.entries(c.current)) };
      for (const [id, exp] of Object.entries(c.expected)) it(id, () => check(id, ref, cur, exp, c.name));
    });
  }
});
