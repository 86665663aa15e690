import { strict as assert } from 'node:assert';
import { audit, type AuditOptions } from '../../../src/core/bias/audit';
import { InputError } from '../../../src/core/errors';
import { confusionFromArrays } from '../../../src/core/bias/confusionFromArrays';
import { loadTable, memoryDb } from './helpers';

const base: AuditOptions = { dataset: 'people.csv', sensitive: ['gender'], label: 'hired', prediction: 'pred', favorable: 'yes', minGroupSize: 2 };

async function rejectsWith(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof InputError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

describe('audit(): SQL orchestration and input errors', () => {
  let db: Awaited<ReturnType<typeof memoryDb>>;
  before(async () => {
    db = await memoryDb();
    await loadTable(db.execute, 'people', {
      gender: { type: 'VARCHAR', values: ['f', 'f', 'f', 'm', 'm', 'm', null, null] },
      region: { type: 'VARCHAR', values: ['n', 's', 'n', 's', 'n', 's', 'n', 's'] },
      hired: { type: 'VARCHAR', values: ['yes', 'no', 'yes', 'yes', 'no', 'yes', 'no', null] },
      pred: { type: 'VARCHAR', values: ['yes', 'no', 'no', 'yes', 'yes', 'yes', 'no', 'no'] },
      grade: { type: 'VARCHAR', values: ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b'] },
      gradePred: { type: 'VARCHAR', values: ['a', 'a', 'c', 'b', 'b', 'c', 'c', 'b'] },
      odd: { type: 'VARCHAR', values: ['Y', 'N', 'Y', 'N', 'Y', 'N', 'Y', 'N'] },
      score: { type: 'DOUBLE', values: [0.9, 0.2, 0.4, 0.8, 0.6, 0.7, 0.1, 0.3] },
      hiredB: { type: 'BOOLEAN', values: [true, false, true, true, false, true, false, null] },
      predB: { type: 'BOOLEAN', values: [true, false, false, true, true, true, false, false] },
    });
  });
  after(() => db.close());

  it('string labels yes/no, missing sensitive values, dropped rows, intersections', async () => {
    const r = await audit(db.execute, '"people"', { ...base, sensitive: ['gender', 'region'], privileged: { gender: 'm' } });
    assert.equal(r.rows, 8);
    assert.equal(r.droppedRows, 1);
    assert.equal(r.favorable, 'yes');
    assert.deepEqual(r.attributes.map((a) => a.attribute), ['gender', 'region', 'gender & region']);
    const g = r.attributes[0];
    assert.deepEqual(g?.groups.map((x) => [x.group, x.n, x['tpr']]), [['f', 3, 0.5], ['m', 3, 1], ['(missing)', 1, null]]);
    assert.equal(g?.groups[2]?.small, true);
    assert.deepEqual(g?.reference, { group: 'm', chosen: 'given' });
    // f selects 1/3, m selects 3/3 → disparate impact 1/3
    assert.ok(Math.abs((g?.metrics['disparateImpact'] ?? NaN) - 1 / 3) < 1e-15);
    assert.ok(r.attributes[2]?.groups.some((x) => x.group === '(missing) & n'));
  });

  it('boolean label and prediction with the default favourable value 1 (= true) match the yes/no audit', async () => {
    const strings = await audit(db.execute, '"people"', base);
    const bools = await audit(db.execute, '"people"', { ...base, label: 'hiredB', prediction: 'predB', favorable: undefined });
    assert.equal(bools.favorable, '1');
    assert.deepEqual(bools.attributes[0]?.groups.map((g) => g['counts']), strings.attributes[0]?.groups.map((g) => g['counts']));
  });

  it('score + threshold gives the same counts as the equivalent prediction', async () => {
    const r = await audit(db.execute, '"people"', { ...base, prediction: undefined, score: 'score', threshold: 0.5 } as AuditOptions);
    assert.equal(r.threshold, 0.5);
    assert.deepEqual(r.attributes[0]?.groups.map((x) => x['counts']), [
      { n: 3, tp: 1, fp: 0, fn: 1, tn: 1 },
      { n: 3, tp: 2, fp: 1, fn: 0, tn: 0 },
      { n: 1, tp: 0, fp: 0, fn: 0, tn: 1 },
    ]);
  });

  it('multiclass: one-vs-rest per class', async () => {
    const r = await audit(db.execute, '"people"', { ...base, label: 'grade', prediction: 'grade', task: 'multiclass' });
    assert.deepEqual(r.classes?.map((c) => c.class), ['a', 'b', 'c']);
    // perfect predictions: every defined TPR is 1 for every class
    for (const c of r.classes ?? []) for (const g of c.attributes[0]?.groups ?? []) assert.ok(g['tpr'] === 1 || g['tpr'] === null);
  });

  it('multiclass one-vs-rest equals the binary audit of "class c vs the rest" computed in memory', async () => {
    const r = await audit(db.execute, '"people"', { ...base, label: 'grade', prediction: 'gradePred', task: 'multiclass', minGroupSize: 1 });
    const grade = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b'];
    const gradePred = ['a', 'a', 'c', 'b', 'b', 'c', 'c', 'b'];
    const gender = ['f', 'f', 'f', 'm', 'm', 'm', null, null];
    for (const c of ['a', 'b', 'c']) {
      const mem = confusionFromArrays({ attributes: { gender }, label: grade.map((v) => (v === c ? 1 : 0)), favorable: 1, prediction: gradePred.map((v) => (v === c ? 1 : 0)) });
      const got = r.classes?.find((x) => x.class === c)?.attributes[0]?.groups.map((g) => [g.group, g['counts']]);
      assert.deepEqual(got, mem.groups.map((g) => [g.group, g.counts]), c);
    }
  });

  it('privileged group that does not exist → PRIVILEGED_NOT_FOUND; privileged attribute not audited → BAD_ARGUMENT', async () => {
    await rejectsWith(audit(db.execute, '"people"', { ...base, privileged: { gender: 'male' } }), 'PRIVILEGED_NOT_FOUND', /groups of gender are: f, m, \(missing\)/);
    await rejectsWith(audit(db.execute, '"people"', { ...base, privileged: { region: 'n' } }), 'BAD_ARGUMENT', /not a sensitive attribute/);
  });

  it('unknown column → COLUMN_NOT_FOUND, listing the columns', async () => {
    await rejectsWith(audit(db.execute, '"people"', { ...base, sensitive: ['sex'] }), 'COLUMN_NOT_FOUND', /sensitive column 'sex' not found; columns are: gender, region/);
    await rejectsWith(audit(db.execute, '"people"', { ...base, label: 'hire' }), 'COLUMN_NOT_FOUND', /label column 'hire'/);
  });

  it('label with more than two values when binary expected → LABEL_NOT_BINARY', async () => {
    await rejectsWith(audit(db.execute, '"people"', { ...base, label: 'grade', favorable: 'a' }), 'LABEL_NOT_BINARY', /more than two values/);
  });

  it('favourable value absent → FAVORABLE_NOT_FOUND, listing the values', async () => {
    await rejectsWith(audit(db.execute, '"people"', { ...base, favorable: 'hired' }), 'FAVORABLE_NOT_FOUND', /values are: no, yes/);
  });

  it('predictions that are not label values → PREDICTION_LABEL_MISMATCH', async () => {
    await rejectsWith(audit(db.execute, '"people"', { ...base, prediction: 'odd' }), 'PREDICTION_LABEL_MISMATCH', /N, Y/);
  });

  it('non-numeric score → SCORE_NOT_NUMERIC; neither prediction nor score → BAD_ARGUMENT', async () => {
    await rejectsWith(audit(db.execute, '"people"', { ...base, prediction: undefined, score: 'grade' } as AuditOptions), 'SCORE_NOT_NUMERIC', /type VARCHAR/);
    await rejectsWith(audit(db.execute, '"people"', { ...base, prediction: undefined } as AuditOptions), 'BAD_ARGUMENT', /exactly one of --prediction or --score/);
  });
});
