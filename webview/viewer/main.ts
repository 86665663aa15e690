import type { GridRow } from '../../src/core/viewer/viewerTable';
import type { ViewerAction, ViewerHostMsg, ViewerViewMsg } from '../../src/shared/viewerProtocol';
import { el } from '../common/dom';
import { vscodeApi } from '../common/vscodeApi';
import { renderHeader, renderRows } from './grid';
import { renderFilter, renderNotices, renderSide, renderToolbar, type PanelHandlers } from './panels';
import { HEAD_H, initialState, reduce, revealRow, scrollHeight, scrollTopFor, scrollWindow, selection, visibleColumns, widthOf, type Action, type ViewerState } from './state';
import { ROWNUM_W } from './grid';

const PAGE = 100;
const MAX_PAGES = 80;

const vscode = vscodeApi<ViewerViewMsg, unknown>();
const root = document.getElementById('app')!;
const toolbar = el('header', { class: 'toolbar viewer-toolbar' });
const filterBar = el('div', { class: 'filter-bar' });
const notices = el('div', { class: 'notices' });
const head = el('div', { class: 'head' });
const body = el('div', { class: 'body', role: 'rowgroup' });
const view = el('div', { class: 'view' }, head, body);
const spacer = el('div', { class: 'spacer' });
const grid = el('div', { class: 'grid', tabindex: '0', role: 'grid', 'aria-label': 'Dataset rows', 'aria-multiselectable': 'true', 'data-testid': 'grid' }, view, spacer);
const side = el('aside', { class: 'side', hidden: '' });
const main = el('div', { class: 'viewer-main' }, grid, side);

let state: ViewerState = initialState;
/** The view generation the host has confirmed (its setView answered): rows are asked for only then. */
let ackedGeneration = -1;
let sentGeneration = -1;
let request = 0;
/** Id of the last setView sent: older replies are superseded. */
let viewRequest = 0;
/** Page cache of the current view: page index → rows; requests in flight by id. */
let pages = new Map<number, GridRow[]>();
const inFlight = new Map<number, { generation: number; page: number }>();
let rememberTimer: number | undefined;
/** A row whose detail was asked for (Enter) before its page had arrived. */
let pendingDetail: number | undefined;

const handlers: PanelHandlers = {
  dispatch,
  action: (action: ViewerAction, row?: number) => vscode.postMessage({ type: 'viewer/action', action, ...(row !== undefined ? { row } : {}) }),
  copy,
  goTo: (row) => { dispatch({ type: 'moveTo', row }); scrollTo(row); grid.focus(); },
};

function dispatch(a: Action): void {
  const before = state;
  state = reduce(state, a);
  if (state.generation !== before.generation) {
    pages = new Map();
    pendingDetail = undefined;
    if (state.status === 'ready') sendView();
  }
  if (a.type === 'detail') vscode.postMessage({ type: 'viewer/record', row: a.row });
  render(before);
  if (a.type === 'hide' || a.type === 'show' || a.type === 'resize' || a.type === 'scrolled') remember();
}

function sendView(): void {
  sentGeneration = state.generation;
  request++;
  viewRequest = request;
  vscode.postMessage({ type: 'viewer/setView', request, filter: state.filter, quick: [...state.quick], ...(state.sort ? { sort: state.sort } : {}) });
}

function remember(): void {
  window.clearTimeout(rememberTimer);
  rememberTimer = window.setTimeout(() => vscode.postMessage({ type: 'viewer/remember', scrollRow: state.scrollRow, widths: [...state.widths], hidden: state.hidden }), 800);
}

