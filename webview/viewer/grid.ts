import type { ColumnProfile } from '../../src/core/profile/types';
import type { GridRow } from '../../src/core/viewer/viewerTable';
import { QUICK_HELP } from '../../src/core/viewer/quickFilter';
import { formatNumber as f } from '../../src/core/profile/formatNumber';
import { distinctCell } from '../../src/core/profile/estimateText';
import { formatCount } from '../../src/core/render/numbers';
import { el, sparkBars } from '../common/dom';
import { ROW_H, selection, visibleColumns, widthOf, type Action, type ViewerState } from './state';

export const ROWNUM_W = 72;

/** Sizes through the CSSOM: the panel's CSP allows no inline style attributes. */
function place<T extends HTMLElement>(e: T, box: { width?: number; left?: number; top?: number }): T {
  if (box.width !== undefined) e.style.width = `${box.width}px`;
  if (box.left !== undefined) e.style.left = `${box.left}px`;
  if (box.top !== undefined) e.style.top = `${box.top}px`;
  return e;
}

/** The header row: name (sort), hide, kind and missing share, the mini distribution, the quick filter, a resize grip. */
export function renderHeader(head: HTMLElement, s: ViewerState, dispatch: (a: Action) => void, onResizeStart: (column: string, e: PointerEvent) => void): void {
  const cols = visibleColumns(s);
  const cells: HTMLElement[] = [place(el('div', { class: 'hcell rownum frozen', role: 'columnheader', 'aria-colindex': '1' }, el('span', { class: 'muted' }, 'row')), { width: ROWNUM_W })];
  cols.forEach((c, i) => {
    const sorted = s.sort?.column === c.name ? s.sort : undefined;
    const p = s.profile.get(c.name);
    const sortBtn = el('button', { class: 'sort', 'data-testid': 'sort', title: `Sort by ${c.name} (${sorted ? (sorted.descending ? 'now descending; click for file order' : 'now ascending; click for descending') : 'ascending'})` }, c.name, sorted ? (sorted.descending ? ' ▼' : ' ▲') : '');
    sortBtn.addEventListener('click', () => dispatch({ type: 'sort', column: c.name }));
    const hide = el('button', { class: 'icon hide', title: `Hide ${c.name}`, 'aria-label': `Hide column ${c.name}` }, '×');
    hide.addEventListener('click', () => dispatch({ type: 'hide', column: c.name }));
    const spark = el('button', { class: 'spark-btn', 'data-testid': 'column-spark', 'aria-label': p ? `Profile of ${c.name}: ${describe(p)}` : `Profile of ${c.name} (computing)`, title: p ? describe(p) : 'computing the column profile…' }, p ? distribution(p) : el('span', { class: 'muted loading-bar' }, '…'));
    spark.addEventListener('click', () => dispatch({ type: 'columnInfo', column: c.name }));
    const quick = el('input', { class: 'quick', type: 'text', value: s.quick.get(c.name) ?? '', placeholder: c.kind === 'text' ? 'contains…' : c.kind === 'number' ? '> 0, 1..9' : c.kind === 'time' ? '>= 2026-01-01' : 'true / false', title: QUICK_HELP[c.kind], 'aria-label': `Quick filter for ${c.name}: ${QUICK_HELP[c.kind]}`, 'data-testid': 'quick-filter', 'data-column': c.name });
    quick.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') dispatch({ type: 'quick', column: c.name, text: quick.value });
      if (e.key === 'Escape') { quick.value = ''; dispatch({ type: 'quick', column: c.name, text: '' }); }
    });
    quick.addEventListener('change', () => { if ((s.quick.get(c.name) ?? '') !== quick.value) dispatch({ type: 'quick', column: c.name, text: quick.value }); });
    const grip = el('div', { class: 'resize', role: 'separator', 'aria-orientation': 'vertical', 'aria-label': `Resize ${c.name} (Alt+←/→ on a cell of the column)` });
    grip.addEventListener('pointerdown', (e) => onResizeStart(c.name, e));
    const meta = el('div', { class: 'hmeta' }, el('span', { class: `badge kind-${p?.kind ?? 'pending'}` }, p?.kind ?? c.kind), ' ', p ? el('span', { class: 'muted', 'data-field': 'missing' }, `${f(p.missingPct)}% missing`) : el('span', { class: 'muted' }, c.type.toLowerCase()));
    cells.push(place(el('div', {
      class: `hcell${i === 0 ? ' frozen first' : ''}`, role: 'columnheader', 'aria-colindex': String(i + 2), 'aria-sort': sorted ? (sorted.descending ? 'descending' : 'ascending') : 'none',
      'data-testid': 'column-header', 'data-column': c.name,
    }, el('div', { class: 'hname' }, sortBtn, hide), meta, spark, quick, grip), { width: widthOf(s, c.name), ...(i === 0 ? { left: ROWNUM_W } : {}) }));
  });
  head.replaceChildren(el('div', { class: 'hrow', role: 'row', 'aria-rowindex': '1' }, ...cells));
}

