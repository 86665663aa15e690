import type { PanelCommand } from '../common/reportApp';
import { ACTION_LABEL, fp, pct } from '../../src/core/abtest/abtestMarkdown';
import type { MetricComparison, SegmentReport } from '../../src/core/abtest/types';
import { formatNumber as f } from '../../src/core/profile/formatNumber';
import { chartIn, cssVar, themedScales } from '../common/charts';
import { el } from '../common/dom';
import { decisionTone, sequentialComparisons, srmStatus, type AbtestAction, type AbtestViewState } from './state';

const ci = (c: [number, number] | null | undefined, fmt: (x: number) => string = f) => (c ? `[${fmt(c[0])}, ${fmt(c[1])}]` : '—');

export function render(root: HTMLElement, s: AbtestViewState, dispatch: (a: AbtestAction) => void, send: (m: PanelCommand) => void): void {
  root.replaceChildren();
  if (s.status === 'failed') {
    root.append(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, s.error ?? 'The analysis failed.'));
    return;
  }
  const r = s.report;
  if (!r) {
    root.append(el('p', { class: 'muted' }, 'Analysing…'));
    return;
  }
  const btn = (label: string, m: PanelCommand) => { const b = el('button', {}, label); b.addEventListener('click', () => send(m)); return b; };
  const tone = decisionTone(r.decision.action);
  root.append(
    el('header', { class: 'summary' }, el('h1', {}, `A/B test: ${r.dataset}`),
      el('div', { class: 'actions' }, btn('Refresh', 'refresh'), btn('Export Markdown', 'md'), btn('Export HTML', 'html'), btn('Export JSON', 'json'))),
    // The decision first.
    el('section', { class: `decision tone-${tone}`, 'data-testid': 'decision', 'data-action': r.decision.action },
      el('p', { class: `verdict ${tone === 'bad' ? 'sev-error' : ''}`, 'data-testid': 'verdict' }, r.decision.action === 'ship' ? `${ACTION_LABEL.ship}: ${r.decision.variant ?? ''}` : r.decision.headline),
      el('ul', { class: 'issues', 'data-testid': 'reasons' }, ...r.decision.reasons.map((x) => el('li', {}, x)))),
    el('p', { class: r.srm.detected ? 'verdict sev-error' : 'muted', 'data-testid': 'srm' }, `${srmStatus(r)} · ${r.variants.map((v) => `${v.name} ${v.n} (expected ${(100 * v.expectedShare).toFixed(1)}%)`).join(' · ')}`),
    el('p', { class: 'muted' }, `${r.rows} rows · control '${r.controlValue}' in '${r.variantColumn}' · α = ${r.alpha} · binary: pooled z test, Newcombe CI · continuous: Welch t, bootstrap CI · relative lifts: delta method · several treatments: Holm`),
  );

  // Lift with CI bars per metric (relative, so metrics share one axis).
  const rows = [...r.metrics, ...r.guardrails].filter((m) => m.relativeCi && m.relativeLift !== null);
  if (rows.length) {
    const canvas = el('canvas', { role: 'img', 'aria-label': 'Relative lift with 95% confidence interval per metric and variant' });
    root.append(el('h2', {}, 'Relative lift (95% CI)'), el('div', { class: 'chart', 'data-testid': 'lift-chart', style: `height:${60 + rows.length * 34}px` }, canvas));
    const colour = (m: MetricComparison) => {
      const breached = (m as { breached?: boolean }).breached;
      if (breached || (m.significant && m.diff < 0 && r.metrics.includes(m))) return cssVar('--vscode-charts-red', '#f14c4c');
      return m.significant && r.metrics.includes(m) ? cssVar('--vscode-charts-green', '#89d185') : cssVar('--vscode-charts-blue', '#3794ff');
    };
    const scales = themedScales();
    chartIn('lift', canvas, {
      type: 'bar',
      data: {
        labels: rows.map((m) => `${m.metric} · ${m.variant}${r.guardrails.includes(m as never) ? ' (guardrail)' : ''}`),
        datasets: [
          { type: 'bar', label: '95% CI', data: rows.map((m) => [100 * m.relativeCi![0], 100 * m.relativeCi![1]] as [number, number]), backgroundColor: rows.map(colour), barPercentage: 0.5 },
          { type: 'line', label: 'estimate', data: rows.map((m) => 100 * m.relativeLift!), showLine: false, pointRadius: 5, pointBackgroundColor: cssVar('--vscode-foreground', '#ccc'), borderColor: cssVar('--vscode-foreground', '#ccc') },
        ],
      },
      options: { indexAxis: 'y', animation: false, maintainAspectRatio: false, scales: { x: { ...scales?.['y'], beginAtZero: false, title: { display: true, text: 'relative lift, %', color: cssVar('--vscode-foreground', '#ccc') } }, y: { ...scales?.['x'] } }, plugins: { legend: { labels: { color: cssVar('--vscode-foreground', '#ccc') } } } },
    });
  }

  root.append(el('h2', {}, 'Metrics'), table(r.metrics, false));
  if (r.guardrails.length) root.append(el('h2', {}, 'Guardrails'), table(r.guardrails, true));

  // The sequential chart over time.
  const seq = sequentialComparisons(r);
  const chosen = seq[s.sequential];
  if (chosen?.sequential) {
    const select = el('select', { 'aria-label': 'Comparison', 'data-testid': 'sequential-select' }, ...seq.map((m, i) => el('option', { value: String(i), ...(i === s.sequential ? { selected: '' } : {}) }, `${m.metric} · ${m.variant}`)));
    select.addEventListener('change', () => dispatch({ type: 'sequential', index: Number(select.value) }));
    const canvas = el('canvas', { role: 'img', 'aria-label': 'Difference with its confidence sequence and the always-valid p-value over time' });
    const sq = chosen.sequential;
    root.append(el('h2', {}, 'Over time (always valid: safe to peek)'), el('div', { class: 'toolbar' }, select),
      el('p', { class: 'muted', 'data-testid': 'sequential-summary' }, `mSPRT, normal mixture τ² = ${f(sq.mixingVariance)}: always-valid p = ${fp(sq.pValue)}, confidence sequence ${ci(sq.ci)} at the last look (${sq.looks.length} looks).`),
      el('div', { class: 'chart', 'data-testid': 'sequential-chart' }, canvas));
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
          { label: 'always-valid p', data: sq.looks.map((l) => l.pValue), borderColor: cssVar('--vscode-charts-orange', '#d18616'), pointRadius: 0, yAxisID: 'p' },
          { label: `α = ${r.alpha}`, data: sq.looks.map(() => r.alpha), borderColor: cssVar('--vscode-charts-red', '#f14c4c'), borderDash: [2, 3], pointRadius: 0, yAxisID: 'p' },
        ],
      },
      options: { animation: false, maintainAspectRatio: false, scales: { x: base?.['x'] ?? {}, y: { ...base?.['y'], beginAtZero: false, title: { display: true, text: `difference in ${chosen.metric}`, color: fg } }, p: { position: 'right', min: 0, max: 1, ticks: { color: fg }, grid: { display: false }, title: { display: true, text: 'p', color: fg } } }, plugins: { legend: { labels: { color: fg } } } },
    });
  }

  if (r.segments.length) root.append(el('h2', {}, 'Segments'), ...r.segments.map(segmentTable));
  if (r.issues.length) root.append(el('h2', {}, 'Data issues'), el('ul', { class: 'issues' }, ...r.issues.map((x) => el('li', {}, x))));
}