function render(before?: ViewerState): void {
  if (state.status === 'failed') {
    root.replaceChildren(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, state.error ?? 'The dataset could not be opened.'));
    return;
  }
  if (state.status === 'loading') return;
  if (!root.contains(grid)) root.replaceChildren(toolbar, filterBar, notices, main);
  renderToolbar(toolbar, state, handlers);
  renderFilter(filterBar, state, dispatch);
  renderNotices(notices, state);
  renderSide(side, state, handlers);
  const headChanged = !before || before.columns !== state.columns || before.sort !== state.sort || before.profile !== state.profile || before.widths !== state.widths || before.hidden !== state.hidden || before.quick !== state.quick;
  if (headChanged) renderHeader(head, state, dispatch, startResize);
  layout();
}

/** Sizes the scrolled area, draws the visible rows and asks for the pages they need. */
function layout(): void {
  const cols = visibleColumns(state);
  const width = ROWNUM_W + cols.reduce((w, c) => w + widthOf(state, c.name), 0);
  const viewport = Math.max(0, grid.clientHeight - HEAD_H);
  view.style.width = `${width}px`;
  view.style.height = `${grid.clientHeight}px`;
  spacer.style.width = `${width}px`;
  spacer.style.height = `${Math.max(0, HEAD_H + scrollHeight(state.viewRows) - grid.clientHeight)}px`;
  const w = scrollWindow(grid.scrollTop, viewport, state.viewRows);
  grid.setAttribute('aria-rowcount', String(state.viewRows + 1));
  grid.setAttribute('aria-colcount', String(cols.length + 1));
  grid.setAttribute('aria-activedescendant', `cell-${state.active.row}-${state.active.col}`);
  renderRows(body, state, w.first, Math.max(0, w.count), w.offset, rowAt, dispatch);
  need(w.first, w.count);
}

function rowAt(position: number): GridRow | undefined {
  return pages.get(Math.floor(position / PAGE))?.[position % PAGE];
}

function need(first: number, count: number): void {
  if (state.generation !== ackedGeneration || count <= 0) return;
  const from = Math.floor(first / PAGE);
  const to = Math.floor((first + count) / PAGE) + 1;
  for (let p = Math.max(0, from - 1); p <= to; p++) {
    if (p * PAGE >= state.viewRows || pages.has(p) || [...inFlight.values()].some((f) => f.page === p && f.generation === state.generation)) continue;
    request++;
    inFlight.set(request, { generation: state.generation, page: p });
    vscode.postMessage({ type: 'viewer/rows', request, start: p * PAGE, count: PAGE });
  }
  while (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value as number);
}

function scrollTo(row: number): void {
  grid.scrollTop = scrollTopFor(row, Math.max(0, grid.clientHeight - HEAD_H), state.viewRows);
}

function copy(format: 'tsv' | 'md'): void {
  const sel = selection(state);
  const cols = visibleColumns(state).slice(sel.left, sel.right + 1).map((c) => c.name);
  vscode.postMessage({ type: 'viewer/copy', start: sel.top, end: sel.bottom, columns: cols, format });
}

function startResize(column: string, e: PointerEvent): void {
  e.preventDefault();
  const startX = e.clientX;
  const startW = widthOf(state, column);
  const move = (m: PointerEvent) => { state = { ...state, widths: new Map(state.widths).set(column, Math.max(40, startW + m.clientX - startX)) }; renderHeader(head, state, dispatch, startResize); layout(); };
  const up = (u: PointerEvent) => { window.removeEventListener('pointermove', move); window.removeEventListener('pointerup', up); dispatch({ type: 'resize', column, width: startW + u.clientX - startX }); };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
}