/** Histogram bars or the top values' shares, with a text alternative in the button's label. */
function distribution(p: ColumnProfile): Node {
  if (p.numeric?.histogram) return sparkBars(p.numeric.histogram.counts, `histogram of ${p.name}`, 110, 22);
  if (p.top?.length) return sparkBars(p.top.slice(0, 8).map((t) => t.count), `top values of ${p.name}`, 110, 22);
  return el('span', { class: 'muted' }, p.kind === 'identifier' ? `${distinctCell(p, formatCount)} distinct` : p.datetime ? `${p.datetime.min ?? ''} – ${p.datetime.max ?? ''}` : '');
}

function describe(p: ColumnProfile): string {
  const n = p.numeric;
  if (n) return `${p.kind}; min ${f(n.min)}, mean ${f(n.mean)}, max ${f(n.max)}; ${f(p.missingPct)}% missing`;
  if (p.top?.length) return `${p.kind}; top: ${p.top.slice(0, 3).map((t) => `${t.value} ${f(t.pct)}%`).join(', ')}; ${f(p.missingPct)}% missing`;
  return `${p.kind}; ${distinctCell(p, formatCount)} distinct; ${f(p.missingPct)}% missing`;
}

/** The visible rows, absolutely placed; rows not loaded yet show as placeholders. */
export function renderRows(body: HTMLElement, s: ViewerState, first: number, count: number, offset: number, rowAt: (position: number) => GridRow | undefined, dispatch: (a: Action) => void): void {
  const cols = visibleColumns(s);
  const index = cols.map((c) => s.columns.findIndex((x) => x.name === c.name));
  const sel = selection(s);
  const rows: HTMLElement[] = [];
  for (let k = 0; k < count; k++) {
    const pos = first + k;
    const r = rowAt(pos);
    const top = k * ROW_H - offset;
    const cells: HTMLElement[] = [place(el('div', { class: 'cell rownum frozen', role: 'rowheader' }, r ? String(r.row + 1) : ''), { width: ROWNUM_W })];
    cols.forEach((c, i) => {
      const v = r?.cells[index[i]!];
      const inSel = pos >= sel.top && pos <= sel.bottom && i >= sel.left && i <= sel.right;
      const active = pos === s.active.row && i === s.active.col;
      const cls = `cell${c.kind === 'number' ? ' num' : ''}${i === 0 ? ' frozen first' : ''}${inSel ? ' selected' : ''}${active ? ' active' : ''}${v === null ? ' null' : ''}`;
      cells.push(place(el('div', { class: cls, role: 'gridcell', id: `cell-${pos}-${i}`, 'aria-colindex': String(i + 2), 'aria-selected': String(inSel), title: v ?? '' }, r ? (v === null ? 'null' : (v ?? '')) : ''), { width: widthOf(s, c.name), ...(i === 0 ? { left: ROWNUM_W } : {}) }));
    });
    const row = place(el('div', { class: `row${r ? '' : ' pending'}${k % 2 ? ' odd' : ''}`, role: 'row', 'aria-rowindex': String(pos + 2), 'data-testid': 'grid-row', 'data-position': String(pos), ...(r ? { 'data-row': String(r.row) } : {}) }, ...cells), { top });
    row.addEventListener('mousedown', (e) => {
      const cell = (e.target as HTMLElement).closest('.cell');
      const col = cell ? Array.prototype.indexOf.call(row.children, cell) - 1 : -1;
      dispatch({ type: 'moveTo', row: pos, ...(col >= 0 ? { col } : {}), extend: e.shiftKey });
    });
    row.addEventListener('dblclick', () => { if (r) dispatch({ type: 'detail', position: pos, row: r.row }); });
    rows.push(row);
  }
  body.replaceChildren(...rows);
}
