import type { PanelCommand } from '../common/reportApp';
import type { Chart, Plugin } from 'chart.js';
import { pivotIntersection } from '../../src/core/bias/pivot';
import type { GroupReport } from '../../src/core/bias/report';
import { formatCount, formatInterval, formatNumber, formatPercent } from '../../src/core/render/numbers';
import { term } from '../../src/core/render/vocabulary';
import { biasVerdict } from '../../src/core/verdict/bias';
import { plural } from '../../src/core/verdict/types';
import { chartIn, cssVar, themedScales } from '../common/charts';
import { el } from '../common/dom';
import { busy, chartFigure, detailsSection, errorBox, findingGroups, legend, panelActions, showAll, termLabel, verdictCard } from '../common/ui';
import { CHART_METRICS, foldGroupList, groupedFindings, type BiasAction, type BiasViewState, type ChartMetric } from './state';
import { own } from '../../src/core/dict';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const RATE = (v: number | null): string => (v === null ? '—' : formatPercent(v));
/** The four-fifths band's opacity: faint on light and dark themes, stronger on high contrast's black (else it vanishes). */
const BAND_ALPHA = (): number => (document.body.classList.contains('vscode-high-contrast') ? 0.35 : 0.12);
/** Above this many groups the chart leaves out the groups too small to compare. */
const MAX_CHART_GROUPS = 20;

/** Draws CI whiskers over bars and, for selection rates, the band below four-fifths of the reference group's rate. */
function overlayPlugin(whiskers: ([number, number] | null)[], band: number | null): Plugin<'bar'> {
  return {
    id: 'biasOverlay',
    beforeDatasetsDraw(chart: Chart<'bar'>) {
      const y = chart.scales['y'];
      if (!y || band === null) return;
      const { left, right } = chart.chartArea;
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = cssVar('--vscode-charts-red', '#f14c4c');
      ctx.globalAlpha = BAND_ALPHA();
      ctx.fillRect(left, y.getPixelForValue(band), right - left, y.getPixelForValue(0) - y.getPixelForValue(band));
      ctx.globalAlpha = 1;
      ctx.strokeStyle = cssVar('--vscode-charts-red', '#f14c4c');
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(left, y.getPixelForValue(band));
      ctx.lineTo(right, y.getPixelForValue(band));
      ctx.stroke();
      ctx.restore();
    },
    afterDatasetsDraw(chart: Chart<'bar'>) {
      const meta = chart.getDatasetMeta(0);
      const y = chart.scales['y'];
      if (!y) return;
      const ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = cssVar('--vscode-foreground', '#ccc');
      ctx.lineWidth = 1.5;
      meta.data.forEach((bar, i) => {
        const w = whiskers[i];
        if (!w) return;
        const x = bar.x;
        const [top, bottom] = [y.getPixelForValue(w[1]), y.getPixelForValue(w[0])];
        ctx.beginPath();
        ctx.moveTo(x, top); ctx.lineTo(x, bottom);
        ctx.moveTo(x - 5, top); ctx.lineTo(x + 5, top);
        ctx.moveTo(x - 5, bottom); ctx.lineTo(x + 5, bottom);
        ctx.stroke();
      });
      ctx.restore();
    },
  };
}

