import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planRollout } from '../../../src/core/abtest/plan';
import { normalIndPower, solveEffectSize, solveNobs1 } from '../../../src/core/abtest/power';
import { InputError } from '../../../src/core/errors';
import { assertClose } from '../helpers';

// Reference: statsmodels NormalIndPower.solve_power (test/fixtures/abtest/generate.py).
const ref = JSON.parse(readFileSync(join(__dirname, '../../fixtures/abtest/reference.json'), 'utf8')) as {
  power: { kind: string; baseline?: number; treated?: number; mean?: number; sd?: number; mde?: number; alpha: number; power: number; nobs1: number }[];
};

describe('planRollout', () => {
  it('units per arm are statsmodels nobs1 rounded up, for rates and means', () => {
    for (const c of ref.power) {
      const plan = c.kind === 'binary'
        ? planRollout({ baseline: c.baseline!, mde: c.treated! - c.baseline!, alpha: c.alpha, power: c.power })
        : planRollout({ baseline: c.mean!, sd: c.sd!, mde: c.mde!, alpha: c.alpha, power: c.power });
      // ceil of a value that matches to 1e-6 relative: equal unless nobs1 sits within that of an integer.
      assert.equal(plan.perArm, Math.ceil(c.nobs1 * (1 - 1e-9)), JSON.stringify(c));
      assert.equal(plan.total, 2 * plan.perArm);
    }
  });

  it('a relative MDE is a share of the baseline; days = total / daily traffic rounded up', () => {
    const rel = planRollout({ baseline: 0.1, mde: 0.05, relative: true, dailyTraffic: 20000 });
    const abs = planRollout({ baseline: 0.1, mde: 0.005, dailyTraffic: 20000 });
    assert.equal(rel.perArm, abs.perArm);
    assert.equal(rel.days, Math.ceil(rel.total / 20000));
  });

  it('ramp gates: 1% → 5% → 20% → 50% → 100%; each early gate really has the stated power for the harm it claims', () => {
    const p = planRollout({ baseline: 0.1, mde: 0.05, relative: true, dailyTraffic: 20000 });
    assert.deepEqual(p.ramp.map((s) => s.share), [0.01, 0.05, 0.2, 0.5, 1]);
    assert.equal(p.ramp[3]!.minUnits, p.perArm);
    for (const s of p.ramp.slice(0, 3)) {
      assert.equal(s.minUnits, Math.ceil(s.share * 20000 * s.days!));
      // Recompute the power for the harm independently: Cohen's h of the dropped rate, control = the rest of traffic.
      const dropped = 0.1 - s.detectsHarmOf * p.mdeAbsolute;
      const h = Math.max(0, dropped) === 0 ? NaN : 2 * Math.asin(Math.sqrt(0.1)) - 2 * Math.asin(Math.sqrt(dropped));
      assertClose(normalIndPower(h, s.minUnits, 0.05, (1 - s.share) / s.share), 0.8, 1e-9, 0, `power at ${s.share}`);
      assert.ok(s.checks.length >= 2);
    }
    assert.ok(p.ramp[0]!.detectsHarmOf > p.ramp[1]!.detectsHarmOf && p.ramp[1]!.detectsHarmOf > p.ramp[2]!.detectsHarmOf, 'later gates see smaller harms');
  });

  it('solveEffectSize inverts solveNobs1', () => {
    for (const n of [50, 1234.5, 1e6]) assertClose(solveNobs1(solveEffectSize(n, 0.05, 0.8, 3), 0.05, 0.8, 3), n, 1e-9);
  });

  it('bad input is an InputError naming the problem', () => {
    const bad = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof InputError && e.code === 'BAD_ARGUMENT' && re.test(e.message));
    bad(() => planRollout({ baseline: 1.5, mde: 0.01 }), /baseline rate must be in \(0, 1\)/);
    bad(() => planRollout({ baseline: 0.1, mde: 0 }), /minimum detectable effect/);
    bad(() => planRollout({ baseline: 0.95, mde: 0.1 }), /not between 0 and 1/);
    bad(() => planRollout({ baseline: 10, sd: -1, mde: 1 }), /standard deviation/);
    bad(() => planRollout({ baseline: 0.1, mde: 0.01, power: 1.2 }), /power/);
  });
});