/** Keyboard: arrows, Page Up/Down, Home/End (Ctrl: first/last row), Shift extends, Ctrl+A, Ctrl+C (Shift: Markdown), Enter: row detail, Alt+←/→: column width. */
grid.addEventListener('keydown', (e) => {
  const page = Math.max(1, Math.floor((grid.clientHeight - HEAD_H) / 24) - 1);
  const ctrl = e.ctrlKey || e.metaKey;
  const col = visibleColumns(state)[state.active.col];
  let a: Action | undefined;
  if (e.altKey && col && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) a = { type: 'resize', column: col.name, width: widthOf(state, col.name) + (e.key === 'ArrowRight' ? 20 : -20) };
  else if (e.key === 'ArrowDown') a = { type: 'move', rows: 1, cols: 0, extend: e.shiftKey };
  else if (e.key === 'ArrowUp') a = { type: 'move', rows: -1, cols: 0, extend: e.shiftKey };
  else if (e.key === 'ArrowRight') a = { type: 'move', rows: 0, cols: 1, extend: e.shiftKey };
  else if (e.key === 'ArrowLeft') a = { type: 'move', rows: 0, cols: -1, extend: e.shiftKey };
  else if (e.key === 'PageDown') a = { type: 'move', rows: page, cols: 0, extend: e.shiftKey };
  else if (e.key === 'PageUp') a = { type: 'move', rows: -page, cols: 0, extend: e.shiftKey };
  else if (e.key === 'Home') a = ctrl ? { type: 'moveTo', row: 0, col: 0, extend: e.shiftKey } : { type: 'moveTo', row: state.active.row, col: 0, extend: e.shiftKey };
  else if (e.key === 'End') a = ctrl ? { type: 'moveTo', row: state.viewRows - 1, col: visibleColumns(state).length - 1, extend: e.shiftKey } : { type: 'moveTo', row: state.active.row, col: visibleColumns(state).length - 1, extend: e.shiftKey };
  else if (ctrl && e.key.toLowerCase() === 'a') a = { type: 'selectAll' };
  else if (ctrl && e.key.toLowerCase() === 'c') { e.preventDefault(); copy(e.shiftKey ? 'md' : 'tsv'); return; }
  else if (e.key === 'Enter') {
    const r = rowAt(state.active.row);
    if (r) a = { type: 'detail', position: state.active.row, row: r.row };
    else pendingDetail = state.active.row; // opened when its page arrives
  }
  else if (e.key === 'Escape') a = state.detail ? { type: 'closeDetail' } : { type: 'moveTo', row: state.active.row };
  if (!a) return;
  e.preventDefault();
  dispatch(a);
  if (a.type === 'move' || a.type === 'moveTo' || a.type === 'selectAll') {
    grid.scrollTop = revealRow(grid.scrollTop, Math.max(0, grid.clientHeight - HEAD_H), state.viewRows, state.active.row);
    document.getElementById(`cell-${state.active.row}-${state.active.col}`)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
});

let frame = 0;
grid.addEventListener('scroll', () => {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    layout();
    const w = scrollWindow(grid.scrollTop, Math.max(0, grid.clientHeight - HEAD_H), state.viewRows);
    if (w.first !== state.scrollRow) { state = { ...state, scrollRow: w.first }; remember(); }
  });
});
new ResizeObserver(() => { if (state.status === 'ready') layout(); }).observe(grid);

window.addEventListener('message', (event: MessageEvent<ViewerHostMsg>) => {
  const msg = event.data;
  if (msg.type === 'viewer/rows') {
    const f = inFlight.get(msg.request);
    inFlight.delete(msg.request);
    if (!f || f.generation !== state.generation) return;
    pages.set(f.page, msg.rows);
    layout();
    const r = pendingDetail !== undefined ? rowAt(pendingDetail) : undefined;
    if (r && pendingDetail !== undefined) {
      dispatch({ type: 'detail', position: pendingDetail, row: r.row });
      pendingDetail = undefined;
    }
    return;
  }
  if (msg.type === 'viewer/view') {
    if (msg.request !== viewRequest) return; // superseded by a later view
    if (!msg.error) ackedGeneration = sentGeneration;
    else if (ackedGeneration >= 0) ackedGeneration = sentGeneration; // the host kept its previous view: show it
  }
  const restoring = msg.type === 'viewer/schema';
  dispatch({ type: 'host', msg });
  if (restoring && state.scrollRow > 0) requestAnimationFrame(() => scrollTo(state.scrollRow));
});

render();
vscode.postMessage({ type: 'view/ready' });
