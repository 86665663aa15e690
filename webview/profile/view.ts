import type { PanelCommand } from '../common/reportApp';
import type { ColumnKind, ColumnProfile } from '../../src/core/profile/types';
import { formatCount, formatNumber, formatPercent } from '../../src/core/render/numbers';
import { attention, ATTENTION_LABEL, profileVerdict } from '../../src/core/verdict/profile';
import { distinctText } from '../../src/core/profile/estimateText';
import { busy, detailsSection, showAll, verdictCard } from '../common/ui';

const f = (x: number | null | undefined): string => formatNumber(x);
/** The column whose detail was shown last render (to scroll only when the choice changes). */
let lastShown: string | undefined;
import { el, sparkBars } from '../common/dom';
import { renderDetail } from './detail';
import { visibleColumns, type Action, type ProfileViewState, type SortKey } from './state';

const KINDS: (ColumnKind | 'all')[] = ['all', 'numeric', 'categorical', 'boolean', 'datetime', 'text', 'identifier'];
const HEADERS: [SortKey | null, string][] = [
  ['name', 'column'], ['kind', 'kind'], ['missing', 'missing'], ['distinct', 'distinct'],
  ['min', 'min'], ['max', 'max'], ['mean', 'mean'], ['std', 'std'], [null, 'distribution'],
];

/** Render the whole panel from state. Views only render; every change goes through `dispatch`. */
export function render(root: HTMLElement, s: ProfileViewState, dispatch: (a: Action) => void, send: (m: PanelCommand | { explainRow: number }) => void): void {
  const focusedFilter = document.activeElement?.id === 'filter';
  root.replaceChildren();
  if (s.status === 'failed') {
    root.append(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, s.error ?? 'The profile could not be computed.'));
    root.append(el('button', { id: 'retry' }, 'Try again'));
    root.querySelector('#retry')?.addEventListener('click', () => send('refresh'));
    return;
  }
  if (!s.profile) {
    root.append(busy('Profiling: counting values in every column…'));
    return;
  }
  const p = s.profile;
  // Verdict card: what needs attention (mostly missing, constant, skewed, one dominant value, duplicates).
  const card = verdictCard(p.path.split(/[\\/]/).pop() ?? p.path, profileVerdict(p), [button('Refresh', () => send('refresh')), button('Share…', () => send('share')), button('Markdown', () => send('md')), button('JSON', () => send('json'))]);
  card.querySelectorAll<HTMLElement>('[data-testid="key-number"]').forEach((e, i) => e.setAttribute('data-testid', ['rows', 'columns', 'duplicates'][i] ?? 'key-number'));
  root.append(card);
  const items = attention(p);
  if (items.length) {
    const kinds = [...new Set(items.map((a) => a.kind))];
    root.append(el('div', { class: 'finding-groups', 'data-testid': 'attention' }, ...kinds.map((k, i) => detailsSection(ATTENTION_LABEL[k], [showAll(items.filter((a) => a.kind === k).map((a) => a.text), 5, (t) => el('li', {}, t))], { count: items.filter((a) => a.kind === k).length, status: 'warn', open: i === 0 }))));
  }
  if (s.explainModel) root.append(explainRowForm(s.explainModel, p.rows, send));
  if (s.status === 'loading') root.append(el('p', { class: 'muted' }, 'Refreshing…'));
  if (p.approximate) root.append(el('p', { class: 'muted' }, `Large file: ${p.duplicateRowsEstimate ? 'duplicate rows and ' : ''}distinct counts above 16,384 are estimates (marked ≈, ± one standard error), and so are the quantiles of numeric columns with more than 10,000 distinct values. Turn on the setting modelLens.profile.exact for exact figures at any size.`));
  if (p.issues.length) {
    root.append(detailsSection('Data issues', [el('ul', { class: 'issues', 'data-testid': 'issues' }, ...p.issues.map((i) => el('li', { class: `sev-${i.severity}` }, el('span', { class: 'badge' }, i.severity), ' ', i.message)))], { count: p.issues.length, open: true }));
  }
  const filter = el('input', { id: 'filter', type: 'search', placeholder: 'Filter columns', 'aria-label': 'Filter columns by name', value: s.filter });
  filter.addEventListener('input', () => dispatch({ type: 'filter', text: filter.value }));
  const kind = el('select', { id: 'kind', 'aria-label': 'Filter columns by kind' }, ...KINDS.map((k) => el('option', { value: k, ...(k === s.kind ? { selected: '' } : {}) }, k === 'all' ? 'all kinds' : k)));
  kind.addEventListener('change', () => dispatch({ type: 'kind', kind: kind.value as ColumnKind | 'all' }));
  const cols = visibleColumns(s);
  root.append(el('div', { class: 'toolbar' }, filter, kind, el('span', { class: 'muted', 'data-testid': 'shown' }, `${cols.length} of ${p.columnCount} columns`)));

  const head = el('tr', {}, ...HEADERS.map(([key, label]) => {
    if (!key) return el('th', { scope: 'col' }, label);
    const sorted = s.sortKey === key;
    const th = el('th', { scope: 'col', 'aria-sort': sorted ? (s.descending ? 'descending' : 'ascending') : 'none' },
      el('button', { class: 'sort', 'data-sort': key }, label, sorted ? (s.descending ? ' ▼' : ' ▲') : ''));
    th.querySelector('button')?.addEventListener('click', () => dispatch({ type: 'sort', key }));
    return th;
  }));
  const body = el('tbody', {}, ...cols.map((c) => row(c, s.selected === c.name, dispatch)));
  root.append(el('table', { class: 'columns', 'data-testid': 'columns-table' }, el('thead', {}, head), body));
  const selected = p.columns.find((c) => c.name === s.selected);
  if (selected) {
    const detail = renderDetail(selected, p.rows);
    root.append(detail);
    // A newly chosen column's detail opens below the table: bring it into view (it opened below the fold).
    if (lastShown !== selected.name) requestAnimationFrame(() => detail.scrollIntoView({ block: 'start', behavior: 'auto' }));
  }
  lastShown = selected?.name;
  if (focusedFilter) {
    filter.focus();
    filter.setSelectionRange(filter.value.length, filter.value.length);
  }
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

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', {}, label);
  b.addEventListener('click', onClick);
  return b;
}

