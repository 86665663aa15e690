import type { ViewerAction } from '../../src/shared/viewerProtocol';
import { el } from '../common/dom';
import { renderDetail } from '../profile/detail';
import { visibleColumns, type Action, type ViewerState } from './state';

export interface PanelHandlers {
  dispatch(a: Action): void;
  action(a: ViewerAction, row?: number): void;
  copy(format: 'tsv' | 'md'): void;
  goTo(row: number): void;
}

const n = (x: number) => x.toLocaleString('en');

function button(label: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = el('button', attrs, label);
  b.addEventListener('click', onClick);
  return b;
}

/** Title, row count, go to row, the analyses and exports, copy. */
export function renderToolbar(bar: HTMLElement, s: ViewerState, h: PanelHandlers): void {
  const filtered = s.filter.trim() !== '' || s.quick.size > 0;
  const count = el('span', { class: 'count', 'data-testid': 'row-count', 'aria-live': 'polite' }, filtered ? `${n(s.viewRows)} of ${n(s.totalRows)} rows` : `${n(s.totalRows)} rows`, ` × ${n(s.columns.length)} columns`);
  const goto = el('input', { type: 'number', min: '1', max: String(Math.max(1, s.viewRows)), placeholder: 'Go to row', 'aria-label': 'Go to row (1-based, in the current order)', 'data-testid': 'goto', class: 'goto' });
  goto.addEventListener('keydown', (e) => {
    e.stopPropagation();
    if (e.key !== 'Enter') return;
    const row = Number(goto.value);
    if (Number.isInteger(row) && row >= 1 && row <= s.viewRows) h.goTo(row - 1);
    else { goto.setCustomValidity(`Enter a row from 1 to ${n(s.viewRows)}`); goto.reportValidity(); }
  });
  goto.addEventListener('input', () => goto.setCustomValidity(''));
  const untrusted = { disabled: '', title: 'Restricted Mode: the viewer is read-only. Trust the workspace to export.' };
  const hiddenCols = s.hidden.length
    ? (() => {
        const pick = el('select', { 'aria-label': 'Show a hidden column', 'data-testid': 'hidden-columns' }, el('option', { value: '' }, `${s.hidden.length} hidden column${s.hidden.length > 1 ? 's' : ''}…`), ...s.hidden.map((c) => el('option', { value: c }, `show ${c}`)));
        pick.addEventListener('change', () => { if (pick.value) h.dispatch({ type: 'show', column: pick.value }); });
        return pick;
      })()
    : null;
  bar.replaceChildren(
    el('h1', { title: s.title }, s.title), count, goto,
    el('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Dataset actions' },
      button('Profile', () => h.action('profile'), { 'data-testid': 'action-profile', title: 'Open the full profile of this dataset' }),
      button('Drift vs reference', () => h.action('drift'), { title: 'Compare with the drift reference' }),
      button('Bias audit', () => h.action('bias')),
      button('Health check', () => h.action('health')),
      button(filtered ? 'Validate filtered rows' : 'Validate rules', () => h.action('rules'), { title: 'Check business rules on the rows shown' }),
      button('Export CSV', () => h.action('exportCsv'), s.trusted ? { title: 'Export the rows shown (filter and sort) to a new CSV file', 'data-testid': 'export-csv' } : untrusted),
      button('Export Parquet', () => h.action('exportParquet'), s.trusted ? { title: 'Export the rows shown (filter and sort) to a new Parquet file' } : untrusted),
      button('Copy TSV', () => h.copy('tsv'), { title: 'Copy the selected cells as tab-separated text (Ctrl+C)' }),
      button('Copy Markdown', () => h.copy('md'), { title: 'Copy the selected cells as a Markdown table (Ctrl+Shift+C)' }),
      hiddenCols),
  );
}

