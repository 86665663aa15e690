import type { PanelCommand } from '../common/reportApp';
import type { ColumnDrift, DriftReport } from '../../src/core/drift/driftReport';
import { formatNumber as f } from '../../src/core/render/numbers';
import { chartIn, cssVar, themedScales } from '../common/charts';
import { el } from '../common/dom';
import { formatCount } from '../../src/core/render/numbers';
import { term } from '../../src/core/render/vocabulary';
import { driftEvidence, driftVerdict } from '../../src/core/verdict/drift';
import { busy, detailsSection, legend, panelActions, verdictCard } from '../common/ui';
import { miniDist } from './miniDist';
import { categoryListText } from '../../src/core/drift/categoryLists';
import { VirtualTable } from '../common/virtualTable';
import { verdict, visibleDriftColumns, type DriftAction, type DriftSortKey, type DriftViewState } from './state';

const HEADERS: [DriftSortKey, string][] = [['column', 'Column'], ['kind', 'Kind'], ['test', 'Test'], ['score', 'Score'], ['threshold', 'Threshold'], ['drifted', 'Drifted']];
/** What each header means, on hover. */
const HEADER_TIPS: Partial<Record<DriftSortKey, string>> = {
  score: 'The test\'s result: a distance (0 = same distribution; drifted at or above the threshold) or a p-value (drifted below the threshold).',
  threshold: 'Where the column counts as drifted (set per test, or in modellens.yml).',
};
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const WIDTHS = ['22%', '9%', '14%', '10%', '10%', '15%', '20%'];
export const ROW_HEIGHT = 30;

/** What stays between renders: the filter keeps focus, the table its scroll position. */
interface Ui { top: Node[]; filter: HTMLInputElement; only: HTMLInputElement; shown: HTMLElement; table: VirtualTable<ColumnDrift>; below: HTMLElement }
let ui: Ui | undefined;
let last: DriftViewState | undefined;
let current: { s: DriftViewState; dispatch: (a: DriftAction) => void } | undefined;

/** Render from state; a filter keystroke, a sort or a scroll redraws only the table's rows in view. */
export function render(root: HTMLElement, s: DriftViewState, dispatch: (a: DriftAction) => void, send: (m: PanelCommand) => void): void {
  current = { s, dispatch };
  const before = last;
  last = s;
  if (s.status === 'failed') {
    ui = undefined;
    root.replaceChildren(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, s.error ?? 'Drift could not be computed.'));
    return;
  }
  const r = s.report;
  if (!r) {
    ui = undefined;
    root.replaceChildren(busy('Comparing the two datasets column by column…'));
    return;
  }
  const full = !ui || !before || s === before || s.report !== before.report || s.status !== before.status;
  if (!ui || !root.contains(ui.table.element)) ui = build(root, dispatch);
  if (full || s.selected !== before?.selected) renderTop(ui, root, r, s, send);
  if (full || s.sortKey !== before?.sortKey || s.descending !== before.descending) ui.table.setHead(header(s, dispatch));
  if (full || s.filter !== before?.filter || s.onlyDrifted !== before.onlyDrifted || s.sortKey !== before.sortKey || s.descending !== before.descending) {
    const cols = visibleDriftColumns(s);
    ui.table.setItems(cols);
    ui.shown.textContent = `${formatCount(cols.length)} of ${formatCount(r.columns.length)} columns`;
  } else if (s.selected !== before?.selected) ui.table.draw();
  if (ui.filter.value !== s.filter && document.activeElement !== ui.filter) ui.filter.value = s.filter;
  ui.only.checked = s.onlyDrifted;
  if (full || s.selected !== before?.selected) {
    const selected = r.columns.find((c) => c.column === s.selected) ?? (s.selected === undefined ? undefined : [r.target, r.prediction].find((c) => c?.column === s.selected));
    ui.below.replaceChildren(...(selected ? [detail(selected)] : []),
      ...(r.skipped.length ? [el('p', { class: 'muted', 'data-testid': 'skipped' }, `Not tested: ${r.skipped.map((x) => `${x.column} (${editorReason(x.reason)})`).join('; ')}.`)] : []));
  }
}

