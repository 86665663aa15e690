import assert from 'node:assert/strict';
import type { ColumnProfile, DatasetProfile } from '../../../src/core/profile/types';
import { initialState, reduce, visibleColumns, type ProfileViewState } from '../../../webview/profile/state';

function col(name: string, kind: ColumnProfile['kind'], missing: number, mean: number | null): ColumnProfile {
  const c: ColumnProfile = { name, type: 'DOUBLE', kind, missing, missingPct: missing, distinct: 10, approximateDistinct: false };
  if (mean !== null || kind === 'numeric') {
    c.numeric = { min: 0, max: 1, mean, std: 1, quantiles: { p1: 0, p5: 0, p25: 0, p50: 0, p75: 0, p95: 0, p99: 0 }, approximateQuantiles: false, histogram: null, nonFinite: 0 };
  }
  return c;
}

const profile: DatasetProfile = {
  path: '/x.csv', format: 'csv', rows: 100, columnCount: 4, duplicateRows: 0, approximate: false, issues: [],
  columns: [col('income', 'numeric', 5, 50), col('Age', 'numeric', 0, 40), col('region', 'categorical', 9, null), col('age_group', 'categorical', 1, null)],
};

const names = (s: ProfileViewState) => visibleColumns(s).map((c) => c.name);

describe('profile panel state', () => {
  const ready = reduce(initialState, { type: 'snapshot', profile });

  it('shows the columns in file order after a snapshot', () => {
    assert.equal(ready.status, 'ready');
    assert.deepEqual(names(ready), ['income', 'Age', 'region', 'age_group']);
  });
  it('sorts by missing (descending first), and toggles direction on the second click', () => {
    const s1 = reduce(ready, { type: 'sort', key: 'missing' });
    assert.deepEqual(names(s1), ['region', 'income', 'age_group', 'Age']);
    assert.deepEqual(names(reduce(s1, { type: 'sort', key: 'missing' })), ['Age', 'age_group', 'income', 'region']);
  });
  it('sorts by mean with columns that have no mean last', () => {
    assert.deepEqual(names(reduce(ready, { type: 'sort', key: 'mean' })), ['Age', 'income', 'region', 'age_group']);
  });
  it('filters by case-insensitive name substring and by kind', () => {
    const s = reduce(ready, { type: 'filter', text: ' AGE ' });
    assert.deepEqual(names(s), ['Age', 'age_group']);
    assert.deepEqual(names(reduce(s, { type: 'kind', kind: 'categorical' })), ['age_group']);
  });
  it('keeps the selected column across a refresh only if it still exists', () => {
    const sel = reduce(ready, { type: 'select', column: 'region' });
    assert.equal(reduce(sel, { type: 'snapshot', profile }).selected, 'region');
    const gone = { ...profile, columns: profile.columns.filter((c) => c.name !== 'region') };
    assert.equal(reduce(sel, { type: 'snapshot', profile: gone }).selected, undefined);
    assert.equal(reduce(sel, { type: 'select', column: 'region' }).selected, undefined, 'clicking again deselects');
  });
  it('records a failure message', () => {
    const f = reduce(ready, { type: 'failed', message: 'boom' });
    assert.equal(f.status, 'failed');
    assert.equal(f.error, 'boom');
  });
});

describe('profile panel state: Explain this row', () => {
  it('shows the model "Explain this row" uses and hides it when none is configured', () => {
    const on = reduce(initialState, { type: 'explainModel', model: 'loan.xgb.json' });
    assert.equal(on.explainModel, 'loan.xgb.json');
    const off = reduce(on, { type: 'explainModel', model: null });
    assert.equal('explainModel' in off, false);
  });
});
