/**
 * A table that keeps only the rows in view in the DOM (plus overscan), for the profile and drift column tables
 * (10,000 columns stay responsive). Rows have a fixed height; spacer rows above and below stand for the rest, so
 * the scrollbar is true. ARIA as the viewer's grid: role="grid" with aria-rowcount, every row its aria-rowindex;
 * one row is in the tab order (roving tabindex), arrows, Page Up/Down and Home/End move it, Enter/Space opens it.
 */
import { el } from './dom';
import { moveActive, rowWindow, scrollToRow } from './rowWindow';

/** Up to this many rows, all are rendered (a short table needs no windowing, and reads fully in tests). */
export const RENDER_ALL = 100;

export interface VirtualTableOptions<T> {
  label: string;
  testid: string;
  className: string;
  rowHeight: number;
  overscan?: number;
  /** A row for `item` at position `index` (the table adds aria-rowindex and tabindex). */
  row: (item: T, index: number) => HTMLTableRowElement;
  keyOf: (item: T) => string;
  /** Enter, Space or a click on a row. */
  onActivate: (item: T) => void;
}

export class VirtualTable<T> {
  /** The scroll box holding the table (append it to the page once). */
  readonly element: HTMLDivElement;
  private readonly table: HTMLTableElement;
  private readonly thead = el('thead');
  private readonly tbody = el('tbody');
  private readonly above = spacer();
  private readonly below = spacer();
  private items: readonly T[] = [];
  private active = 0;
  private activeKey: string | undefined;
  private frame = 0;
  private drawn: { items: readonly T[]; first: number; count: number } | undefined;

  constructor(private readonly o: VirtualTableOptions<T>) {
    this.table = el('table', { class: `${o.className} vgrid`, role: 'grid', 'aria-label': o.label, 'data-testid': o.testid, 'aria-rowcount': '1' }, this.thead, this.tbody);
    this.element = el('div', { class: 'vscroll', 'data-testid': `${o.testid}-scroll` }, this.table);
    this.element.addEventListener('scroll', () => this.schedule());
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => this.schedule()).observe(this.element);
    this.tbody.addEventListener('keydown', (e) => this.onKey(e));
    this.tbody.addEventListener('click', (e) => {
      const tr = (e.target as HTMLElement).closest('tr[data-index]');
      if (!tr) return;
      const i = Number(tr.getAttribute('data-index'));
      const item = this.items[i];
      if (item === undefined) return;
      this.setActive(i);
      this.o.onActivate(item);
    });
  }

  /** The header row (aria-rowindex 1). */
  setHead(tr: HTMLTableRowElement): void {
    tr.setAttribute('aria-rowindex', '1');
    this.thead.replaceChildren(tr);
    for (const sp of [this.above, this.below]) sp.cells[0]?.setAttribute('colspan', String(Math.max(1, tr.cells.length)));
  }

  /** New rows (filtered, sorted): the active row follows its key when still present. */
  setItems(items: readonly T[]): void {
    this.items = items;
    const at = this.activeKey === undefined ? -1 : items.findIndex((x) => this.o.keyOf(x) === this.activeKey);
    this.active = at >= 0 ? at : Math.min(this.active, Math.max(0, items.length - 1));
    this.table.setAttribute('aria-rowcount', String(items.length + 1));
    this.draw();
  }

  /** Rows currently in the DOM (for tests and measurements). */
  renderedRows(): number {
    return this.tbody.querySelectorAll('tr[data-index]').length;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.draw(undefined, false); });
  }

  private viewport(): number {
    const h = this.element.clientHeight || window.innerHeight;
    return Math.max(this.o.rowHeight, h - (this.thead.getBoundingClientRect().height || this.o.rowHeight));
  }

  /** Renders the rows in view (of `scrollTop`, the box's own by default). */
  draw(scrollTop = this.element.scrollTop, force = true): void {
    const n = this.items.length;
    const w = n <= RENDER_ALL
      ? { first: 0, count: n, before: 0, after: 0 }
      : rowWindow(scrollTop, this.viewport(), n, this.o.rowHeight, this.o.overscan ?? 10);
    // A scroll within the rendered rows (or a resize) changes nothing: keep the DOM (and the focused row) as it is.
    if (!force && this.drawn && this.drawn.items === this.items && this.drawn.first === w.first && this.drawn.count === w.count) return;
    this.drawn = { items: this.items, first: w.first, count: w.count };
    const hadFocus = this.tbody.contains(document.activeElement);
    const rows: HTMLTableRowElement[] = [];
    for (let i = w.first; i < w.first + w.count; i++) {
      const tr = this.o.row(this.items[i]!, i);
      tr.setAttribute('aria-rowindex', String(i + 2));
      tr.setAttribute('data-index', String(i));
      tr.tabIndex = i === this.active ? 0 : -1;
      rows.push(tr);
    }
    // Nothing in view is the active row (scrolled away): the first rendered row keeps the table in the tab order.
    if (rows.length && !rows.some((r) => r.tabIndex === 0)) rows[0]!.tabIndex = 0;
    this.above.style.height = `${w.before}px`;
    this.below.style.height = `${w.after}px`;
    this.tbody.replaceChildren(...(w.before ? [this.above] : []), ...rows, ...(w.after ? [this.below] : []));
    if (hadFocus) this.tbody.querySelector<HTMLElement>(`tr[data-index="${this.active}"]`)?.focus({ preventScroll: true });
  }

  private setActive(i: number): void {
    this.active = i;
    const item = this.items[i];
    this.activeKey = item === undefined ? undefined : this.o.keyOf(item);
  }

  private onKey(e: KeyboardEvent): void {
    const item = this.items[this.active];
    if ((e.key === 'Enter' || e.key === ' ') && item !== undefined) {
      e.preventDefault();
      this.o.onActivate(item);
      return;
    }
    const page = Math.max(1, Math.floor(this.viewport() / this.o.rowHeight) - 1);
    const to = moveActive(e.key, this.active, this.items.length, page);
    if (to === undefined) return;
    e.preventDefault();
    this.setActive(to);
    // Row space: the sticky header covers the top of the box, so row i is fully visible within the viewport below it.
    // Rows first, then the scroll position (set before the rows changed, Chromium kept the old position).
    const top = scrollToRow(to, this.element.scrollTop, this.viewport(), this.o.rowHeight);
    this.draw(top);
    this.element.scrollTop = top;
    this.tbody.querySelector<HTMLElement>(`tr[data-index="${to}"]`)?.focus({ preventScroll: true });
  }
}

/** A spacer row standing for rows out of view; hidden from assistive technology (aria-rowcount counts them). */
function spacer(): HTMLTableRowElement {
  return el('tr', { class: 'vspacer', 'aria-hidden': 'true' }, el('td', { colspan: '1' }));
}
