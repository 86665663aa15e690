import assert from 'node:assert/strict';
import type { ColumnDrift, DriftReport } from '../../../src/core/drift/driftReport';
import { initialDriftState, reduceDrift, verdict, visibleDriftColumns } from '../../../webview/drift/state';

function col(column: string, drifted: boolean, score: number | null): ColumnDrift {
  return {
    column, kind: 'numeric', test: 'ks', statistic: 0.1, pValue: score, score, threshold: 0.05, drifted,
    details: { testSource: 'default', thresholdSource: 'default', scoreKind: 'pValue', referenceValues: 10, currentValues: 10, referenceMissingRate: 0, currentMissingRate: 0, missingRateChange: 0 },
  };
}

const report: DriftReport = {
  reference: { path: '/r.csv', rows: 10 }, current: { path: '/c.csv', rows: 10 },
  columns: [col('age', false, 0.5), col('income', true, 0.001), col('region', true, 0.01), col('notes_len', false, null)],
  dataset: { driftedColumns: 2, totalColumns: 4, share: 0.5, driftShare: 0.5, drifted: true },
  skipped: [], issues: [],
};

describe('drift panel state', () => {
  const s = reduceDrift(initialDriftState, { type: 'snapshot', report });
  const names = (x: typeof s) => visibleDriftColumns(x).map((c) => c.column);

  it('says the verdict in plain words, with the share against the drift share', () => {
    assert.equal(verdict(report), '2 of 4 features drifted; dataset drift detected (share 50% ≥ 50%)');
    assert.equal(verdict({ ...report, dataset: { ...report.dataset, driftedColumns: 1, share: 0.25, drifted: false } }), '1 of 4 features drifted; no dataset drift (share 25% < 50%)');
  });
  it('lists drifted columns first by default, ties in report order', () => {
    assert.deepEqual(names(s), ['income', 'region', 'age', 'notes_len']);
  });
  it('sorts by score ascending with missing scores last, and toggles', () => {
    const byScore = reduceDrift(s, { type: 'sort', key: 'score' });
    assert.deepEqual(names(byScore), ['income', 'region', 'age', 'notes_len']);
    assert.deepEqual(names(reduceDrift(byScore, { type: 'sort', key: 'score' })), ['age', 'region', 'income', 'notes_len']);
  });
  it('filters by name and to drifted columns only', () => {
    assert.deepEqual(names(reduceDrift(s, { type: 'filter', text: 'IN' })), ['income']);
    assert.deepEqual(names(reduceDrift(s, { type: 'onlyDrifted', value: true })), ['income', 'region']);
  });
  it('selects and deselects a column; a refresh keeps a selection that still exists', () => {
    const sel = reduceDrift(s, { type: 'select', column: 'age' });
    assert.equal(sel.selected, 'age');
    assert.equal(reduceDrift(sel, { type: 'snapshot', report }).selected, 'age');
    assert.equal(reduceDrift(sel, { type: 'select', column: 'age' }).selected, undefined);
  });
});