function build(root: HTMLElement, dispatch: (a: DriftAction) => void): Ui {
  const filter = el('input', { id: 'filter', type: 'search', placeholder: 'Filter columns', 'aria-label': 'Filter columns by name', 'data-testid': 'filter' });
  filter.addEventListener('input', () => dispatch({ type: 'filter', text: filter.value }));
  const only = el('input', { id: 'only', type: 'checkbox' });
  only.addEventListener('change', () => dispatch({ type: 'onlyDrifted', value: only.checked }));
  const shown = el('span', { class: 'muted', 'data-testid': 'shown', 'aria-live': 'polite' });
  const table = new VirtualTable<ColumnDrift>({
    label: 'Drift per column', testid: 'drift-table', className: 'columns', rowHeight: ROW_HEIGHT,
    row: (c) => driftRow(c, current?.s.selected === c.column),
    keyOf: (c) => c.column,
    onActivate: (c) => current?.dispatch({ type: 'select', column: c.column }),
  });
  // The mini charts' colours explained once, above the table (as every chart in the design has a legend).
  const key = legend([['color-mix(in srgb, var(--vscode-charts-blue) 55%, transparent)', 'reference (bars)'], ['var(--vscode-charts-orange)', 'current (line; a tick per category)']]);
  key.setAttribute('data-testid', 'distribution-legend');
  key.prepend(el('span', { class: 'muted' }, 'Reference vs current:'));
  const u: Ui = { top: [], filter, only, shown, table, below: el('div') };
  root.replaceChildren(el('div', { class: 'toolbar' }, filter, el('label', {}, only, ' only drifted'), shown), key, table.element, u.below);
  return u;
}

/** Verdict card, summary line, target and prediction, the windows chart. */
function renderTop(u: Ui, root: HTMLElement, r: DriftReport, s: DriftViewState, send: (m: PanelCommand) => void): void {
  const name = (p: string) => p.split(/[\\/]/).pop() ?? p;
  const parts: HTMLElement[] = [verdictCard(r.windowing ? `Drift over time: ${name(r.reference.path)}` : `Drift: ${name(r.reference.path)} → ${name(r.current.path)}`, driftVerdict(r),
    panelActions(send, { refresh: 'refresh', share: 'share', exports: [['md', 'Markdown'], ['html', 'HTML'], ['json', 'JSON']] }))];
  parts.push(el('p', { class: 'muted', 'data-testid': 'summary-line' }, `${verdict(r)}. Reference: ${formatCount(r.reference.rows)} rows${r.reference.start ? ` (${r.reference.start} – ${r.reference.end})` : ''}; current: ${formatCount(r.current.rows)} rows${r.current.start ? ` (${r.current.start} – ${r.current.end})` : ''}.`));
  // Target and prediction drift: reported apart from the features (a drifted target is concept drift).
  const outputs = [r.target && ['Target', r.target], r.prediction && ['Prediction', r.prediction]].filter((x): x is [string, ColumnDrift] => !!x);
  if (outputs.length) {
    parts.push(detailsSection('Target and prediction drift', [el('ul', { class: 'findings' }, ...outputs.map(([label, c]) => el('li', { 'data-testid': `${label.toLowerCase()}-drift` }, miniDist(c), ` ${label} '${c.column}': ${c.drifted ? 'drifted' : 'stable'} — ${driftEvidence(c)}`)))],
      { count: outputs.length, open: true, testid: 'outputs-section', ...(outputs.some(([, c]) => c.drifted) ? { status: 'warn' as const } : {}) }));
  }
  if (r.windows?.length) parts.push(windowsChart(r, s.selected));
  for (const n of u.top) root.removeChild(n);
  root.prepend(...parts);
  u.top = parts;
}

function header(s: DriftViewState, dispatch: (a: DriftAction) => void): HTMLTableRowElement {
  const head = el('tr', {}, ...HEADERS.map(([k, label], j) => {
    const sorted = s.sortKey === k;
    const th = el('th', { scope: 'col', 'aria-sort': sorted ? (s.descending ? 'descending' : 'ascending') : 'none', ...(HEADER_TIPS[k] ? { title: HEADER_TIPS[k] } : {}) }, el('button', { class: 'sort', 'data-sort': k }, label, sorted ? (s.descending ? ' ▼' : ' ▲') : ''));
    th.style.width = WIDTHS[j] ?? 'auto';
    th.querySelector('button')?.addEventListener('click', () => dispatch({ type: 'sort', key: k }));
    return th;
  }));
  const dist = el('th', { scope: 'col' }, 'Reference vs current');
  dist.style.width = WIDTHS[HEADERS.length] ?? 'auto';
  head.append(dist);
  return head;
}

function driftRow(c: ColumnDrift, selected: boolean): HTMLTableRowElement {
  return el('tr', { 'data-testid': 'drift-row', 'data-column': c.column, 'aria-selected': String(selected), class: selected ? 'selected' : '' },
    el('th', { scope: 'row' }, c.column),
    el('td', {}, el('span', { class: 'badge' }, c.kind)),
    el('td', { 'data-field': 'test', title: term(c.test).definition }, term(c.test).name),
    el('td', { class: 'num', 'data-field': 'score' }, f(c.score)),
    el('td', { class: 'num', 'data-field': 'threshold' }, f(c.threshold)),
    el('td', { 'data-field': 'drifted', class: c.drifted ? 'drifted' : '', ...(c.details.error ? { title: `not tested: ${c.details.error.message}` } : {}) }, c.details.error ? `not tested: ${c.details.error.message}` : c.drifted ? 'drifted' : 'no'),
    el('td', { 'data-field': 'distribution' }, miniDist(c)));
}

