import type { PanelCommand } from '../common/reportApp';
import { el, sparkBars } from '../common/dom';
import { formatCount } from '../../src/core/render/numbers';
import { term } from '../../src/core/render/vocabulary';
import { healthCheckVerdict, healthGroups } from '../../src/core/verdict/health';
import { busy, detailsSection, errorBox, panelActions, showAll, statusBadge, verdictCard } from '../common/ui';
import { evidence, perCheck, splitBins, visibleResults, type HealthAction, type HealthViewState } from './state';
import { own } from '../../src/core/dict';

/** Render the panel from state: verdict, per-check tally, then one row per result with its evidence. */
export function render(root: HTMLElement, s: HealthViewState, dispatch: (a: HealthAction) => void, send: (m: PanelCommand) => void): void {
  const focusedFilter = document.activeElement?.id === 'filter';
  root.replaceChildren();
  if (s.status === 'failed') {
    root.append(errorBox(s.error ?? 'The health check failed.', () => send('refresh')));
    return;
  }
  if (!s.report) {
    root.append(busy('Checking the data against its baseline…'));
    return;
  }
  const r = s.report;
  const v = healthCheckVerdict(r);
  root.append(verdictCard(`Pipeline health: ${r.dataset.split(/[\\/]/).pop() ?? r.dataset}`, v, panelActions(send, { refresh: 'refresh', share: 'share', exports: [['md', 'Markdown'], ['html', 'HTML'], ['json', 'JSON']] })));
  if (s.status === 'loading') root.append(busy('Re-checking…'));
  // Findings grouped by check with counts, failures first (warn and fail have their own colours and words).
  const groups = healthGroups(r);
  if (groups.length) {
    // A handful of problems are all shown at once (a reader should not have to open each kind); many: the worst kind.
    const few = groups.reduce((n, g) => n + g.results.length, 0) <= 8;
    root.append(el('h2', {}, 'What needs attention'), el('div', { class: 'finding-groups', 'data-testid': 'findings' }, ...groups.map((g, i) =>
      detailsSection(g.title, [showAll(g.results.map((x) => (x.column && !x.message.includes(x.column) ? `${x.column}: ${x.message}` : x.message)), 5, (t) => el('li', {}, t))], { count: g.results.length, status: g.status, open: few || i === 0 }))));
  }
  // The baseline by its file name (the full path on hover): a reader needs which baseline, not where it sits.
  root.append(el('p', { class: 'muted', title: `Baseline: ${r.baseline}` }, `Baseline ${r.baseline.split(/[\\/]/).pop() ?? r.baseline} · checked as of ${r.now.slice(0, 10)} · ${formatCount(r.summary.pass)} passed, ${formatCount(r.summary.warn)} need attention, ${formatCount(r.summary.fail)} failed`));
  const tally = el('table', { class: 'data', 'data-testid': 'per-check' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Check'), ...['Passed', 'Need attention', 'Failed'].map((h) => el('th', { scope: 'col', class: 'num' }, h)))),
    el('tbody', {}, ...perCheck(r).map((c) => el('tr', { 'data-check': c.id, ...(c.fail ? { class: 'flagged' } : {}) },
      el('th', { scope: 'row', title: term(c.id).definition }, own(s.titles, c.id) ?? term(c.id).name), el('td', { class: 'num' }, String(c.pass)), el('td', { class: c.warn ? 'num warn-mark' : 'num' }, String(c.warn)), el('td', { class: c.fail ? 'num fail-mark' : 'num' }, String(c.fail))))));
  root.append(detailsSection('Results per check', [tally], { count: perCheck(r).length }));
  const filter = el('input', { id: 'filter', type: 'search', placeholder: 'Filter by check or column', 'aria-label': 'Filter results by check or column', value: s.filter });
  filter.addEventListener('input', () => dispatch({ type: 'filter', text: filter.value }));
  const show = el('select', { id: 'show', 'aria-label': 'Which results to show' },
    el('option', { value: 'problems', ...(s.show === 'problems' ? { selected: '' } : {}) }, 'needing attention or failed'),
    el('option', { value: 'all', ...(s.show === 'all' ? { selected: '' } : {}) }, 'all results'));
  show.addEventListener('change', () => dispatch({ type: 'show', value: show.value === 'all' ? 'all' : 'problems' }));
  const rows = visibleResults(s);
  const table = el('table', { class: 'columns health', 'data-testid': 'health-table' },
    el('thead', {}, el('tr', {}, ...['Status', 'Check', 'Column', 'What was found', 'Now', 'Baseline'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...rows.map((c) => el('tr', { 'data-testid': 'health-row', 'data-check': c.id, 'data-status': c.status },
      el('td', { 'data-field': 'status' }, statusBadge(c.status, 'row-status')),
      el('td', {}, own(s.titles, c.id) ?? c.id),
      el('td', {}, c.column ?? '—'),
      el('td', { class: 'message' }, c.message),
      evidenceCell(c.observed, `${c.column ?? c.id} now`),
      evidenceCell(c.expected, `${c.column ?? c.id} in the baseline`)))));
  root.append(detailsSection('Every result', [el('div', { class: 'toolbar' }, filter, show, el('span', { class: 'muted', 'data-testid': 'shown' }, `${rows.length} of ${r.checks.length} results`)), el('div', { class: 'hscroll' }, table)], { count: r.checks.length, open: s.filter !== '' || focusedFilter, testid: 'results-section' }));
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