export function render(root: HTMLElement, s: BiasViewState, dispatch: (a: BiasAction) => void, send: (m: PanelCommand) => void): void {
  root.replaceChildren();
  if (s.status === 'failed') {
    root.append(errorBox(s.error ?? 'The audit failed.', () => send('refresh')));
    return;
  }
  const r = s.report;
  if (!r) {
    root.append(busy('Auditing: counting outcomes per group…'));
    return;
  }
  const v = biasVerdict(r);
  root.append(verdictCard(`Bias audit: ${r.dataset}`, v, panelActions(send, { refresh: 'refresh', share: 'share', exports: [['md', 'Markdown'], ['html', 'HTML'], ['json', 'JSON']] })));
  if (s.status === 'loading') root.append(busy('Refreshing…'));

  const a = r.attributes[s.attribute];
  if (a) {
    const attrSelect = el('select', { 'aria-label': 'Attribute or intersection', 'data-testid': 'attribute' }, ...r.attributes.map((x, i) => el('option', { value: String(i), ...(i === s.attribute ? { selected: '' } : {}) }, x.attribute)));
    attrSelect.addEventListener('change', () => dispatch({ type: 'attribute', index: Number(attrSelect.value) }));
    const metricSelect = el('select', { 'aria-label': 'Metric', 'data-testid': 'metric' }, ...CHART_METRICS.map((m) => el('option', { value: m, ...(m === s.metric ? { selected: '' } : {}) }, term(m).name)));
    metricSelect.addEventListener('change', () => dispatch({ type: 'metric', metric: metricSelect.value as ChartMetric }));
    root.append(el('div', { class: 'toolbar' }, el('label', {}, 'Groups of ', attrSelect), el('label', {}, 'by ', metricSelect)));
    root.append(groupChart(a, s.metric));
    root.append(disparityTable(r, a));
  }

  // Details, collapsed: findings grouped by kind, every group's numbers, the intersection heatmap, the threshold sweep.
  const groups = groupedFindings(r).map((g) => ({ ...g, items: g.items.map(listFolded) }));
  root.append(detailsSection('Findings', [findingGroups(groups, { limit: 5, openFirst: v.status === 'fail' })], { count: groups.reduce((n, g) => n + g.items.length, 0), testid: 'findings-section', ...(v.status === 'fail' ? { status: 'fail' as const } : {}) }));
  if (a) {
    root.append(detailsSection(`Every group of ${a.attribute}`, [groupTable(a.groups)], { count: a.groups.length, testid: 'groups-section' }));
    const pivot = pivotIntersection(a, 'selectionRate');
    if (pivot) {
      const max = Math.max(...pivot.cells.flat().filter((x): x is number => x !== null), 0);
      const min = Math.min(...pivot.cells.flat().filter((x): x is number => x !== null), max);
      const table = el('table', { class: 'top heatmap', 'data-testid': 'heatmap' },
        el('thead', {}, el('tr', {}, el('th', {}, `${pivot.rowAttribute} \\ ${pivot.columnAttribute}`), ...pivot.columns.map((c) => el('th', { scope: 'col' }, c)))),
        el('tbody', {}, ...pivot.rows.map((rw, i) => el('tr', {}, el('th', { scope: 'row' }, rw), ...pivot.columns.map((_, j) => {
          const x = pivot.cells[i]![j]!;
          const td = el('td', { class: 'num' }, RATE(x));
          if (x !== null) td.style.setProperty('background', `color-mix(in srgb, var(--vscode-charts-blue) ${Math.round(10 + 45 * ((x - min) / Math.max(1e-12, max - min)))}%, transparent)`);
          return td;
        })))));
      root.append(detailsSection(`Selection rate by ${a.attribute}`, [table]));
    }
    if (a.thresholdSweep?.length) {
      const sweep = a.thresholdSweep;
      const c2 = el('canvas', {});
      const palette = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
      const fig = chartFigure({ title: 'Selection rate per group as the score threshold moves', summary: `Selection rate of each ${a.attribute} group for thresholds from ${formatNumber(sweep[0]!.threshold)} to ${formatNumber(sweep[sweep.length - 1]!.threshold)}`, chart: c2 });
      root.append(detailsSection('Threshold sweep', [fig]));
      chartIn('sweep', c2, {
        type: 'line',
        data: { labels: sweep.map((p) => formatNumber(p.threshold)), datasets: (sweep[0]?.groups ?? []).map((g, i) => ({ label: g.group, data: sweep.map((p) => p.groups[i]?.selectionRate ?? null), borderColor: cssVar(palette[i % palette.length]!, '#888'), pointRadius: 0 })) },
        options: { animation: false, maintainAspectRatio: false, scales: themedScales(), plugins: { legend: { labels: { color: cssVar('--vscode-foreground', '#ccc') } } } },
      });
    }
  }
  root.append(el('p', { class: 'muted' }, `${formatCount(r.rows)} rows · label '${r.label}' (favourable: ${String(r.favorable)}) · ${r.prediction ? `prediction '${r.prediction}'` : `score '${r.score}' ≥ ${formatNumber(r.threshold)}`} · groups under ${formatCount(r.minGroupSize)} rows are shown grey and left out of comparisons${r.bootstrap ? ` · ${formatPercent(r.bootstrap.level)} bootstrap intervals (${formatCount(r.bootstrap.draws)} draws, seed ${r.bootstrap.seed})` : ''}.`));
}

