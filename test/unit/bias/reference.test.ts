import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { confusionFromArrays } from '../../../src/core/bias/confusionFromArrays';
import { evaluate, type EvaluatedGroup } from '../../../src/core/bias/evaluate';
import { BASE_METRICS } from '../../../src/core/bias/metrics';
import { close } from './helpers';

// Reference: test/fixtures/bias/generate.py (fairlearn/AIF360 definitions in numpy + sklearn per group).
interface RefGroup { group: string; n: number; counts: Record<string, number>; metrics: Record<string, number | null> }
interface RefAttr { attribute: string; groups: RefGroup[]; disparities: Record<string, number | null>; privileged: { reference: string; perGroup: Record<string, number | string | null>[]; [k: string]: unknown } }
interface Fixture {
  minGroupSize: number;
  privileged: Record<string, string>;
  data: Record<string, (string | number | null)[]>;
  expected: { overall: Record<string, number | null>; attributes: RefAttr[] };
}

const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/bias/generated.json'), 'utf8')) as Fixture;
const TOL = 1e-12;

describe('bias metrics vs the Python reference (generated: 3 attributes, 20-level region, missing age)', () => {
  const d = fixture.data;
  const table = confusionFromArrays({
    attributes: { gender: d['gender'] ?? [], region: d['region'] ?? [], age: d['age'] ?? [] },
    label: d['y'] ?? [],
    favorable: 1,
    prediction: d['pred'] ?? [],
  });
  const evals = evaluate(table.attributes, table, { minGroupSize: fixture.minGroupSize, privileged: fixture.privileged });

  it('audits every attribute and every intersection, named "a & b"', () => {
    assert.deepEqual(evals.map((e) => e.attribute), fixture.expected.attributes.map((a) => a.attribute));
    assert.deepEqual(evals.map((e) => e.attribute), ['gender', 'region', 'age', 'gender & region', 'gender & age', 'region & age', 'gender & region & age']);
  });

  it('missing sensitive values form the group "(missing)"', () => {
    const age = evals.find((e) => e.attribute === 'age');
    assert.ok(age?.groups.some((g) => g.group === '(missing)' && g.counts.n > 0));
    assert.equal(evals.find((e) => e.attribute === 'region')?.groups.length, 20);
  });

  for (const ref of fixture.expected.attributes) {
    it(`${ref.attribute}: per-group counts and every base metric to ${TOL}`, () => {
      const e = evals.find((x) => x.attribute === ref.attribute);
      assert.ok(e);
      assert.deepEqual(new Set(e.groups.map((g) => g.group)), new Set(ref.groups.map((g) => g.group)));
      for (const rg of ref.groups) {
        const g: EvaluatedGroup | undefined = e.groups.find((x) => x.group === rg.group);
        assert.ok(g, rg.group);
        assert.deepEqual({ ...g.counts }, rg.counts, `${ref.attribute}=${rg.group} counts`);
        for (const m of BASE_METRICS) {
          const want = rg.metrics[m.id];
          const got = g.metrics[m.id];
          assert.ok(close(got.value, want, TOL), `${ref.attribute}=${rg.group} ${m.id}: got ${got.value}, want ${want}`);
          if (want === null) assert.ok(got.reason && got.reason.length > 0, 'undefined metric carries a reason');
        }
      }
    });

    it(`${ref.attribute}: every disparity (between groups and to overall) to ${TOL}`, () => {
      const e = evals.find((x) => x.attribute === ref.attribute);
      assert.ok(e);
      assert.deepEqual(Object.keys(e.disparities).sort(), Object.keys(ref.disparities).sort());
      for (const [k, want] of Object.entries(ref.disparities)) {
        assert.ok(close(e.disparities[k]?.value, want, TOL), `${ref.attribute} ${k}: got ${e.disparities[k]?.value}, want ${want}`);
      }
    });

    it(`${ref.attribute}: AIF360 disparate impact, statistical parity and average odds vs the reference group`, () => {
      const e = evals.find((x) => x.attribute === ref.attribute);
      assert.ok(e);
      assert.equal(e.privileged.reference, ref.privileged.reference);
      for (const k of ['disparateImpact', 'statisticalParityDifference', 'averageOddsDifference'] as const) {
        assert.ok(close(e.privileged[k].value, ref.privileged[k] as number | null, TOL), `${k}: got ${e.privileged[k].value}, want ${String(ref.privileged[k])}`);
      }
      assert.equal(e.privileged.perGroup.length, ref.privileged.perGroup.length);
      for (const rp of ref.privileged.perGroup) {
        const p = e.privileged.perGroup.find((x) => x.group === rp['group']);
        assert.ok(p, String(rp['group']));
        for (const k of ['disparateImpact', 'statisticalParityDifference', 'averageOddsDifference'] as const) {
          assert.ok(close(p[k].value, rp[k] as number | null, TOL), `${ref.attribute}=${p.group} ${k}`);
        }
      }
    });
  }

  it('overall metrics to 1e-12', () => {
    const overall = evals[0]?.overall;
    assert.ok(overall);
    for (const m of BASE_METRICS) assert.ok(close(overall[m.id].value, fixture.expected.overall[m.id], TOL), m.id);
  });
});
