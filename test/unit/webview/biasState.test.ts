import assert from 'node:assert/strict';
import { foldGroupList, groupedFindings, initialBiasState, reduceBias, type CheckedReport } from '../../../webview/bias/state';
import { biasVerdict } from '../../../src/core/verdict/bias';

const report = {
  dataset: 'd.csv', rows: 10, droppedRows: 0, label: 'y', prediction: 'p', score: null, threshold: null, favorable: '1', minGroupSize: 30, bootstrap: null,
  attributes: [
    { attribute: 'gender', groups: [], metrics: { disparateImpact: 0.9 }, metricNotes: {}, reference: { group: 'male', chosen: 'given' }, findings: ['Selection rate for gender=female is 0.90× that of gender=male: within the four-fifths rule (0.8).'] },
    { attribute: 'race', groups: [], metrics: { disparateImpact: 0.6 }, metricNotes: { disparateImpact: 'worst group: black' }, reference: { group: 'white', chosen: 'highestSelectionRate' }, findings: ['Selection rate for race=black is 0.60× that of race=white: below the four-fifths rule (0.8).', '2 group(s) of race have fewer than 30 rows and are left out of the headline comparisons (still listed with their own numbers): a (n=3), b (n=4).'] },
  ],
  checks: [
    { check: 'disparateImpact<0.8', metric: 'disparateImpact', op: '<', threshold: 0.8, attribute: 'gender', value: 0.9, status: 'pass' },
    { check: 'disparateImpact<0.8', metric: 'disparateImpact', op: '<', threshold: 0.8, attribute: 'race', value: 0.6, status: 'fail' },
    { check: 'disparateImpact<0.8', metric: 'disparateImpact', op: '<', threshold: 0.8, attribute: 'gender & race', value: null, status: 'notEvaluated' },
  ],
} as unknown as CheckedReport;

describe('bias panel state', () => {
  it('the headline names the failing attribute, the group and the reference group (regression: "4 of 7 checks failed" named none)', () => {
    const v = biasVerdict(report);
    assert.equal(v.status, 'fail');
    assert.match(v.headline, /^race: black is selected at 0\.6× the rate of white \(disparate impact 0\.6; fails below 0\.8\)/);
    assert.equal(v.numbers[0]!.value, '1 of 2');
    assert.equal(biasVerdict({ ...report, checks: report.checks.slice(0, 1) }).status, 'warn');
    assert.match(biasVerdict({ ...report, checks: report.checks.slice(2) }).headline, /No fairness check could be evaluated/);
  });
  it('opens on the worst attribute, then keeps the choice across refreshes and stays in range', () => {
    const s = reduceBias(initialBiasState, { type: 'snapshot', report });
    assert.equal(s.attribute, 1, 'race fails, so the chart starts there');
    const s1 = reduceBias(s, { type: 'attribute', index: 0 });
    assert.equal(s1.attribute, 0);
    assert.equal(reduceBias(s1, { type: 'attribute', index: 5 }).attribute, 0);
    assert.equal(reduceBias(s1, { type: 'snapshot', report }).attribute, 0);
    assert.equal(reduceBias(s, { type: 'metric', metric: 'tpr' }).metric, 'tpr');
  });
  it('groups findings by kind with counts, worst kind first', () => {
    const g = groupedFindings(report);
    assert.deepEqual(g.map((x) => [x.label, x.items.length]), [['Below the four-fifths rule', 1], ['Groups too small to compare', 1], ['Within the four-fifths rule', 1]]);
    assert.match(g[0]!.items[0]!, /^race: /);
  });
  it('folds a long list of small groups out of its finding (regression: 43 three-way groups made a wall of text)', () => {
    const names = Array.from({ length: 43 }, (_v, i) => `${i % 2 ? '(missing)' : 'female'} & g${i} & single (n=${i + 1})`);
    const f = foldGroupList(`43 group(s) of a & b & c have fewer than 30 rows and are left out of the headline comparisons (still listed with their own numbers): ${names.join(', ')}.`);
    assert.equal(f?.head, '43 groups of a & b & c have fewer than 30 rows and are left out of the headline comparisons (still listed with their own numbers).');
    assert.deepEqual(f?.names, names);
    assert.equal(foldGroupList(report.attributes[1]!.findings[1]!), null, 'two groups stay inline');
    assert.equal(foldGroupList('Selection rate for race=black is 0.60× that of race=white: below the four-fifths rule (0.8).'), null);
  });
});