/** Reference and current overlaid: shares per bin or per category. */
function detail(c: ColumnDrift): HTMLElement {
  const d = c.details;
  const box = el('section', { class: 'detail', 'data-testid': 'drift-detail' }, el('h2', {}, c.column, ' ', el('span', { class: 'badge' }, c.drifted ? 'drifted' : 'stable')));
  const facts: [string, string][] = [
    ['test', `${c.test} (${d.scoreKind === 'pValue' ? 'p-value' : 'distance'})`],
    ['statistic', f(c.statistic)],
    ['p-value', f(c.pValue)],
    ['score / threshold', `${f(c.score)} / ${f(c.threshold)}`],
    ['missing', `${pct(d.referenceMissingRate)} → ${pct(d.currentMissingRate)}`],
  ];
  if (d.unseenCategories?.length) facts.push(['new categories', categoryListText(d.unseenCategories, d.unseenCategoryCount)]);
  if (d.vanishedCategories?.length) facts.push(['vanished categories', categoryListText(d.vanishedCategories, d.vanishedCategoryCount)]);
  box.append(el('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])));
  const dist = d.distribution;
  if (dist) {
    const labels = dist.type === 'bins' ? dist.reference.map((_, i) => `${f(dist.edges[i])}–${f(dist.edges[i + 1])}`) : [...dist.categories, ...(dist.otherReference || dist.otherCurrent ? ['(other)'] : [])];
    const ref = dist.type === 'bins' ? dist.reference : [...dist.reference, ...(dist.otherReference || dist.otherCurrent ? [dist.otherReference] : [])];
    const cur = dist.type === 'bins' ? dist.current : [...dist.current, ...(dist.otherReference || dist.otherCurrent ? [dist.otherCurrent] : [])];
    const canvas = el('canvas', { role: 'img', 'aria-label': `Reference and current distribution of ${c.column}` });
    box.append(el('div', { class: 'chart' }, canvas));
    chartIn('detail', canvas, {
      type: 'bar',
      data: { labels, datasets: [
        { label: 'reference', data: ref, backgroundColor: cssVar('--vscode-charts-blue', '#3794ff') },
        { label: 'current', data: cur, backgroundColor: cssVar('--vscode-charts-orange', '#d18616') },
      ] },
      options: { animation: false, maintainAspectRatio: false, scales: themedScales(), plugins: { legend: { labels: { color: cssVar('--vscode-foreground', '#ccc') } } } },
    });
  }
  return box;
}

/** Score per window with the threshold line: for the selected column, else the drifted share of columns. */
function windowsChart(r: DriftReport, column: string | undefined): HTMLElement {
  const wins = r.windows ?? [];
  const labels = wins.map((w) => w.start.slice(0, 10));
  const col = column !== undefined ? wins.map((w) => w.columns.find((c) => c.column === column)) : undefined;
  const values = col ? col.map((c) => c?.score ?? null) : wins.map((w) => w.dataset.share);
  const threshold = col ? (col.find((c) => c)?.threshold ?? 0) : r.dataset.driftShare;
  const canvas = el('canvas', { role: 'img', 'aria-label': 'Drift per time window' });
  const box = el('section', { class: 'windows', 'data-testid': 'windows' },
    el('h2', {}, col ? `'${column}' score per ${r.windowing?.window ?? 'window'}` : `Share of drifted columns per ${r.windowing?.window ?? 'window'}`),
    el('div', { class: 'chart' }, canvas));
  chartIn('windows', canvas, {
    type: 'line',
    data: { labels, datasets: [
      { label: col ? 'score' : 'drifted share', data: values, borderColor: cssVar('--vscode-charts-blue', '#3794ff'), backgroundColor: cssVar('--vscode-charts-blue', '#3794ff') },
      { label: 'threshold', data: labels.map(() => threshold), borderColor: cssVar('--vscode-charts-red', '#f14c4c'), borderDash: [6, 4], pointRadius: 0 },
    ] },
    options: { animation: false, maintainAspectRatio: false, scales: themedScales(), plugins: { legend: { labels: { color: cssVar('--vscode-foreground', '#ccc') } } } },
  });
  return box;
}

/** A skip reason for someone in the editor: CLI flags become the commands that do the same. */
export function editorReason(reason: string): string {
  return reason.replace(/\(use --time-column for windows\)/, '(compare its windows with "Drift Over Time")').replace(/ \(--time-column\)/, '').replace(/--time-column/g, '"Drift Over Time"');
}
