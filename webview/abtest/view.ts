import type { PanelCommand } from '../common/reportApp';
import type { MetricComparison, SegmentReport } from '../../src/core/abtest/types';
import { formatChange, formatCount, formatInterval, formatNumber, formatPercent, formatPValue } from '../../src/core/render/numbers';
import { abtestVerdict } from '../../src/core/verdict/abtest';
import { chartIn, cssVar, themedScales } from '../common/charts';
import { el } from '../common/dom';
import { busy, chartFigure, detailsSection, errorBox, legend, panelActions, verdictCard } from '../common/ui';

// One notation in every table: 3 significant digits, p-values as "< 0.001", relative changes labelled.
const f = (x: number | null | undefined): string => formatNumber(x);
const fp = (p: number | null | undefined): string => formatPValue(p);
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : formatChange(x, 'relative').replace(' relative', ''));
import { sequentialComparisons, srmStatus, type AbtestAction, type AbtestViewState } from './state';

const ci = (c: [number, number] | null | undefined, fmt: (x: number) => string = f) => (c ? `[${fmt(c[0])}, ${fmt(c[1])}]` : '—');

export function render(root: HTMLElement, s: AbtestViewState, dispatch: (a: AbtestAction) => void, send: (m: PanelCommand) => void): void {
  root.replaceChildren();
  if (s.status === 'failed') {
    root.append(errorBox(s.error ?? 'The analysis failed.', () => send('refresh')));
    return;
  }
  const r = s.report;
  if (!r) {
    root.append(busy('Analysing the experiment…'));
    return;
  }
  // The verdict first: the same status as the Checks view and `model-lens abtest` (a breached guardrail fails it
  // even when another variant could ship).
  root.append(verdictCard(`A/B test: ${r.dataset}`, abtestVerdict(r), panelActions(send, { refresh: 'refresh', share: 'share', exports: [['md', 'Markdown'], ['html', 'HTML'], ['json', 'JSON']] })));

  // The one chart: relative lift with its 95% interval per metric and variant (relative, so metrics share one axis).
  const rows = [...r.metrics, ...r.guardrails].filter((m) => m.relativeCi && m.relativeLift !== null);
  if (rows.length) {
    const canvas = el('canvas', {});
    const isGuard = (m: MetricComparison) => r.guardrails.includes(m as never);
    const tone = (m: MetricComparison): 'bad' | 'good' | 'none' => {
      if ((m as { breached?: boolean }).breached || (m.significant && m.diff < 0 && !isGuard(m))) return 'bad';
      return m.significant && !isGuard(m) ? 'good' : 'none';
    };
    const colour = { bad: cssVar('--vscode-charts-red', '#f14c4c'), good: cssVar('--vscode-charts-green', '#89d185'), none: cssVar('--vscode-charts-blue', '#3794ff') };
    root.append(chartFigure({
      title: 'Relative change against control, with 95% interval',
      summary: rows.map((m) => `${m.metric} ${m.variant}: ${formatChange(m.relativeLift, 'relative')} (${formatInterval(m.relativeCi, (x) => formatPercent(x))})`).join('; '),
      chart: canvas,
      height: 60 + rows.length * 34,
      testid: 'lift-chart',
      legend: legend([['var(--vscode-charts-green)', 'significantly better'], ['var(--vscode-charts-red)', 'significantly worse, or guardrail breached'], ['var(--vscode-charts-blue)', 'no significant change'], ['var(--vscode-foreground)', 'dot: estimate']]),
      table: { head: ['Metric · variant', 'Relative change', '95% interval', 'p-value'], rows: rows.map((m) => [`${m.metric} · ${m.variant}${isGuard(m) ? ' (guardrail)' : ''}`, formatChange(m.relativeLift, 'relative'), formatInterval(m.relativeCi, (x) => formatPercent(x)), formatPValue(m.pValue)]) },
    }));
    const scales = themedScales();
    const fg = cssVar('--vscode-foreground', '#ccc');
    chartIn('lift', canvas, {
      type: 'bar',
      data: {
        labels: rows.map((m) => `${m.metric} · ${m.variant}${isGuard(m) ? ' (guardrail)' : ''}`),
        datasets: [
          { type: 'bar', label: '95% interval', data: rows.map((m) => [100 * m.relativeCi![0], 100 * m.relativeCi![1]] as [number, number]), backgroundColor: rows.map((m) => colour[tone(m)]), barPercentage: 0.5 },
          { type: 'line', label: 'estimate', data: rows.map((m) => 100 * m.relativeLift!), showLine: false, pointRadius: 5, pointBackgroundColor: fg, borderColor: fg },
        ],
      },
      options: { indexAxis: 'y', animation: false, maintainAspectRatio: false, scales: { x: { ...scales?.['y'], beginAtZero: false, ticks: { color: fg, callback: (v) => `${formatNumber(Number(v))}%` }, title: { display: true, text: 'relative change against control, %', color: fg } }, y: { ...scales?.['x'] } }, plugins: { legend: { display: false } } },
    });
  }
  root.append(el('p', { class: r.srm.detected ? 'verdict sev-error' : 'muted', 'data-testid': 'srm' }, `${srmStatus(r)} · ${r.variants.map((v) => `${v.name} ${formatCount(v.n)} (expected ${formatPercent(v.expectedShare)})`).join(' · ')}`));

  root.append(detailsSection('Metrics', [table(r.metrics, false)], { count: r.metrics.length, open: true, testid: 'metrics-section' }));
  if (r.guardrails.length) root.append(detailsSection('Guardrails', [table(r.guardrails, true)], { count: r.guardrails.length, open: r.guardrails.some((g) => g.breached), testid: 'guardrails-section', ...(r.guardrails.some((g) => g.breached) ? { status: 'fail' as const } : {}) }));
  root.append(detailsSection('Why: the decision in detail', [el('ul', { class: 'findings', 'data-testid': 'reasons' }, ...r.decision.reasons.map((x) => el('li', {}, x)))], { count: r.decision.reasons.length }));

  // The sequential chart over time.
  const seq = sequentialComparisons(r);
  const chosen = seq[s.sequential];
  if (chosen?.sequential) {
    const select = el('select', { 'aria-label': 'Comparison', 'data-testid': 'sequential-select' }, ...seq.map((m, i) => el('option', { value: String(i), ...(i === s.sequential ? { selected: '' } : {}) }, `${m.metric} · ${m.variant}`)));
    select.addEventListener('change', () => dispatch({ type: 'sequential', index: Number(select.value) }));
    const canvas = el('canvas', { role: 'img', 'aria-label': 'Difference with its confidence sequence and the always-valid p-value over time' });
    const sq = chosen.sequential;
    root.append(detailsSection('Over time (always valid: safe to peek)', [el('div', { class: 'toolbar' }, select),
      el('p', { class: 'muted', 'data-testid': 'sequential-summary' }, `mSPRT, normal mixture τ² = ${f(sq.mixingVariance)}: always-valid p-value ${fp(sq.pValue)}, confidence sequence ${ci(sq.ci)} at the last look (${sq.looks.length} looks).`),
      legend([['var(--vscode-charts-blue)', 'difference (left axis)'], ['var(--vscode-descriptionForeground)', 'confidence sequence (left axis)'], ['var(--vscode-charts-orange)', 'always-valid p-value (right axis)'], ['var(--vscode-charts-red)', `α = ${formatNumber(r.alpha)} (right axis)`]]),
      el('div', { class: 'chart', 'data-testid': 'sequential-chart' }, canvas)], { testid: 'sequential-section' }));
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `Difference in ${chosen.metric} over ${sq.looks.length} looks; always-valid p-value ${fp(sq.pValue)} at the last look`);
    const labels = sq.looks.map((l) => l.at);
    const grey = cssVar('--vscode-descriptionForeground', '#999');
    const fg = cssVar('--vscode-foreground', '#ccc');
    const base = themedScales();
    chartIn('sequential', canvas, {
      type: 'line',
      data: {
        labels,
        datasets: [
          { label: 'difference', data: sq.looks.map((l) => l.diff), borderColor: cssVar('--vscode-charts-blue', '#3794ff'), pointRadius: 2, yAxisID: 'y' },
          { label: 'confidence sequence (low)', data: sq.looks.map((l) => (Number.isFinite(l.ci[0]) ? l.ci[0] : null)), borderColor: grey, borderDash: [5, 4], pointRadius: 0, yAxisID: 'y' },
          { label: 'confidence sequence (high)', data: sq.looks.map((l) => (Number.isFinite(l.ci[1]) ? l.ci[1] : null)), borderColor: grey, borderDash: [5, 4], pointRadius: 0, yAxisID: 'y' },
          { label: 'always-valid p-value', data: sq.looks.map((l) => l.pValue), borderColor: cssVar('--vscode-charts-orange', '#d18616'), pointRadius: 0, yAxisID: 'p' },
          { label: `α = ${formatNumber(r.alpha)}`, data: sq.looks.map(() => r.alpha), borderColor: cssVar('--vscode-charts-red', '#f14c4c'), borderDash: [2, 3], pointRadius: 0, yAxisID: 'p' },
        ],
      },
      options: { animation: false, maintainAspectRatio: false, scales: { x: base?.['x'] ?? {}, y: { ...base?.['y'], beginAtZero: false, title: { display: true, text: `difference in ${chosen.metric}`, color: fg } }, p: { axis: 'y', type: 'linear', position: 'right', min: 0, max: 1, ticks: { color: fg }, grid: { display: false }, title: { display: true, text: 'p-value (α line)', color: fg } } }, plugins: { legend: { display: false } } },
    });
  }

  if (r.segments.length) root.append(detailsSection('Segments', r.segments.map(segmentTable), { count: r.segments.length, ...(r.segments.some((x) => x.warning) ? { status: 'warn' as const } : {}) }));
  if (r.issues.length) root.append(detailsSection('Data issues', [el('ul', { class: 'findings' }, ...r.issues.map((x) => el('li', {}, x)))], { count: r.issues.length }));
  root.append(el('p', { class: 'muted' }, `${formatCount(r.rows)} rows · control '${r.controlValue}' in '${r.variantColumn}' · α = ${formatNumber(r.alpha)} · binary metrics: pooled z test, Newcombe interval · continuous: Welch t, bootstrap interval · relative changes: delta method · several treatments: Holm.`));
}

