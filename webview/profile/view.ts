import type { PanelCommand } from '../common/reportApp';
import type { ColumnKind, ColumnProfile } from '../../src/core/profile/types';
import { formatCount, formatNumber, formatPercent } from '../../src/core/render/numbers';
import { attention, ATTENTION_LABEL, profileVerdict } from '../../src/core/verdict/profile';
import { distinctCell, distinctText } from '../../src/core/profile/estimateText';
import { busy, detailsSection, showAll, verdictCard } from '../common/ui';
import { VirtualTable } from '../common/virtualTable';

const f = (x: number | null | undefined): string => formatNumber(x);
/** The column whose detail was shown last render (to scroll only when the choice changes). */
let lastShown: string | undefined;
import { el, sparkBars } from '../common/dom';
import { renderDetail } from './detail';
import { shownColumns, visibleColumns, type Action, type ProfileViewState, type SortKey } from './state';

const KINDS: (ColumnKind | 'all')[] = ['all', 'numeric', 'categorical', 'boolean', 'datetime', 'text', 'identifier'];
const HEADERS: [SortKey | null, string][] = [
  ['name', 'column'], ['kind', 'kind'], ['missing', 'missing'], ['distinct', 'distinct'],
  ['min', 'min'], ['max', 'max'], ['mean', 'mean'], ['std', 'std'], [null, 'distribution'],
];

type Send = (m: PanelCommand | { explainRow: number } | 'cancel') => void;

/** Header widths (table-layout: fixed keeps them while rows scroll in and out). */
const WIDTHS = ['17%', '9%', '11%', '10%', '9%', '9%', '8%', '7%', '20%'];
export const ROW_HEIGHT = 30;

/** The parts that stay between renders: the toolbar's inputs keep focus, the table keeps its scroll position. */
interface Ui {
  /** The verdict card and what follows it: first children of the root (the design tests want the card first). */
  top: Node[];
  progress: HTMLElement;
  filter: HTMLInputElement;
  kind: HTMLSelectElement;
  shown: HTMLElement;
  table: VirtualTable<ColumnProfile>;
  detail: HTMLElement;
}
let ui: Ui | undefined;
let last: ProfileViewState | undefined;
let current: { s: ProfileViewState; dispatch: (a: Action) => void } | undefined;

/**
 * Render the panel from state. Views only render; every change goes through `dispatch`. A filter keystroke, a
 * sort, a streamed batch or a scroll redraws only the table's rows in view, never the whole page.
 */
export function render(root: HTMLElement, s: ProfileViewState, dispatch: (a: Action) => void, send: Send): void {
  current = { s, dispatch };
  const before = last;
  last = s;
  if (s.status === 'failed') {
    ui = undefined;
    root.replaceChildren(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, s.error ?? 'The profile could not be computed.'), button('Try again', () => send('refresh')));
    return;
  }
  if (!s.profile && !s.stream?.columns.length) {
    ui = undefined;
    root.replaceChildren(busy(s.stream ? `Profiling: ${s.stream.stage || 'reading the file'}… ${Math.round(100 * s.stream.fraction)}%` : 'Profiling: counting values in every column…'));
    if (s.stream) root.append(button('Cancel', () => send('cancel'), 'cancel'));
    return;
  }
  const full = !ui || !before || s === before || s.profile !== before.profile || s.status !== before.status || s.explainModel !== before.explainModel;
  if (!ui || !root.contains(ui.table.element)) ui = build(root, dispatch);
  if (full) renderTop(ui, root, s, send);
  if (full || s.stream !== before?.stream) renderProgress(ui.progress, s, send);
  if (full || s.sortKey !== before?.sortKey || s.descending !== before.descending) ui.table.setHead(header(s, dispatch));
  if (full || s.stream?.columns !== before?.stream?.columns || s.filter !== before?.filter || s.kind !== before.kind || s.sortKey !== before.sortKey || s.descending !== before.descending) {
    const cols = visibleColumns(s);
    ui.table.setItems(cols);
    const total = s.profile?.columnCount ?? s.stream?.total;
    ui.shown.textContent = `${formatCount(cols.length)} of ${formatCount(shownColumns(s).length)} columns${!s.profile && total !== undefined ? ` (${formatCount(total)} when done)` : ''}`;
  } else if (s.selected !== before?.selected) ui.table.draw();
  if (ui.filter.value !== s.filter && document.activeElement !== ui.filter) ui.filter.value = s.filter;
  ui.kind.value = s.kind;
  if (full || s.selected !== before?.selected) renderSelected(ui.detail, s);
}

