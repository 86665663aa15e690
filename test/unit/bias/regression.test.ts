import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit } from '../../../src/core/bias/audit';
import type { RegressionAttributeReport } from '../../../src/core/bias/regression';
import { InputError } from '../../../src/core/errors';
import { close, loadTable, memoryDb } from './helpers';

// Reference: generate.py regression() — sklearn mean_absolute_error / mean_squared_error(squared=False) per group.
interface RefGroup { group: string; n: number; [m: string]: number | string }
interface Fixture { minGroupSize: number; data: Record<string, (string | number | null)[]>; expected: { regression: { attribute: string; groups: RefGroup[]; metrics: Record<string, number> }[] } }
const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/bias/generated.json'), 'utf8')) as Fixture;

describe('regression audit vs sklearn (per-group MAE, RMSE, means; max−min and min/max)', () => {
  let db: Awaited<ReturnType<typeof memoryDb>>;
  const d = fixture.data;
  before(async () => {
    db = await memoryDb();
    await loadTable(db.execute, 'ds', {
      gender: { type: 'VARCHAR', values: d['gender'] ?? [] }, region: { type: 'VARCHAR', values: d['region'] ?? [] }, age: { type: 'VARCHAR', values: d['age'] ?? [] },
      yReg: { type: 'DOUBLE', values: d['yReg'] ?? [] }, predReg: { type: 'DOUBLE', values: d['predReg'] ?? [] },
    });
  });
  after(() => db.close());

  it('every group and every disparity of every attribute and intersection, to 1e-12', async () => {
    const r = await audit(db.execute, '"ds"', { dataset: 'g', sensitive: ['gender', 'region', 'age'], label: 'yReg', prediction: 'predReg', task: 'regression', minGroupSize: fixture.minGroupSize });
    assert.deepEqual(r.regression?.map((a) => a.attribute), fixture.expected.regression.map((a) => a.attribute));
    for (const ref of fixture.expected.regression) {
      const a: RegressionAttributeReport | undefined = r.regression?.find((x) => x.attribute === ref.attribute);
      assert.ok(a);
      assert.equal(a.groups.length, ref.groups.length);
      for (const rg of ref.groups) {
        const g = a.groups.find((x) => x.group === rg.group);
        assert.ok(g && g.n === rg.n, rg.group);
        for (const m of ['meanPrediction', 'meanLabel', 'mae', 'rmse'] as const) assert.ok(close(g[m], rg[m] as number, 1e-12), `${ref.attribute}=${rg.group} ${m}: ${g[m]} vs ${rg[m]}`);
      }
      for (const [k, v] of Object.entries(ref.metrics)) assert.ok(close(a.metrics[k], v, 1e-12), `${ref.attribute} ${k}`);
    }
    const gender = r.regression?.[0];
    const maes = (gender?.groups ?? []).map((g) => g.mae);
    assert.ok(gender?.findings.includes(`Mean absolute error ranges from ${Math.min(...maes).toPrecision(4)} (gender=${gender.groups.find((g) => g.mae === Math.min(...maes))?.group}) to ${Math.max(...maes).toPrecision(4)} (gender=${gender.groups.find((g) => g.mae === Math.max(...maes))?.group}).`), gender?.findings.join('\n'));
    assert.ok(r.regression?.find((x) => x.attribute === 'gender & region & age')?.findings[0]?.includes('fewer than 30 rows'));
  });

  it('a non-numeric label → NOT_NUMERIC', async () => {
    await assert.rejects(audit(db.execute, '"ds"', { dataset: 'g', sensitive: ['gender'], label: 'age', prediction: 'predReg', task: 'regression' }), (e: unknown) => e instanceof InputError && e.code === 'NOT_NUMERIC');
  });
});
