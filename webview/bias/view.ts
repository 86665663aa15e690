import type { PanelCommand } from '../common/reportApp';
import type { Chart, Plugin } from 'chart.js';
import { pivotIntersection } from '../../src/core/bias/pivot';
import type { GroupReport } from '../../src/core/bias/report';
import { formatNumber as f } from '../../src/core/profile/formatNumber';
import { chartIn, cssVar, themedScales } from '../common/charts';
import { el } from '../common/dom';
import { biasVerdict, CHART_METRICS, type BiasAction, type BiasViewState, type ChartMetric } from './state';
import { own } from '../../src/core/dict';

const LABELS: Record<ChartMetric, string> = { selectionRate: 'selection rate', tpr: 'TPR', fpr: 'FPR', fnr: 'FNR', tnr: 'TNR', precision: 'precision (PPV)', npv: 'NPV', accuracy: 'accuracy' };
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Draws CI whiskers over bars: `whiskers` holds [lo, hi] per bar (or null). */
function whiskerPlugin(whiskers: ([number, number] | null)[]): Plugin<'bar'> {
  return {
    id: 'whiskers',
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
    root.append(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, s.error ?? 'The audit failed.'));
    return;
  }
  const r = s.report;
  if (!r) {
    root.append(el('p', { class: 'muted' }, 'Auditing…'));
    return;
  }
  const failed = r.checks.some((c) => c.status === 'fail');
  const btn = (label: string, m: 'refresh' | 'md' | 'html' | 'json') => { const b = el('button', {}, label); b.addEventListener('click', () => send(m)); return b; };
  root.append(
    el('header', { class: 'summary' }, el('h1', {}, `Bias audit: ${r.dataset}`),
      el('div', { class: 'actions' }, btn('Refresh', 'refresh'), btn('Export Markdown', 'md'), btn('Export HTML', 'html'), btn('Export JSON', 'json'))),
    el('p', { class: `verdict ${failed ? 'sev-error' : ''}`, 'data-testid': 'verdict' }, biasVerdict(r)),
    el('p', { class: 'muted' }, `${r.rows} rows · label '${r.label}' (favourable: ${r.favorable}) · ${r.prediction ? `prediction '${r.prediction}'` : `score '${r.score}' ≥ ${r.threshold}`} · groups under ${r.minGroupSize} rows are flagged and left out of comparisons${r.bootstrap ? ` · ${Math.round(100 * r.bootstrap.level)}% bootstrap intervals (${r.bootstrap.draws} draws, seed ${r.bootstrap.seed})` : ''}`),
  );
  // Findings first, per attribute; attributes with a failed check are open, the rest folded.
  const failedAttrs = new Set(r.checks.filter((c) => c.status === 'fail').map((c) => c.attribute));
  root.append(el('section', { 'data-testid': 'findings' }, el('h2', {}, 'Findings'),
    ...r.attributes.filter((a) => a.findings.length).map((a) => el('details', { ...(failedAttrs.has(a.attribute) ? { open: '' } : {}) },
      el('summary', {}, `${a.attribute}${failedAttrs.has(a.attribute) ? ' — check failed' : ''} (${a.findings.length} finding${a.findings.length === 1 ? '' : 's'})`),
      el('ul', { class: 'issues' }, ...a.findings.map((x) => el('li', {}, x)))))));

  const a = r.attributes[s.attribute];
  if (!a) return;
  const attrSelect = el('select', { 'aria-label': 'Attribute or intersection', 'data-testid': 'attribute' }, ...r.attributes.map((x, i) => el('option', { value: String(i), ...(i === s.attribute ? { selected: '' } : {}) }, x.attribute)));
  attrSelect.addEventListener('change', () => dispatch({ type: 'attribute', index: Number(attrSelect.value) }));
  const metricSelect = el('select', { 'aria-label': 'Metric' }, ...CHART_METRICS.map((m) => el('option', { value: m, ...(m === s.metric ? { selected: '' } : {}) }, LABELS[m])));
  metricSelect.addEventListener('change', () => dispatch({ type: 'metric', metric: metricSelect.value as ChartMetric }));
  root.append(el('div', { class: 'toolbar' }, attrSelect, metricSelect));

  // Bars by group with CI whiskers, and the overall value as a reference line.
  const groups = a.groups;
  const values = groups.map((g) => num(g[s.metric]));
  const whiskers = groups.map((g) => ((g['ci'] as Record<string, [number, number]> | undefined)?.[s.metric]) ?? null);
  const overall = num(a.overall[s.metric]);
  const canvas = el('canvas', { role: 'img', 'aria-label': `${LABELS[s.metric]} by ${a.attribute}` });
  root.append(el('div', { class: 'chart' }, canvas));
  chartIn('bars', canvas, {
    type: 'bar',
    data: {
      labels: groups.map((g) => (g.small ? `${g.group} (small)` : g.group)),
      datasets: [
        { type: 'bar', label: LABELS[s.metric], data: values, backgroundColor: groups.map((g) => (g.small ? cssVar('--vscode-disabledForeground', '#888') : cssVar('--vscode-charts-blue', '#3794ff'))) },
        { type: 'line', label: 'overall', data: groups.map(() => overall), borderColor: cssVar('--vscode-charts-red', '#f14c4c'), borderDash: [6, 4], pointRadius: 0 },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, scales: themedScales(), plugins: { legend: { labels: { color: cssVar('--vscode-foreground', '#ccc') } } } },
    plugins: [whiskerPlugin(whiskers) as unknown as Plugin],
  });

  root.append(el('h2', {}, 'Disparities'), el('table', { class: 'top', 'data-testid': 'metrics' },
    el('tbody', {}, ...Object.entries(a.metrics).map(([k, v]) => el('tr', {}, el('th', { scope: 'row' }, k), el('td', { class: 'num', 'data-metric': k }, v === null ? 'undefined' : f(v)), el('td', { class: 'muted' }, own(a.metricNotes, k) ?? ''))))));

  root.append(el('h2', {}, 'Groups'), groupTable(groups));
  const pivot = pivotIntersection(a, 'selectionRate');
  if (pivot) {
    const max = Math.max(...pivot.cells.flat().filter((v): v is number => v !== null), 0);
    const min = Math.min(...pivot.cells.flat().filter((v): v is number => v !== null), max);
    const table = el('table', { class: 'top heatmap', 'data-testid': 'heatmap' },
      el('thead', {}, el('tr', {}, el('th', {}, `${pivot.rowAttribute} \\ ${pivot.columnAttribute}`), ...pivot.columns.map((c) => el('th', { scope: 'col' }, c)))),
      el('tbody', {}, ...pivot.rows.map((rw, i) => el('tr', {}, el('th', { scope: 'row' }, rw), ...pivot.columns.map((_, j) => {
        const v = pivot.cells[i]![j]!;
        const td = el('td', { class: 'num' }, v === null ? '—' : f(v));
        if (v !== null) td.style.setProperty('background', `color-mix(in srgb, var(--vscode-charts-blue) ${Math.round(15 + 70 * ((v - min) / Math.max(1e-12, max - min)))}%, transparent)`);
        return td;
      })))));
    root.append(el('h2', {}, `Selection rate by ${a.attribute}`), table);
  }
  if (a.thresholdSweep?.length) {
    const sweep = a.thresholdSweep;
    const c2 = el('canvas', { role: 'img', 'aria-label': 'Selection rate by threshold' });
    root.append(el('h2', {}, 'Threshold sweep (selection rate per group)'), el('div', { class: 'chart' }, c2));
    const palette = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
    chartIn('sweep', c2, {
      type: 'line',
      data: { labels: sweep.map((p) => f(p.threshold)), datasets: (sweep[0]?.groups ?? []).map((g, i) => ({ label: g.group, data: sweep.map((p) => p.groups[i]?.selectionRate ?? null), borderColor: cssVar(palette[i % palette.length]!, '#888'), pointRadius: 0 })) },
      options: { animation: false, maintainAspectRatio: false, scales: themedScales(), plugins: { legend: { labels: { color: cssVar('--vscode-foreground', '#ccc') } } } },
    });
  }
}

function groupTable(groups: GroupReport[]): HTMLElement {
  const cols = ['n', ...CHART_METRICS] as const;
  return el('table', { class: 'columns', 'data-testid': 'groups' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'group'), ...cols.map((c) => el('th', { scope: 'col' }, c === 'n' ? 'n' : LABELS[c])))),
    el('tbody', {}, ...groups.map((g) => {
      const undef = (g['undefined'] as Record<string, string> | undefined) ?? {};
      return el('tr', { 'data-testid': 'group-row', 'data-group': g.group, class: g.small ? 'muted' : '' },
        el('th', { scope: 'row' }, g.group, g.small ? ' (small)' : ''),
        ...cols.map((c) => {
          const v = num(g[c]);
          return el('td', { class: 'num', 'data-field': c, ...(undef[c] ? { title: undef[c]! } : {}) }, v === null ? (undef[c] ? 'undefined' : '—') : c === 'n' ? String(v) : f(v));
        }));
    })));
}