function table(rows: MetricComparison[], guard: boolean): HTMLElement {
  const head = ['Metric', 'Variant', 'Control', 'Treatment', 'Difference (95% interval)', 'Relative change (95% interval)', 'p-value', 'p-value (Holm)', guard ? 'Breached' : 'Significant', 'Always-valid p-value', 'Bootstrap interval'];
  return el('table', { class: 'columns', 'data-testid': guard ? 'guardrails' : 'metrics' },
    el('thead', {}, el('tr', {}, ...head.map((h, j) => el('th', { scope: 'col', ...(j >= 2 && j !== 8 ? { class: 'num' } : {}) }, h)))),
    el('tbody', {}, ...rows.map((m) => {
      const flag = guard ? ((m as { breached?: boolean }).breached ? 'yes' : 'no') : m.significant ? 'yes' : 'no';
      return el('tr', { 'data-testid': 'metric-row', 'data-metric': m.metric, 'data-variant': m.variant, class: guard && flag === 'yes' ? 'sev-error' : '' },
        el('th', { scope: 'row' }, m.metric), el('td', {}, m.variant),
        el('td', { class: 'num', 'data-field': 'control' }, f(m.control.mean)), el('td', { class: 'num', 'data-field': 'treatment' }, f(m.treatment.mean)),
        el('td', { class: 'num', 'data-field': 'diff' }, `${f(m.diff)} ${ci(m.ci)}`), el('td', { class: 'num', 'data-field': 'lift' }, `${pct(m.relativeLift)} ${ci(m.relativeCi, pct)}`),
        el('td', { class: 'num', 'data-field': 'p' }, fp(m.pValue)), el('td', { class: 'num' }, fp(m.pAdjusted)), el('td', {}, flag),
        el('td', { class: 'num' }, m.sequential ? fp(m.sequential.pValue) : '—'), el('td', { class: 'num' }, ci(m.bootstrapCi)));
    })));
}