function table(rows: MetricComparison[], guard: boolean): HTMLElement {
  const head = ['metric', 'variant', 'control', 'treatment', 'difference (95% CI)', 'relative lift (95% CI)', 'p', 'p (Holm)', guard ? 'breached' : 'significant', 'always-valid p', 'bootstrap CI'];
  return el('table', { class: 'columns', 'data-testid': guard ? 'guardrails' : 'metrics' },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
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
      el('thead', {}, el('tr', {}, ...['level', 'n control', 'n treatment', 'control', 'treatment', 'difference (95% CI)', 'relative lift', 'p'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...s.rows.map((x) => el('tr', { 'data-testid': 'segment-row', 'data-level': x.level, class: x.disagrees ? 'sev-error' : '' },
        el('th', { scope: 'row' }, x.disagrees ? `${x.level} ⚠` : x.level), el('td', { class: 'num' }, String(x.nControl)), el('td', { class: 'num' }, String(x.nTreatment)),
        el('td', { class: 'num' }, f(x.control)), el('td', { class: 'num' }, f(x.treatment)), el('td', { class: 'num', 'data-field': 'diff' }, `${f(x.diff)} ${ci(x.ci)}`),
        el('td', { class: 'num' }, pct(x.relativeLift)), el('td', { class: 'num' }, fp(x.pValue)))))),
    s.heterogeneity ? el('p', { class: 'muted' }, `Cochran's Q = ${f(s.heterogeneity.q)} (df ${s.heterogeneity.df}), p = ${fp(s.heterogeneity.pValue)}, I² = ${(100 * s.heterogeneity.i2).toFixed(0)}%`) : null);
}