function row(c: ColumnProfile, selected: boolean, dispatch: (a: Action) => void): HTMLTableRowElement {
  const n = c.numeric;
  const min = n ? f(n.min) : c.datetime ? (c.datetime.min ?? '—') : '';
  const max = n ? f(n.max) : c.datetime ? (c.datetime.max ?? '—') : '';
  const dist = n?.histogram
    ? sparkBars(n.histogram.counts, `histogram of ${c.name}`)
    : c.top && c.top.length
      ? el('span', { class: 'topline' }, c.top.slice(0, 3).map((t) => `${t.value} ${formatPercent(t.pct / 100)}`).join(' · '))
      : null;
  const tr = el('tr', { 'data-testid': 'column-row', 'data-column': c.name, tabindex: '0', 'aria-selected': String(selected), class: selected ? 'selected' : '' },
    el('th', { scope: 'row', 'data-field': 'name' }, c.name),
    el('td', { 'data-field': 'kind' }, el('span', { class: `badge kind-${c.kind}` }, c.kind)),
    el('td', { class: 'num', 'data-field': 'missing' }, formatCount(c.missing), c.missing ? el('span', { class: 'muted' }, ` (${formatPercent(c.missingPct / 100)})`) : null),
    el('td', { class: 'num', 'data-field': 'distinct' }, c.approximateDistinct ? distinctText(c) : formatCount(c.distinct)),
    el('td', { class: 'num', 'data-field': 'min' }, min),
    el('td', { class: 'num', 'data-field': 'max' }, max),
    el('td', { class: 'num', 'data-field': 'mean' }, n ? f(n.mean) : ''),
    el('td', { class: 'num', 'data-field': 'std' }, n ? f(n.std) : ''),
    el('td', { 'data-field': 'distribution' }, dist));
  const select = () => dispatch({ type: 'select', column: c.name });
  tr.addEventListener('click', select);
  tr.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(); }
  });
  return tr;
}
