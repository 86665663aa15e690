import assert from 'node:assert/strict';
import { biasVerdict, initialBiasState, reduceBias, type CheckedReport } from '../../../webview/bias/state';

const report = {
  dataset: 'd.csv', rows: 10, droppedRows: 0, label: 'y', prediction: 'p', score: null, threshold: null, favorable: '1', minGroupSize: 30, bootstrap: null,
  attributes: [{ attribute: 'gender' }, { attribute: 'race' }],
  checks: [
    { check: 'disparateImpact<0.8', metric: 'disparateImpact', op: '<', threshold: 0.8, attribute: 'gender', value: 0.9, status: 'pass' },
    { check: 'disparateImpact<0.8', metric: 'disparateImpact', op: '<', threshold: 0.8, attribute: 'race', value: 0.6, status: 'fail' },
    { check: 'disparateImpact<0.8', metric: 'disparateImpact', op: '<', threshold: 0.8, attribute: 'gender & race', value: null, status: 'notEvaluated' },
  ],
} as unknown as CheckedReport;

describe('bias panel state', () => {
  it('counts failed checks among the evaluated ones', () => {
    assert.equal(biasVerdict(report), '1 of 2 fairness checks failed');
    assert.equal(biasVerdict({ ...report, checks: report.checks.slice(0, 1) }), 'All 1 fairness checks passed');
    assert.match(biasVerdict({ ...report, checks: report.checks.slice(2) }), /No fairness check could be evaluated/);
  });
  it('switches attribute within range only, and keeps the choice across refreshes', () => {
    const s = reduceBias(initialBiasState, { type: 'snapshot', report });
    const s1 = reduceBias(s, { type: 'attribute', index: 1 });
    assert.equal(s1.attribute, 1);
    assert.equal(reduceBias(s1, { type: 'attribute', index: 5 }).attribute, 1);
    assert.equal(reduceBias(s1, { type: 'snapshot', report }).attribute, 1);
    assert.equal(reduceBias(s1, { type: 'snapshot', report: { ...report, attributes: report.attributes.slice(0, 1) } }).attribute, 0);
    assert.equal(reduceBias(s, { type: 'metric', metric: 'tpr' }).metric, 'tpr');
  });
});