/** A finding that ends in a long list of groups reads as its sentence, the list folded under "Show the 43 groups". */
function listFolded(text: string): string | Node {
  const f = foldGroupList(text);
  if (!f) return text;
  return el('span', {}, f.head, el('details', { class: 'inline-list' }, el('summary', {}, `Show the ${f.names.length} groups`), el('p', { class: 'muted' }, f.names.join(', '))));
}

/** The one chart: the chosen metric per group, failing groups highlighted, four-fifths band for selection rates, intervals. */
function groupChart(a: CheckedAttribute, metric: ChartMetric): HTMLElement {
  // Many groups (three-way intersections): the chart keeps the groups large enough to compare, so 60-odd bars with
  // 0–100% whiskers do not drown the few that matter; the small ones stay in "Every group" below.
  const hidden = a.groups.length > MAX_CHART_GROUPS ? a.groups.filter((g) => g.small) : [];
  const groups = hidden.length ? a.groups.filter((g) => !g.small) : a.groups;
  const values = groups.map((g) => num(g[metric]));
  const whiskers = groups.map((g) => ((g['ci'] as Record<string, [number, number]> | undefined)?.[metric]) ?? null);
  const overall = num(a.overall[metric]);
  const ref = groups.find((g) => g.group === a.reference.group);
  const refRate = metric === 'selectionRate' ? num(ref?.['selectionRate']) : null;
  const band = refRate === null ? null : 0.8 * refRate;
  const failing = (g: GroupReport) => g['belowFourFifths'] === true;
  const colours = groups.map((g) => (g.small ? cssVar('--vscode-disabledForeground', '#888') : failing(g) ? cssVar('--vscode-charts-red', '#f14c4c') : cssVar('--vscode-charts-blue', '#3794ff')));
  const canvas = el('canvas', {});
  const t = term(metric);
  const lowest = groups.filter((g) => !g.small).map((g) => ({ g: g.group, v: num(g[metric]) })).filter((x): x is { g: string; v: number } => x.v !== null).sort((x, y) => x.v - y.v)[0];
  const fig = chartFigure({
    title: `${t.name} by ${a.attribute}`,
    summary: `${t.name} per ${a.attribute} group${lowest ? `; lowest: ${lowest.g} at ${RATE(lowest.v)}` : ''}${overall !== null ? `; all rows: ${RATE(overall)}` : ''}${band !== null ? `; four-fifths of ${a.reference.group}'s rate is ${RATE(band)}` : ''}. ${plural(groups.filter(failing).length, 'group')} below four-fifths.`,
    chart: canvas,
    height: 240,
    testid: 'group-chart',
    legend: legend([
      ['var(--vscode-charts-blue)', 'group'],
      ['var(--vscode-charts-red)', 'below four-fifths of the reference group'],
      ...(hidden.length ? [] : [['var(--vscode-disabledForeground)', 'too small to compare'] as [string, string]]),
      ...(band !== null ? [[`color-mix(in srgb, var(--vscode-charts-red) ${Math.round(BAND_ALPHA() * 100)}%, transparent)`, `band: under 80% of ${a.reference.group ?? 'the reference'}'s rate`] as [string, string]] : []),
      ...(whiskers.some((w) => w) ? [['var(--vscode-foreground)', 'whiskers: 95% interval'] as [string, string]] : []),
      ...(overall !== null ? [['var(--vscode-foreground)', `dotted line: all rows (${RATE(overall)})`, 'dotted'] as [string, string, 'dotted']] : []),
    ]),
    table: { head: ['Group', t.name, '95% interval', 'Rows'], rows: groups.map((g, i) => [`${g.group}${g.small ? ' (small)' : ''}${failing(g) ? ' ⚠' : ''}`, RATE(values[i] ?? null), formatInterval(whiskers[i], (x) => formatPercent(x)), formatCount(g.n)]) },
  });
  chartIn('bars', canvas, {
    type: 'bar',
    data: {
      labels: groups.map((g) => (g.small ? `${g.group} (small)` : failing(g) ? `${g.group} ⚠` : g.group)),
      datasets: [
        { type: 'bar', label: t.name, data: values, backgroundColor: colours },
        { type: 'line', label: 'overall', data: groups.map(() => overall), borderColor: cssVar('--vscode-foreground', '#ccc'), borderDash: [2, 3], pointRadius: 0 },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, scales: { ...themedScales(), y: { ...themedScales()?.['y'], max: 1, ticks: { color: cssVar('--vscode-foreground', '#ccc'), callback: (x) => formatPercent(Number(x)) } } }, plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => `${t.name}: ${RATE(c.parsed.y)}` } } } },
    plugins: [overlayPlugin(whiskers, band) as unknown as Plugin],
  });
  if (hidden.length) fig.append(el('p', { class: 'muted', 'data-testid': 'chart-hidden' }, `${plural(hidden.length, 'group')} ${hidden.length === 1 ? 'is' : 'are'} too small to compare and left out of the chart; "Every group of ${a.attribute}" lists them.`));
  return fig;
}

