/**
 * Windowing math of the virtual tables (profile and drift columns): which rows of a fixed-height list are in
 * view, plus `overscan` rows each side, and the space the rows above and below take. Pure, unit-tested.
 */
export interface RowWindow {
  /** Index of the first rendered row. */
  first: number;
  /** Rows rendered (0 for an empty list). */
  count: number;
  /** Height of the rows above the first rendered one (the top spacer), in px. */
  before: number;
  /** Height of the rows below the last rendered one (the bottom spacer), in px. */
  after: number;
}

/** The rows to render for a scroll position `scrollTop` over a `viewport` px tall, `total` rows of `rowHeight` px. */
export function rowWindow(scrollTop: number, viewport: number, total: number, rowHeight: number, overscan = 10): RowWindow {
  if (total <= 0 || rowHeight <= 0) return { first: 0, count: 0, before: 0, after: 0 };
  const top = Math.max(0, Math.min(scrollTop, total * rowHeight));
  const inView = Math.max(1, Math.ceil(Math.max(0, viewport) / rowHeight) + 1);
  const first = Math.max(0, Math.min(total - 1, Math.floor(top / rowHeight) - overscan));
  const last = Math.min(total, Math.floor(top / rowHeight) + inView + overscan);
  const count = Math.max(0, last - first);
  return { first, count, before: first * rowHeight, after: (total - first - count) * rowHeight };
}

/** The scrollTop that brings row `index` fully into view, or `scrollTop` itself when it already is. */
export function scrollToRow(index: number, scrollTop: number, viewport: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return Math.max(0, top + rowHeight - viewport);
  return scrollTop;
}

/** Where the keyboard moves the active row: arrows by one, Page Up/Down by a page, Home/End to the ends. */
export function moveActive(key: string, active: number, total: number, page: number): number | undefined {
  if (total <= 0) return undefined;
  const to = (i: number) => Math.max(0, Math.min(total - 1, i));
  switch (key) {
    case 'ArrowDown': return to(active + 1);
    case 'ArrowUp': return to(active - 1);
    case 'PageDown': return to(active + Math.max(1, page));
    case 'PageUp': return to(active - Math.max(1, page));
    case 'Home': return 0;
    case 'End': return total - 1;
    default: return undefined;
  }
}
