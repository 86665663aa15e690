import assert from 'node:assert/strict';
import { moveActive, rowWindow, scrollToRow } from '../../../webview/common/rowWindow';

/** Issue 18: the virtual tables' windowing math (profile and drift columns). */
describe('virtual table windowing', () => {
  it('renders the rows in view plus overscan, and spacers for the rest', () => {
    // 10,000 rows of 30 px, a 600 px viewport scrolled to row 5,000.
    const w = rowWindow(150_000, 600, 10_000, 30, 10);
    assert.deepEqual(w, { first: 4990, count: 41, before: 4990 * 30, after: (10_000 - 4990 - 41) * 30 });
    assert.equal(w.before + w.count * 30 + w.after, 10_000 * 30, 'spacers + rows = the full height');
  });
  it('is bounded by the viewport, not by the number of rows', () => {
    for (const total of [1_000, 10_000, 1_000_000]) assert.ok(rowWindow(0, 900, total, 30, 10).count <= Math.ceil(900 / 30) + 1 + 10);
  });
  it('clamps at both ends and handles empty and tiny lists', () => {
    assert.deepEqual(rowWindow(0, 600, 0, 30), { first: 0, count: 0, before: 0, after: 0 });
    assert.deepEqual(rowWindow(0, 600, 3, 30), { first: 0, count: 3, before: 0, after: 0 });
    const end = rowWindow(1e9, 600, 10_000, 30, 10);
    assert.equal(end.first + end.count, 10_000);
    assert.equal(end.after, 0);
    assert.equal(rowWindow(-50, 600, 100, 30, 0).first, 0);
  });
  it('scrolls a row into view only when it is not', () => {
    assert.equal(scrollToRow(10, 0, 600, 30), 0, 'row 10 is in view');
    assert.equal(scrollToRow(30, 0, 600, 30), 31 * 30 - 600, 'below: its bottom meets the viewport bottom');
    assert.equal(scrollToRow(5, 600, 600, 30), 150, 'above: its top meets the viewport top');
  });
  it('moves the active row with arrows, pages and Home/End, within bounds', () => {
    assert.equal(moveActive('ArrowDown', 0, 10, 5), 1);
    assert.equal(moveActive('ArrowUp', 0, 10, 5), 0);
    assert.equal(moveActive('PageDown', 8, 10, 5), 9);
    assert.equal(moveActive('PageUp', 8, 10, 5), 3);
    assert.equal(moveActive('Home', 8, 10, 5), 0);
    assert.equal(moveActive('End', 0, 10, 5), 9);
    assert.equal(moveActive('x', 0, 10, 5), undefined);
    assert.equal(moveActive('ArrowDown', 0, 0, 5), undefined);
  });
});
