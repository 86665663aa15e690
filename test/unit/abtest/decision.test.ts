import { strict as assert } from 'node:assert';
import { analyseAbtest } from '../../../src/core/abtest/analyse';
import { Engine } from '../../../src/core/data/engine';
import { InputError } from '../../../src/core/errors';

/** Build an in-memory experiment with exact counts: rows (variant, converted, latency, segment). */
async function analyse(engine: Engine, rows: [string, number, number, string][], extra: Partial<Parameters<typeof analyseAbtest>[3]> = {}) {
  const name = engine.uniqueName('abt');
  await engine.exec(`CREATE TABLE ${name} (variant VARCHAR, converted INTEGER, latency DOUBLE, seg VARCHAR)`);
  await engine.exec(`INSERT INTO ${name} VALUES ${rows.map(([v, c, l, s]) => `('${v}', ${c}, ${l}, '${s}')`).join(', ')}`);
  const columns = (await engine.run(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${name})`)) as unknown as { name: string; type: string }[];
  return analyseAbtest((sql) => engine.run(sql), name, columns, { dataset: 't', variant: 'variant', control: 'A', metrics: ['converted'], ...extra });
}

/** n units of a variant with `conv` conversions; latency alternates base ± 10 so the variance is known. */
function arm(v: string, n: number, conv: number, latency = 100, seg = 'x'): [string, number, number, string][] {
  return Array.from({ length: n }, (_, i) => [v, i < conv ? 1 : 0, latency + (i % 2 ? 10 : -10), seg]);
}

describe('abtest decision and input checks', function () {
  this.timeout(30000);
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 1 }); });
  after(() => engine.close());

  it('a sample ratio mismatch overrides everything: investigate-srm', async () => {
    const r = await analyse(engine, [...arm('A', 1000, 100), ...arm('B', 1200, 200)]);
    assert.equal(r.srm.detected, true);
    assert.equal(r.decision.action, 'investigate-srm');
    assert.match(r.decision.reasons.join(' '), /Sample ratio mismatch/);
  });

  it('the expected split removes the mismatch (1000/1200 is what 45/55 expects)', async () => {
    const r = await analyse(engine, [...arm('A', 1000, 100), ...arm('B', 1200, 200)], { expectedSplit: [1000, 1200] });
    assert.equal(r.srm.detected, false);
    assert.equal(r.decision.action, 'ship');
    assert.equal(r.decision.variant, 'B');
  });

  it('a breached guardrail stops the only treatment: dont-ship', async () => {
    const r = await analyse(engine, [...arm('A', 1000, 100, 100), ...arm('B', 1000, 160, 130)], { guardrails: [{ metric: 'latency', harm: 'increase' }] });
    assert.equal(r.guardrails[0]?.breached, true);
    assert.equal(r.decision.action, 'dont-ship');
    assert.match(r.decision.headline, /guardrail/);
  });

  it('a guardrail improving in the harmless direction is not breached', async () => {
    const r = await analyse(engine, [...arm('A', 1000, 100, 130), ...arm('B', 1000, 160, 100)], { guardrails: [{ metric: 'latency', harm: 'increase' }] });
    assert.equal(r.guardrails[0]?.breached, false);
    assert.equal(r.decision.action, 'ship');
  });

  it('no significant difference: keep-running, with the units per arm needed at the observed effect', async () => {
    const r = await analyse(engine, [...arm('A', 1000, 100), ...arm('B', 1000, 104)]);
    assert.equal(r.decision.action, 'keep-running');
    // Independent: statsmodels NormalIndPower(h = 2·asin√0.104 − 2·asin√0.1, α = 0.05, power 0.8) gives
    // nobs1 = 89 857.43 (solve_power, computed with Debian's statsmodels 0.13.5) → 89 858 units per arm.
    assert.ok(r.decision.reasons.some((x) => x.includes('about 89,858 units per arm are needed for 80% power (now 1,000)')), r.decision.reasons.join('\n'));
  });

  it('a segment going the other way is warned about', async () => {
    const rows = [...arm('A', 1000, 100, 100, 'ios'), ...arm('B', 1000, 40, 100, 'ios'), ...arm('A', 3000, 300, 100, 'web'), ...arm('B', 3000, 500, 100, 'web')];
    const r = await analyse(engine, rows, { segments: ['seg'] });
    const s = r.segments[0]!;
    assert.equal(s.rows.find((x) => x.level === 'ios')?.disagrees, true);
    assert.match(s.warning ?? '', /seg=ios/);
  });

  it('a BOOLEAN metric is binary; an integer variant column works; a decrease guardrail is breached by a drop', async () => {
    const name = engine.uniqueName('abt');
    await engine.exec(`CREATE TABLE ${name} AS SELECT (i % 2)::INTEGER AS arm, (i % 20 < 2 + 2 * (i % 2))::BOOLEAN AS clicked, CASE WHEN i % 2 = 1 THEN 5 ELSE 10 END + (i % 3) AS retention FROM range(4000) t(i)`);
    const columns = (await engine.run(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${name})`)) as unknown as { name: string; type: string }[];
    const r = await analyseAbtest((sql) => engine.run(sql), name, columns, { dataset: 't', variant: 'arm', control: '0', metrics: ['clicked'], guardrails: [{ metric: 'retention', harm: 'decrease' }] });
    const m = r.metrics[0]!;
    assert.equal(m.type, 'binary');
    // Plain counts: arm 0 is even i, clicked when i % 20 < 2 → i % 20 = 0 → 1 in 10; arm 1 (odd i): i % 20 < 4 → 1, 3 → 2 in 10.
    assert.equal(m.control.mean, 0.1);
    assert.equal(m.treatment.mean, 0.2);
    assert.equal(r.guardrails[0]?.breached, true);
    assert.equal(r.decision.action, 'dont-ship');
  });

  it('bad input: unknown control, unknown column, non-numeric metric, wrong split length', async () => {
    const rows = [...arm('A', 50, 5), ...arm('B', 50, 5)];
    const code = (re: RegExp, c = 'BAD_ARGUMENT') => (e: unknown) => e instanceof InputError && e.code === c && re.test(e.message);
    await assert.rejects(analyse(engine, rows, { control: 'Z' }), code(/control value 'Z' not found.*A, B/));
    await assert.rejects(analyse(engine, rows, { metrics: ['nope'] }), code(/metric column 'nope' not found/, 'COLUMN_NOT_FOUND'));
    await assert.rejects(analyse(engine, rows, { metrics: ['seg'] }), code(/not a number/));
    await assert.rejects(analyse(engine, rows, { expectedSplit: [1, 1, 1] }), code(/3 share\(s\) but there are 2 variants/));
  });
});
