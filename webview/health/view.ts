import type { PanelCommand } from '../common/reportApp';
import { el, sparkBars } from '../common/dom';
import { evidence, perCheck, splitBins, visibleResults, type HealthAction, type HealthViewState } from './state';
import { own } from '../../src/core/dict';

/** Render the panel from state: verdict, per-check tally, then one row per result with its evidence. */
export function render(root: HTMLElement, s: HealthViewState, dispatch: (a: HealthAction) => void, send: (m: PanelCommand) => void): void {
  const focusedFilter = document.activeElement?.id === 'filter';
  root.replaceChildren();
  if (s.status === 'failed') {
    root.append(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, s.error ?? 'The health check failed.'));
    const retry = el('button', {}, 'Try again');
    retry.addEventListener('click', () => send('refresh'));
    root.append(retry);
    return;
  }
  if (!s.report) {
    root.append(el('p', { class: 'muted' }, 'Checking…'));
    return;
  }
  const r = s.report;
  const btn = (label: string, m: PanelCommand) => {
    const b = el('button', {}, label);
    b.addEventListener('click', () => send(m));
    return b;
  };
  const verdict = r.summary.fail ? `${r.summary.fail} check(s) failed` : r.summary.warn ? `${r.summary.warn} warning(s), nothing failed` : 'Healthy: every check passed';
  root.append(
    el('header', { class: 'summary' },
      el('h1', {}, `Pipeline health: ${r.dataset}`),
      el('div', { class: 'actions' }, btn('Re-check', 'refresh'), btn('Export Markdown', 'md'), btn('Export HTML', 'html'), btn('Export JSON', 'json'))),
    el('p', { class: `verdict ${r.summary.fail ? 'sev-error' : ''}`, 'data-testid': 'verdict' }, verdict),
    el('p', { class: 'muted' }, `Baseline ${r.baseline} · checked ${r.now} · ${r.summary.pass} passed, ${r.summary.warn} warned, ${r.summary.fail} failed`),
  );
  if (s.status === 'loading') root.append(el('p', { class: 'muted' }, 'Re-checking…'));
  root.append(el('table', { class: 'top', 'data-testid': 'per-check' },
    el('thead', {}, el('tr', {}, ...['check', 'pass', 'warn', 'fail'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...perCheck(r).map((c) => el('tr', { 'data-check': c.id },
      el('th', { scope: 'row' }, own(s.titles, c.id) ?? c.id), el('td', { class: 'num' }, String(c.pass)), el('td', { class: 'num' }, String(c.warn)), el('td', { class: c.fail ? 'num drifted' : 'num' }, String(c.fail)))))));

  const filter = el('input', { id: 'filter', type: 'search', placeholder: 'Filter by check or column', 'aria-label': 'Filter results by check or column', value: s.filter });
  filter.addEventListener('input', () => dispatch({ type: 'filter', text: filter.value }));
  const show = el('select', { id: 'show', 'aria-label': 'Which results to show' },
    el('option', { value: 'problems', ...(s.show === 'problems' ? { selected: '' } : {}) }, 'warnings and failures'),
    el('option', { value: 'all', ...(s.show === 'all' ? { selected: '' } : {}) }, 'all results'));
  show.addEventListener('change', () => dispatch({ type: 'show', value: show.value === 'all' ? 'all' : 'problems' }));
  const rows = visibleResults(s);
  root.append(el('div', { class: 'toolbar' }, filter, show, el('span', { class: 'muted', 'data-testid': 'shown' }, `${rows.length} of ${r.checks.length} results`)));
  root.append(el('table', { class: 'columns health', 'data-testid': 'health-table' },
    el('thead', {}, el('tr', {}, ...['status', 'check', 'column', 'message', 'now', 'baseline'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((c) => el('tr', { 'data-testid': 'health-row', 'data-check': c.id, 'data-status': c.status },
      el('td', { class: c.status === 'pass' ? '' : 'drifted', 'data-field': 'status' }, c.status),
      el('td', {}, own(s.titles, c.id) ?? c.id),
      el('td', {}, c.column ?? '—'),
      el('td', { class: 'message' }, c.message),
      evidenceCell(c.observed, `${c.column ?? c.id} now`),
      evidenceCell(c.expected, `${c.column ?? c.id} in the baseline`))))));
  if (focusedFilter) {
    filter.focus();
    filter.setSelectionRange(filter.value.length, filter.value.length);
  }
}

/** An evidence cell: a histogram as small bars when the evidence has `bins` (shares), then the rest as text. */
function evidenceCell(v: unknown, label: string): HTMLTableCellElement {
  const { bins, rest } = splitBins(v);
  const text = evidence(rest);
  return el('td', { class: 'evidence', title: text, 'data-field': 'evidence' }, bins ? sparkBars(bins.map((x) => Math.round(x * 1e4)), `histogram of ${label}`, 80, 18) : null, bins ? ' ' : null, el('span', { class: 'topline' }, text));
}
