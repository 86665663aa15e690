import { strict as assert } from 'node:assert';
import { confusionFromArrays } from '../../../src/core/bias/confusionFromArrays';
import { evaluate } from '../../../src/core/bias/evaluate';
import { buildAttributeReports } from '../../../src/core/bias/report';

const rep = (n: number, v: string): string[] => new Array<string>(n).fill(v);

describe('bias audit edge cases', () => {
  it('a group with no actual positives: TPR/FNR undefined with a reason, left out of max/min (not 0)', () => {
    // group a: 4 positives (TPR 0.5); group b: 4 positives (TPR 1.0); group z: no positives at all.
    const sf = [...rep(8, 'a'), ...rep(8, 'b'), ...rep(8, 'z')];
    const y = [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const p = [1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1];
    const table = confusionFromArrays({ attributes: { sf }, label: y, favorable: 1, prediction: p });
    const [e] = evaluate(['sf'], table, { minGroupSize: 1, privileged: {} });
    assert.ok(e);
    const z = e.groups.find((g) => g.group === 'z');
    assert.deepEqual(z?.metrics.tpr, { value: null, reason: 'no actual positives' });
    assert.deepEqual(z?.metrics.fnr, { value: null, reason: 'no actual positives' });
    const eo = e.disparities['equalOpportunityDifference'];
    assert.equal(eo?.value, 0.5); // 1.0 − 0.5, z excluded; with z as 0 it would be 1.0
    assert.deepEqual(eo?.excludedUndefined, ['z']);
    assert.equal(e.disparities['equalOpportunityRatio']?.value, 0.5);
    const [report] = buildAttributeReports(table, { minGroupSize: 1, privileged: {} });
    const zr = report?.groups.find((g) => g.group === 'z');
    assert.equal(zr?.['tpr'], null);
    assert.deepEqual(zr?.['undefined'], { tpr: 'no actual positives', fnr: 'no actual positives' });
    assert.match(report?.metricNotes['equalOpportunityDifference'] ?? '', /left out \(metric undefined\): z/);
    assert.ok(report?.findings.some((f) => /True positive rate is undefined for sf=z \(no actual positives\)/.test(f)));
  });

  it('only one group: disparities undefined with "nothing to compare", never 0', () => {
    const table = confusionFromArrays({ attributes: { sf: rep(40, 'only') }, label: [...rep(20, '1'), ...rep(20, '0')], favorable: '1', prediction: [...rep(30, '1'), ...rep(10, '0')] });
    const [report] = buildAttributeReports(table, { minGroupSize: 30, privileged: {} });
    assert.ok(report);
    assert.equal(report.metrics['demographicParityDifference'], null);
    assert.equal(report.metrics['equalizedOddsRatio'], null);
    assert.equal(report.metrics['disparateImpact'], null);
    assert.match(report.metricNotes['demographicParityDifference'] ?? '', /fewer than two groups/);
    assert.ok(report.findings.some((f) => f.includes('only one group (only)')));
  });

  it('small groups are reported but left out of the headline max/min, and the report says so', () => {
    const sf = [...rep(40, 'big1'), ...rep(40, 'big2'), ...rep(5, 'tiny')];
    const p = [...rep(20, '1'), ...rep(20, '0'), ...rep(10, '1'), ...rep(30, '0'), ...rep(5, '1')];
    const y = p.map((_, i) => (i % 2 === 0 ? '1' : '0'));
    const table = confusionFromArrays({ attributes: { sf }, label: y, favorable: '1', prediction: p });
    const [report] = buildAttributeReports(table, { minGroupSize: 30, privileged: {} });
    assert.ok(report);
    const tiny = report.groups.find((g) => g.group === 'tiny');
    assert.equal(tiny?.small, true);
    assert.equal(tiny?.['selectionRate'], 1);
    assert.equal(report.metrics['demographicParityDifference'], 0.25); // 0.5 − 0.25, not 1 − 0.25
    assert.deepEqual(report.excludedSmallGroups, ['tiny']);
    assert.ok(report.findings.some((f) => f.includes('fewer than 30 rows') && f.includes('tiny (n=5)')));
  });

  it('string labels "yes"/"no" and missing sensitive values → "(missing)"; missing labels dropped and counted', () => {
    const table = confusionFromArrays({
      attributes: { g: ['f', 'f', null, undefined, 'm', 'm'] },
      label: ['yes', 'no', 'yes', 'no', 'yes', null],
      favorable: 'yes',
      prediction: ['yes', 'yes', 'no', 'no', 'yes', 'yes'],
    });
    assert.equal(table.droppedRows, 1);
    assert.deepEqual(table.overall, { n: 5, tp: 2, fp: 1, fn: 1, tn: 1 });
    assert.deepEqual(table.groups.map((g) => [g.group, g.counts.n]), [['f', 2], ['m', 1], ['(missing)', 2]]);
  });

  it('four-fifths rule: the finding names the groups and the ratio', () => {
    // female selected 0.4, male 0.5625 → 0.71×
    const g = [...rep(100, 'female'), ...rep(80, 'male')];
    const p = [...rep(40, '1'), ...rep(60, '0'), ...rep(45, '1'), ...rep(35, '0')];
    const table = confusionFromArrays({ attributes: { gender: g }, label: p, favorable: '1', prediction: p });
    const [report] = buildAttributeReports(table, { minGroupSize: 30, privileged: { gender: 'male' } });
    assert.ok(report);
    assert.ok(Math.abs((report.metrics['disparateImpact'] ?? NaN) - 0.4 / 0.5625) < 1e-15);
    assert.ok(report.findings.includes('Selection rate for gender=female is 0.71× that of gender=male: below the four-fifths rule (0.8).'), report.findings.join('\n'));
    assert.equal(report.groups.find((x) => x.group === 'female')?.['belowFourFifths'], true);
  });

  it('no privileged group given: the highest selection rate is the reference, and the findings say so', () => {
    const g = [...rep(50, 'a'), ...rep(50, 'b')];
    const p = [...rep(10, '1'), ...rep(40, '0'), ...rep(30, '1'), ...rep(20, '0')];
    const table = confusionFromArrays({ attributes: { g }, label: p, favorable: '1', prediction: p });
    const [report] = buildAttributeReports(table, { minGroupSize: 30, privileged: {} });
    assert.deepEqual(report?.reference, { group: 'b', chosen: 'highestSelectionRate' });
    assert.ok(Math.abs((report?.metrics['disparateImpact'] ?? NaN) - 1 / 3) < 1e-15);
    assert.ok(report?.findings.some((f) => f.includes('No privileged group was given for g; comparisons use g=b')));
  });

  it('ratio with every group at 0 is undefined (0/0), not NaN', () => {
    const table = confusionFromArrays({ attributes: { g: [...rep(30, 'a'), ...rep(30, 'b')] }, label: rep(60, '0').map((v, i) => (i % 3 === 0 ? '1' : v)), favorable: '1', prediction: rep(60, '0') });
    const [report] = buildAttributeReports(table, { minGroupSize: 30, privileged: {} });
    assert.equal(report?.metrics['demographicParityDifference'], 0);
    assert.equal(report?.metrics['demographicParityRatio'], null);
    assert.match(report?.metricNotes['demographicParityRatio'] ?? '', /0\/0/);
    assert.equal(report?.metrics['disparateImpact'], null);
    assert.ok(!JSON.stringify(report).includes('NaN'));
  });

  it('many groups below four-fifths: the worst five are named, the rest summarised', () => {
    // reference g0 selects 100%; g1..g10 select 10%..55%, all below 0.8
    const g: string[] = [];
    const p: number[] = [];
    for (let k = 0; k <= 10; k++) {
      const rate = k === 0 ? 1 : 0.05 + 0.05 * k;
      for (let i = 0; i < 100; i++) { g.push(`g${k}`); p.push(i < rate * 100 ? 1 : 0); }
    }
    const table = confusionFromArrays({ attributes: { g }, label: p, favorable: 1, prediction: p });
    const [report] = buildAttributeReports(table, { minGroupSize: 30, privileged: { g: 'g0' } });
    const di = report?.findings.filter((f) => f.startsWith('Selection rate for')) ?? [];
    assert.deepEqual(di.map((f) => f.split(' ')[3]), ['g=g1', 'g=g2', 'g=g3', 'g=g4', 'g=g5']);
    assert.ok(report?.findings.includes('5 more group(s) of g are below the four-fifths rule; see the per-group disparateImpact values.'));
  });

  it('an attribute with 20 levels and its intersection with a second attribute', () => {
    const region = Array.from({ length: 400 }, (_, i) => `r${(i % 20) + 1}`);
    const sex = Array.from({ length: 400 }, (_, i) => (i % 40 < 20 ? 'f' : 'm'));
    const y = Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const table = confusionFromArrays({ attributes: { region, sex }, label: y, favorable: 1, prediction: y });
    const reports = buildAttributeReports(table, { minGroupSize: 10, privileged: {} });
    assert.deepEqual(reports.map((r) => [r.attribute, r.groups.length]), [['region', 20], ['sex', 2], ['region & sex', 40]]);
    assert.equal(reports[0]?.groups[1]?.group, 'r2'); // natural order r1, r2, …, r10
    assert.ok(reports[2]?.groups.every((g) => / & [fm]$/.test(g.group)));
  });
});
