import type { PanelCommand } from '../common/reportApp';
import type { ColumnKind, ColumnProfile } from '../../src/core/profile/types';
import { formatNumber as f } from '../../src/core/profile/formatNumber';
import { distinctText, duplicatesText } from '../../src/core/profile/estimateText';
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
    root.append(el('p', { class: 'muted' }, 'Profiling…'));
    return;
  }
  const p = s.profile;
  root.append(
    el('header', { class: 'summary' },
      el('h1', {}, p.path.split(/[\\/]/).pop() ?? p.path),
      el('div', { class: 'stats' },
        stat('rows', p.rows), stat('columns', p.columnCount), stat('duplicates', p.duplicateRowsEstimate ? duplicatesText(p) : p.duplicateRows, 'duplicate rows')),
      el('div', { class: 'actions' },
        button('Refresh', () => send('refresh')), button('Export Markdown', () => send('md')), button('Export JSON', () => send('json')))),
  );
  if (s.explainModel) root.append(explainRowForm(s.explainModel, p.rows, send));
  if (s.status === 'loading') root.append(el('p', { class: 'muted' }, 'Refreshing…'));
  if (p.approximate) root.append(el('p', { class: 'muted' }, `Large file: ${p.duplicateRowsEstimate ? 'duplicate rows and ' : ''}distinct counts above 16,384 are estimates (marked ≈, ± one standard error), and so are the quantiles of numeric columns with more than 10,000 distinct values. Turn on the setting modelLens.profile.exact for exact figures at any size.`));
  if (p.issues.length) {
    root.append(el('ul', { class: 'issues', 'data-testid': 'issues' }, ...p.issues.map((i) => el('li', { class: `sev-${i.severity}` }, el('span', { class: 'badge' }, i.severity), ' ', i.message))));
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
  if (selected) root.append(renderDetail(selected, p.rows));
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

function stat(id: string, value: number | string, label = id): HTMLElement {
  return el('div', { class: 'stat' }, el('span', { class: 'value', 'data-testid': id }, String(value)), el('span', { class: 'label' }, label));
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
      ? el('span', { class: 'topline' }, c.top.slice(0, 3).map((t) => `${t.value} ${f(t.pct)}%`).join(' · '))
      : null;
  const tr = el('tr', { 'data-testid': 'column-row', 'data-column': c.name, tabindex: '0', 'aria-selected': String(selected), class: selected ? 'selected' : '' },
    el('th', { scope: 'row', 'data-field': 'name' }, c.name),
    el('td', { 'data-field': 'kind' }, el('span', { class: `badge kind-${c.kind}` }, c.kind)),
    el('td', { class: 'num', 'data-field': 'missing' }, `${c.missing}`, c.missing ? el('span', { class: 'muted' }, ` (${f(c.missingPct)}%)`) : null),
    el('td', { class: 'num', 'data-field': 'distinct' }, distinctText(c)),
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
