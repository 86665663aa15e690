import assert from 'node:assert/strict';
import type { HealthReport, HealthResult } from '../../../src/core/health/types';
import { evidence, initialHealthState, perCheck, reduceHealth, splitBins, visibleResults } from '../../../webview/health/state';

const r = (id: string, column: string | null, status: HealthResult['status']): HealthResult => ({ id, column, status, severity: status === 'fail' ? 'error' : 'warning', message: `${id} ${column ?? ''}`, observed: 1, expected: 0 });
const report = (checks: HealthResult[]): HealthReport => {
  const summary = { pass: 0, warn: 0, fail: 0 };
  for (const c of checks) summary[c.status] += 1;
  return { dataset: 'd.csv', baseline: 'b.json', now: '2026-11-01T00:00:00.000Z', checks, summary };
};
const titles = { missing: 'Missing values', range: 'Out of range', schema: 'Schema' };

describe('health panel state', () => {
  const rep = report([r('schema', null, 'pass'), r('missing', 'income', 'warn'), r('missing', 'age', 'pass'), r('range', 'age', 'fail'), r('range', 'income', 'warn')]);

  it('shows problems first (fail, then warn in report order) and hides passes by default', () => {
    const s = reduceHealth(initialHealthState, { type: 'snapshot', report: rep, titles });
    assert.equal(s.status, 'ready');
    assert.deepEqual(visibleResults(s).map((c) => `${c.id}/${c.column}`), ['range/age', 'missing/income', 'range/income']);
    const all = reduceHealth(s, { type: 'show', value: 'all' });
    assert.deepEqual(visibleResults(all).map((c) => c.status), ['fail', 'warn', 'warn', 'pass', 'pass']);
  });

  it('filters by check title, id or column, case-insensitively', () => {
    let s = reduceHealth(initialHealthState, { type: 'snapshot', report: rep, titles });
    s = reduceHealth(reduceHealth(s, { type: 'show', value: 'all' }), { type: 'filter', text: ' OUT OF ' });
    assert.deepEqual(visibleResults(s).map((c) => c.column), ['age', 'income']);
    s = reduceHealth(s, { type: 'filter', text: 'income' });
    assert.deepEqual(visibleResults(s).map((c) => c.id), ['missing', 'range']);
  });

  it('a healthy report shows every result; a failure keeps the previous report visible', () => {
    const healthy = reduceHealth(initialHealthState, { type: 'snapshot', report: report([r('schema', null, 'pass')]), titles });
    assert.equal(healthy.show, 'all');
    assert.equal(visibleResults(healthy).length, 1);
    const failed = reduceHealth(healthy, { type: 'failed', message: 'boom' });
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error, 'boom');
    assert.ok(failed.report);
  });

  it('tallies per check and prints evidence in words, never raw JSON (regression: {"min":1.235,"below":3} in the panel)', () => {
    assert.deepEqual(perCheck(rep), [{ id: 'schema', pass: 1, warn: 0, fail: 0 }, { id: 'missing', pass: 1, warn: 1, fail: 0 }, { id: 'range', pass: 0, warn: 1, fail: 1 }]);
    assert.equal(evidence(0.123456789), '0.123');
    assert.equal(evidence({ min: 1.23456, below: 3, missingShare: 0.38 }), 'Minimum: 1.23; Below: 3; Missing share: 38%');
    assert.equal(evidence({ values: ['a', 'b'], rows: 12345 }), 'Values: a, b; Rows: 12,345');
    assert.equal(evidence(null), '—');
    assert.deepEqual(splitBins({ test: 'psi', score: 0.2, bins: [0.5, 0.5] }), { bins: [0.5, 0.5], rest: { test: 'psi', score: 0.2 } });
    assert.deepEqual(splitBins({ bins: ['a'] }), { rest: { bins: ['a'] } });
  });
});