/** The SQL filter box: Enter applies, Escape clears; a refused or wrong filter shows why, under the box. */
export function renderFilter(bar: HTMLElement, s: ViewerState, dispatch: (a: Action) => void): void {
  let input = bar.querySelector<HTMLInputElement>('input.sql');
  if (!input) {
    input = el('input', { class: 'sql', type: 'text', spellcheck: 'false', placeholder: "SQL filter, e.g. amount > 100 AND city = 'Oslo'   (Enter to apply, Esc to clear)", 'aria-label': 'SQL filter over this dataset\'s columns', 'data-testid': 'sql-filter' });
    const box = input;
    box.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') dispatch({ type: 'filter', text: box.value });
      if (e.key === 'Escape') { box.value = ''; dispatch({ type: 'filter', text: '' }); }
    });
    bar.append(el('label', { class: 'sql-label' }, 'WHERE'), input, el('div', { class: 'filter-error', role: 'alert', 'data-testid': 'filter-error' }));
  }
  if (document.activeElement !== input) input.value = s.filter;
  input.classList.toggle('invalid', !!s.filterError);
  input.setAttribute('aria-invalid', String(!!s.filterError));
  const err = bar.querySelector('.filter-error')!;
  err.textContent = s.filterError ?? '';
}

/** Side panel: one row's fields (with "Explain this row"), or one column's full profile. */
export function renderSide(side: HTMLElement, s: ViewerState, h: PanelHandlers): void {
  const parts: HTMLElement[] = [];
  if (s.detail) {
    const d = s.detail;
    const close = button('Close', () => h.dispatch({ type: 'closeDetail' }), { 'aria-label': 'Close the row detail' });
    const explain = s.explainModel && s.trusted ? button(`Explain this row (${s.explainModel})`, () => h.action('explain', d.row), { 'data-testid': 'explain-row' }) : null;
    const fields = d.values
      ? el('table', { class: 'record', 'data-testid': 'row-detail' }, el('tbody', {}, ...s.columns.map((c, i) => el('tr', {}, el('th', { scope: 'row' }, c.name, el('div', { class: 'muted' }, c.type.toLowerCase())), el('td', { class: d.values![i] === null ? 'null' : '' }, d.values![i] ?? 'null')))))
      : el('p', { class: 'muted' }, 'Loading…');
    parts.push(el('section', { class: 'side-panel', 'aria-label': `Row ${d.row + 1}` }, el('h2', {}, `Row ${n(d.row + 1)} of the file`), el('div', { class: 'actions' }, explain, close), fields));
  }
  const col = s.columnInfo ? s.profile.get(s.columnInfo) : undefined;
  if (s.columnInfo) {
    const close = button('Close', () => h.dispatch({ type: 'columnInfo', column: undefined }), { 'aria-label': 'Close the column profile' });
    parts.push(el('section', { class: 'side-panel', 'data-testid': 'column-profile', 'aria-label': `Profile of ${s.columnInfo}` }, el('div', { class: 'actions' }, close), col ? renderDetail(col, s.totalRows) : el('p', { class: 'muted' }, 'The profile of this column is still being computed…')));
  }
  side.hidden = parts.length === 0;
  side.replaceChildren(...parts);
}

/** Data issues found while reading, and the last notice (copy done, export written, an error). */
export function renderNotices(box: HTMLElement, s: ViewerState): void {
  const items: HTMLElement[] = s.issues.map((i) => el('li', { class: `sev-${i.severity}` }, el('span', { class: 'badge' }, i.severity), ' ', i.message));
  if (s.notice) items.push(el('li', { class: s.notice.error ? 'sev-error' : 'sev-info', 'data-testid': 'notice', role: s.notice.error ? 'alert' : 'status' }, s.notice.text));
  if (!s.profileDone && s.columns.length) items.push(el('li', { class: 'muted' }, `Profiling columns… ${s.profile.size} of ${visibleColumns(s).length + s.hidden.length} done`));
  box.replaceChildren(...(items.length ? [el('ul', { class: 'issues' }, ...items)] : []));
}