function build(root: HTMLElement, dispatch: (a: Action) => void): Ui {
  const filter = el('input', { id: 'filter', type: 'search', placeholder: 'Filter columns', 'aria-label': 'Filter columns by name', 'data-testid': 'filter' });
  filter.addEventListener('input', () => dispatch({ type: 'filter', text: filter.value }));
  const kind = el('select', { id: 'kind', 'aria-label': 'Filter columns by kind', 'data-testid': 'kind-filter' }, ...KINDS.map((k) => el('option', { value: k }, k === 'all' ? 'all kinds' : k)));
  kind.addEventListener('change', () => dispatch({ type: 'kind', kind: kind.value as ColumnKind | 'all' }));
  const shown = el('span', { class: 'muted', 'data-testid': 'shown', 'aria-live': 'polite' });
  const table = new VirtualTable<ColumnProfile>({
    label: 'Columns', testid: 'columns-table', className: 'columns', rowHeight: ROW_HEIGHT,
    row: (c) => row(c, current?.s.selected === c.name),
    keyOf: (c) => c.name,
    onActivate: (c) => current?.dispatch({ type: 'select', column: c.name }),
  });
  const u: Ui = { top: [], progress: el('div'), filter, kind, shown, table, detail: el('div') };
  root.replaceChildren(u.progress, el('div', { class: 'toolbar' }, filter, kind, shown), table.element, u.detail);
  return u;
}

/** Verdict card, findings, notes and issues: once the profile is done; a plain title while it streams. */
function renderTop(u: Ui, root: HTMLElement, s: ProfileViewState, send: Send): void {
  const p = s.profile;
  const place = (nodes: Node[]) => {
    for (const n of u.top) root.removeChild(n);
    root.prepend(...nodes);
    u.top = nodes;
  };
  if (!p) {
    place([el('h1', {}, 'Profiling…')]);
    return;
  }
  const parts: HTMLElement[] = [];
  // Verdict card: what needs attention (mostly missing, constant, skewed, one dominant value, duplicates).
  const card = verdictCard(p.path.split(/[\\/]/).pop() ?? p.path, profileVerdict(p), [button('Refresh', () => send('refresh')), button('Share…', () => send('share')), button('Markdown', () => send('md')), button('JSON', () => send('json'))]);
  card.querySelectorAll<HTMLElement>('[data-testid="key-number"]').forEach((e, i) => e.setAttribute('data-testid', ['rows', 'columns', 'duplicates'][i] ?? 'key-number'));
  parts.push(card);
  const items = attention(p);
  if (items.length) {
    const kinds = [...new Set(items.map((a) => a.kind))];
    parts.push(el('div', { class: 'finding-groups', 'data-testid': 'attention' }, ...kinds.map((k, i) => detailsSection(ATTENTION_LABEL[k], [showAll(items.filter((a) => a.kind === k).map((a) => a.text), 5, (t) => el('li', {}, t))], { count: items.filter((a) => a.kind === k).length, status: 'warn', open: i === 0 }))));
  }
  if (s.explainModel) parts.push(explainRowForm(s.explainModel, p.rows, send));
  if (s.status === 'loading') parts.push(el('p', { class: 'muted' }, 'Refreshing…'));
  if (p.approximate) parts.push(el('p', { class: 'muted' }, `Large file: ${p.duplicateRowsEstimate ? 'duplicate rows and ' : ''}distinct counts above 16,384 are estimates (marked ≈, ± one standard error), and so are the quantiles of numeric columns with more than 10,000 distinct values. Turn on the setting modelLens.profile.exact for exact figures at any size.`));
  if (p.issues.length) {
    parts.push(detailsSection('Data issues', [showAll(p.issues, 50, (i) => el('li', { class: `sev-${i.severity}` }, el('span', { class: 'badge' }, i.severity), ' ', i.message), { testid: 'issues' })], { count: p.issues.length, open: true }));
  }
  place(parts);
}

/** While statistics arrive: "412 of 10,000 columns", a bar and Cancel. */
function renderProgress(box: HTMLElement, s: ProfileViewState, send: Send): void {
  const st = s.stream;
  if (!st) {
    box.replaceChildren();
    return;
  }
  const text = st.total !== undefined ? `${formatCount(st.columns.length)} of ${formatCount(st.total)} columns profiled` : `${st.stage || 'reading the file'}…`;
  box.replaceChildren(el('div', { class: 'stream-progress', role: 'status', 'data-testid': 'stream-progress' },
    el('div', { class: 'progress-bar', 'aria-hidden': 'true' }), el('span', {}, text), button('Cancel', () => send('cancel'), 'cancel')));
}