type CheckedAttribute = NonNullable<BiasViewState['report']>['attributes'][number];

/** Disparities with names, intervals and pass/fail marks from the configured checks. */
function disparityTable(r: NonNullable<BiasViewState['report']>, a: CheckedAttribute): HTMLElement {
  const checks = r.checks.filter((c) => c.attribute === a.attribute);
  const keys = ['disparateImpact', ...Object.keys(a.metrics).filter((k) => k !== 'disparateImpact')];
  const rows = keys.map((k) => {
    const value = own(a.metrics, k) ?? null;
    const c = checks.find((x) => x.metric === k);
    const mark = c ? (c.status === 'fail' ? el('span', { class: 'fail-mark' }, `fails (${c.check.replace(k, '')})`) : c.status === 'pass' ? el('span', { class: 'pass-mark' }, 'passes') : el('span', { class: 'muted' }, 'not evaluated')) : el('span', { class: 'muted' }, '');
    return el('tr', { ...(c?.status === 'fail' ? { class: 'flagged' } : {}) }, termLabel(k, 'th'), el('td', { class: 'num', 'data-metric': k }, formatNumber(value)), el('td', { class: 'num' }, formatInterval(own(a.metricCi, k))), el('td', {}, mark), el('td', { class: 'muted' }, own(a.metricNotes, k) ?? ''));
  });
  const head = el('thead', {}, el('tr', {}, ...['Measure', 'Value', '95% interval', 'Check', 'Note'].map((h, j) => el('th', { scope: 'col', ...(j === 1 || j === 2 ? { class: 'num' } : {}) }, h))));
  const table = el('table', { class: 'data', 'data-testid': 'metrics' }, head);
  // "Show all" for the long tail of measures; the checked one (disparate impact) first.
  const wrap = showAll(rows, 6, (x) => x, { container: 'tbody' });
  const tbody = wrap.querySelector('tbody')!;
  table.replaceChildren(head, tbody);
  wrap.prepend(table);
  return el('section', { 'data-testid': 'disparities' }, el('h2', {}, `Fairness measures for ${a.attribute}`), wrap);
}

function groupTable(groups: GroupReport[]): HTMLElement {
  const cols = ['n', ...CHART_METRICS] as const;
  const sorted = [...groups].sort((x, y) => Number(y['belowFourFifths'] === true) - Number(x['belowFourFifths'] === true) || Number(x.small) - Number(y.small));
  const head = el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Group'), ...cols.map((c) => el('th', { scope: 'col', class: 'num', title: term(c).definition }, term(c).name))));
  const rows = sorted.map((g) => {
    const undef = (g['undefined'] as Record<string, string> | undefined) ?? {};
    return el('tr', { 'data-testid': 'group-row', 'data-group': g.group, class: `${g.small ? 'muted' : ''}${g['belowFourFifths'] === true ? ' flagged' : ''}` },
      el('th', { scope: 'row' }, g.group, g.small ? ' (small)' : '', g['belowFourFifths'] === true ? ' ⚠' : ''),
      ...cols.map((c) => {
        const x = num(g[c]);
        return el('td', { class: 'num', 'data-field': c, 'data-value': x === null ? '' : String(x), ...(undef[c] ? { title: undef[c]! } : {}) }, x === null ? (undef[c] ? 'undefined' : '—') : c === 'n' ? formatCount(x) : RATE(x));
      }));
  });
  const wrap = showAll(rows, 12, (x) => x, { container: 'tbody' });
  const table = el('table', { class: 'data', 'data-testid': 'groups' }, head, wrap.querySelector('tbody')!);
  wrap.prepend(table);
  return wrap;
}

