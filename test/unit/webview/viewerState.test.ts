// The data viewer's pure state (webview/viewer/state.ts): view changes, selection, keyboard moves and the scroll
// math that lets 10M rows scroll end to end under the browser's element-height cap.
import assert from 'node:assert/strict';
import type { ViewerHostMsg } from '../../../src/shared/viewerProtocol';
import { parseViewerViewMsg } from '../../../src/shared/viewerProtocol';
import { initialState, MAX_SCROLL_PX, reduce, revealRow, ROW_H, scrollTopFor, scrollWindow, selection, visibleColumns, type ViewerState } from '../../../webview/viewer/state';

const schema: ViewerHostMsg = {
  type: 'viewer/schema', title: 'loans.parquet', rows: 1000, issues: [], trusted: true, explainModel: null,
  columns: [{ name: 'id', type: 'BIGINT', kind: 'number' }, { name: 'city', type: 'VARCHAR', kind: 'text' }, { name: 'amount', type: 'DOUBLE', kind: 'number' }],
};
const ready = (): ViewerState => reduce(initialState, { type: 'host', msg: schema });

describe('viewer state', () => {
  it('a schema starts a view; filters, quick filters and sorts start a new one (stale pages are dropped)', () => {
    let s = ready();
    assert.equal(s.status, 'ready');
    const g = s.generation;
    s = reduce(s, { type: 'filter', text: 'amount > 5' });
    assert.equal(s.generation, g + 1);
    s = reduce(s, { type: 'quick', column: 'city', text: 'os' });
    assert.deepEqual([...s.quick], [['city', 'os']]);
    s = reduce(s, { type: 'quick', column: 'city', text: '  ' });
    assert.equal(s.quick.size, 0);
    s = reduce(s, { type: 'sort', column: 'amount' });
    assert.deepEqual(s.sort, { column: 'amount', descending: false });
    s = reduce(s, { type: 'sort', column: 'amount' });
    assert.deepEqual(s.sort, { column: 'amount', descending: true });
    s = reduce(s, { type: 'sort', column: 'amount' });
    assert.equal(s.sort, undefined, 'the third click returns to file order');
    assert.equal(s.generation, g + 6);
  });

  it('a refused filter keeps the row count and shows the reason; a good one clears it', () => {
    let s = reduce(ready(), { type: 'host', msg: { type: 'viewer/view', request: 1, rows: 1000, error: { code: 'FILTER_REFUSED', message: 'subqueries are not allowed' } } });
    assert.equal(s.filterError, 'subqueries are not allowed');
    assert.equal(s.viewRows, 1000);
    s = reduce(s, { type: 'host', msg: { type: 'viewer/view', request: 2, rows: 12 } });
    assert.equal(s.filterError, undefined);
    assert.equal(s.viewRows, 12);
  });

  it('keyboard moves stay inside the view; Shift extends the selection; hiding columns keeps the active cell valid', () => {
    let s = ready();
    s = reduce(s, { type: 'move', rows: -5, cols: -1, extend: false });
    assert.deepEqual(s.active, { row: 0, col: 0 });
    s = reduce(s, { type: 'move', rows: 3, cols: 1, extend: false });
    s = reduce(s, { type: 'move', rows: 2, cols: 1, extend: true });
    assert.deepEqual(selection(s), { top: 3, bottom: 5, left: 1, right: 2 });
    s = reduce(s, { type: 'moveTo', row: 5000 });
    assert.equal(s.active.row, 999);
    s = reduce(s, { type: 'hide', column: 'amount' });
    assert.deepEqual(visibleColumns(s).map((c) => c.name), ['id', 'city']);
    assert.equal(s.active.col, 1);
    s = reduce(reduce(s, { type: 'hide', column: 'id' }), { type: 'hide', column: 'city' });
    assert.equal(visibleColumns(s).length, 1, 'the last visible column cannot be hidden');
    s = reduce(s, { type: 'selectAll' });
    assert.deepEqual(selection(s), { top: 0, bottom: 999, left: 0, right: 0 });
  });

  it('remembered state is applied for known columns only', () => {
    const s = reduce(initialState, { type: 'host', msg: { ...schema, memory: { filter: "city = 'Oslo'", quick: [['gone', 'x'], ['city', 'o']], sort: { column: 'gone', descending: true }, scrollRow: 42, widths: [['id', 90], ['gone', 300]], hidden: ['amount', 'gone'] } } as ViewerHostMsg });
    assert.equal(s.filter, "city = 'Oslo'");
    assert.deepEqual([...s.quick], [['city', 'o']]);
    assert.equal(s.sort, undefined);
    assert.deepEqual([...s.widths], [['id', 90]]);
    assert.deepEqual(s.hidden, ['amount']);
    assert.equal(s.scrollRow, 42);
  });

  it('scroll math: pixel rows up to the cap, a scaled scrollbar beyond, and the two directions agree', () => {
    assert.deepEqual(scrollWindow(10 * ROW_H + 5, 10 * ROW_H, 1000), { first: 10, count: 11, offset: 5 });
    const rows = 10_000_000;
    const viewport = 600;
    assert.equal(scrollWindow(0, viewport, rows).first, 0);
    const end = scrollWindow(MAX_SCROLL_PX - viewport, viewport, rows);
    assert.equal(end.first + end.count, rows, 'the end of the scrollbar shows the last row');
    for (const row of [0, 1234, 5_000_000, rows - 30]) {
      assert.equal(scrollWindow(scrollTopFor(row, viewport, rows), viewport, rows).first, row, `row ${row}`);
      const top = revealRow(0, viewport, rows, row);
      const w = scrollWindow(top, viewport, rows);
      assert.ok(row >= w.first && row < w.first + w.count, `row ${row} is revealed`);
    }
  });

  it('protocol: malformed or oversized messages are dropped', () => {
    assert.deepEqual(parseViewerViewMsg({ type: 'viewer/rows', request: 1, start: 0, count: 100 }), { type: 'viewer/rows', request: 1, start: 0, count: 100 });
    assert.equal(parseViewerViewMsg({ type: 'viewer/rows', request: 1, start: -1, count: 100 }), undefined);
    assert.equal(parseViewerViewMsg({ type: 'viewer/setView', request: 1, filter: 'x'.repeat(20_000), quick: [] }), undefined);
    assert.equal(parseViewerViewMsg({ type: 'viewer/action', action: 'rm -rf' }), undefined);
    assert.equal(parseViewerViewMsg({ type: 'viewer/copy', start: 5, end: 2, columns: [], format: 'tsv' }), undefined);
    assert.equal(parseViewerViewMsg({ type: '__proto__' }), undefined);
    assert.deepEqual(parseViewerViewMsg({ type: 'viewer/setView', request: 3, filter: 'a > 1', quick: [['__proto__', 'x']], sort: { column: 'a', descending: true } }), { type: 'viewer/setView', request: 3, filter: 'a > 1', quick: [['__proto__', 'x']], sort: { column: 'a', descending: true } });
  });
});