function header(s: ProfileViewState, dispatch: (a: Action) => void): HTMLTableRowElement {
  return el('tr', {}, ...HEADERS.map(([key, label], j) => {
    const th = el('th', { scope: 'col', ...(key ? { 'aria-sort': s.sortKey === key ? (s.descending ? 'descending' : 'ascending') : 'none' } : {}) });
    th.style.width = WIDTHS[j] ?? 'auto';
    if (!key) {
      th.append(label);
      return th;
    }
    const sorted = s.sortKey === key;
    const b = el('button', { class: 'sort', 'data-sort': key }, label, sorted ? (s.descending ? ' ▼' : ' ▲') : '');
    b.addEventListener('click', () => dispatch({ type: 'sort', key }));
    th.append(b);
    return th;
  }));
}

/** The detail pane of the selected column, brought into view when the choice changes. */
function renderSelected(box: HTMLElement, s: ProfileViewState): void {
  const selected = s.selected === undefined ? undefined : shownColumns(s).find((c) => c.name === s.selected);
  if (!selected) {
    box.replaceChildren();
    lastShown = undefined;
    return;
  }
  const detail = renderDetail(selected, s.profile?.rows ?? 0);
  box.replaceChildren(detail);
  // A newly chosen column's detail opens below the table: bring it into view (it opened below the fold).
  if (lastShown !== selected.name) requestAnimationFrame(() => detail.scrollIntoView({ block: 'start', behavior: 'auto' }));
  lastShown = selected.name;
}

/** "Explain this row": a row number (0-based, as in the file) and a button, shown when a model is configured. */
function explainRowForm(model: string, rows: number, send: (m: { explainRow: number }) => void): HTMLElement {
  const input = el('input', { type: 'number', min: '0', max: String(Math.max(0, rows - 1)), step: '1', value: '0', 'aria-label': 'Row to explain (0-based)', 'data-testid': 'explain-row-input' });
  input.style.width = '8em';
  const go = (): void => {
    const row = Number(input.value);
    if (Number.isInteger(row) && row >= 0 && row < rows) send({ explainRow: row });
    else input.setCustomValidity(`Enter a row from 0 to ${rows - 1}`);
    input.reportValidity();
  };
  input.addEventListener('input', () => input.setCustomValidity(''));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') go();
  });
  return el('div', { class: 'toolbar', 'data-testid': 'explain-row' }, el('label', {}, 'Row ', input), button('Explain this row', go), el('span', { class: 'muted' }, `with ${model} (0-based row of the file)`));
}

function button(label: string, onClick: () => void, testid?: string): HTMLButtonElement {
  const b = el('button', testid ? { 'data-testid': testid } : {}, label);
  b.addEventListener('click', onClick);
  return b;
}

function row(c: ColumnProfile, selected: boolean): HTMLTableRowElement {
  const n = c.numeric;
  const min = n ? f(n.min) : c.datetime ? (c.datetime.min ?? '—') : '';
  const max = n ? f(n.max) : c.datetime ? (c.datetime.max ?? '—') : '';
  const dist = n?.histogram
    ? sparkBars(n.histogram.counts, `histogram of ${c.name}`)
    : c.top && c.top.length
      ? topline(c.top.slice(0, 3).map((t) => `${t.value} ${formatPercent(t.pct / 100)}`).join(' · '))
      : null;
  const tr = el('tr', { 'data-testid': 'column-row', 'data-column': c.name, 'aria-selected': String(selected), class: selected ? 'selected' : '' },
    el('th', { scope: 'row', 'data-field': 'name' }, c.name),
    el('td', { 'data-field': 'kind' }, el('span', { class: `badge kind-${c.kind}` }, c.kind)),
    el('td', { class: 'num', 'data-field': 'missing' }, formatCount(c.missing), c.missing ? el('span', { class: 'muted' }, ` (${formatPercent(c.missingPct / 100)})`) : null),
    el('td', { class: 'num', 'data-field': 'distinct', ...(c.approximateDistinct ? { title: distinctText(c, formatCount) } : {}) }, distinctCell(c, formatCount)),
    el('td', { class: 'num', 'data-field': 'min' }, min),
    el('td', { class: 'num', 'data-field': 'max' }, max),
    el('td', { class: 'num', 'data-field': 'mean' }, n ? f(n.mean) : ''),
    el('td', { class: 'num', 'data-field': 'std' }, n ? f(n.std) : ''),
    el('td', { 'data-field': 'distribution' }, dist));
  return tr;
}

/** The top values in one clipped line; the whole line on hover. */
function topline(text: string): HTMLElement {
  return el('span', { class: 'topline', title: text }, text);
}