function segmentTable(s: SegmentReport): HTMLElement {
  return el('section', { 'data-testid': 'segment', 'data-segment': s.segment, 'data-variant': s.variant },
    el('h3', {}, `${s.metric} by ${s.segment}: ${s.variant} vs control`),
    s.warning ? el('p', { class: 'verdict sev-error', role: 'alert', 'data-testid': 'segment-warning' }, `⚠ ${s.warning}`) : null,
    el('table', { class: 'columns' },
      el('thead', {}, el('tr', {}, ...['Level', 'Units (control)', 'Units (treatment)', 'Control', 'Treatment', 'Difference (95% interval)', 'Relative change', 'p-value'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...s.rows.map((x) => el('tr', { 'data-testid': 'segment-row', 'data-level': x.level, class: x.disagrees ? 'sev-error' : '' },
        el('th', { scope: 'row' }, x.disagrees ? `${x.level} ⚠` : x.level), el('td', { class: 'num' }, String(x.nControl)), el('td', { class: 'num' }, String(x.nTreatment)),
        el('td', { class: 'num' }, f(x.control)), el('td', { class: 'num' }, f(x.treatment)), el('td', { class: 'num', 'data-field': 'diff' }, `${f(x.diff)} ${ci(x.ci)}`),
        el('td', { class: 'num' }, pct(x.relativeLift)), el('td', { class: 'num' }, fp(x.pValue)))))),
    s.heterogeneity ? el('p', { class: 'muted' }, `Cochran's Q = ${f(s.heterogeneity.q)} (df ${s.heterogeneity.df}), p = ${fp(s.heterogeneity.pValue)}, I² = ${(100 * s.heterogeneity.i2).toFixed(0)}%`) : null);
}
