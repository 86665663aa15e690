import { Chart, ScatterController } from 'chart.js';
import type { PanelCommand } from '../common/reportApp';
import { chartIn, cssVar, themedScales } from '../common/charts';
import { el } from '../common/dom';
import { formatCount } from '../../src/core/render/numbers';
import { term } from '../../src/core/render/vocabulary';
import type { Verdict } from '../../src/core/verdict/types';
import { busy, verdictCard } from '../common/ui';
import { forcePlot } from './forcePlot';
import { beeswarm, classCount, dependence, rankColor, rowPosition, selectedWaterfall, type ExplainAction, type ExplainViewState } from './state';

/** Rows listed in the row picker; any explained row can still be typed in the row box. */
const MAX_ROW_OPTIONS = 2000;

Chart.register(ScatterController);

const num = (x: number): string => String(Number(x.toPrecision(4)));
/** Contributions with 4 decimals and a sign, as a person compares them. */
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`;

export function render(root: HTMLElement, s: ExplainViewState, dispatch: (a: ExplainAction) => void, send: (m: PanelCommand) => void): void {
  root.replaceChildren();
  if (s.status === 'failed') {
    root.append(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, s.error ?? 'The explanation failed.'));
    return;
  }
  const snap = s.snapshot;
  if (!snap) {
    root.append(busy('Explaining: computing SHAP values for every sampled row…'));
    return;
  }
  const doc = snap.doc;
  const unit = doc.unit ? ` (${doc.unit})` : '';
  const btn = (label: string, m: PanelCommand): HTMLButtonElement => {
    const b = el('button', {}, label);
    b.addEventListener('click', () => send(m));
    return b;
  };
  const base = Array.isArray(doc.baseValue) ? doc.baseValue.map(num).join(', ') : num(doc.baseValue);
  const top = doc.global.slice(0, 3).map((g) => g.feature);
  const card: Verdict = {
    status: 'pass',
    headline: top.length ? `${top[0]} drives this model's output most${top[1] ? `, then ${top.slice(1).join(' and ')}` : ''} (mean |SHAP| over ${formatCount(snap.rows.explained)} rows).` : 'No feature contributions.',
    reasons: [],
    numbers: [
      { label: 'Rows explained', value: `${formatCount(snap.rows.explained)} of ${formatCount(snap.rows.total)}` },
      { label: 'Most important feature', value: top[0] ?? '—', hint: term('meanAbsShap').definition },
      { label: `Base value${unit}`, value: base, hint: `The average model output over the background data, in ${doc.output}${unit}: every explanation starts here.` },
    ],
  };
  root.append(
    verdictCard(`Explanation: ${doc.model} on ${doc.dataset}`, card, [btn('Refresh', 'refresh'), btn('Share…', 'share'), btn('Markdown', 'md'), btn('HTML', 'html'), btn('JSON', 'json')], { neutral: true }),
    el('p', { class: 'muted', 'data-testid': 'explain-summary' },
      `${doc.method === 'tree' ? `exact TreeSHAP (${doc.algorithm})` : doc.method} · ${snap.rows.explained} of ${snap.rows.total} rows explained${snap.rows.sampled ? ` (seeded sample, seed ${snap.rows.seed})` : ''} · contributions in ${doc.output}${unit} · base value ${base} · additivity error ${doc.additivity.maxAbsError.toExponential(1)}`),
  );
  if (s.status === 'loading') root.append(busy('Refreshing…'));
  const K = classCount(doc);
  const toolbar = el('div', { class: 'toolbar' });
  if (K > 1) {
    const cls = el('select', { 'aria-label': 'Class', 'data-testid': 'class' }, ...Array.from({ length: K }, (_, k) => el('option', { value: String(k), ...(k === s.classIndex ? { selected: '' } : {}) }, `class ${k}`)));
    cls.addEventListener('change', () => dispatch({ type: 'class', index: Number(cls.value) }));
    toolbar.append(cls);
  }
  root.append(toolbar);

  // Waterfall of the chosen row: a list of the explained rows (the first MAX_ROW_OPTIONS, plus the shown one) and a row box.
  const listed = doc.rows.slice(0, MAX_ROW_OPTIONS).map((r, i) => ({ r, i }));
  if (s.row >= MAX_ROW_OPTIONS && doc.rows[s.row]) listed.push({ r: doc.rows[s.row]!, i: s.row });
  const rowSelect = el('select', { 'aria-label': 'Row', 'data-testid': 'row' }, ...listed.map(({ r, i }) => {
    const p = Array.isArray(r.prediction) ? r.prediction.map(num).join(', ') : num(r.prediction);
    return el('option', { value: String(r.index), ...(i === s.row ? { selected: '' } : {}) }, `row ${r.index} — prediction ${p}`);
  }));
  rowSelect.addEventListener('change', () => dispatch({ type: 'focus', datasetRow: Number(rowSelect.value) }));
  const rowBox = el('input', { type: 'number', min: '0', step: '1', value: String(doc.rows[s.row]?.index ?? 0), 'aria-label': 'Dataset row (0-based)', 'data-testid': 'row-input' });
  rowBox.style.width = '8em';
  rowBox.addEventListener('change', () => {
    if (rowPosition(doc, Number(rowBox.value)) < 0) {
      rowBox.setCustomValidity(`Row ${rowBox.value} was not explained (${doc.rows.length} rows were); use "Explain this row" in the dataset's profile panel.`);
      rowBox.reportValidity();
      return;
    }
    dispatch({ type: 'focus', datasetRow: Number(rowBox.value) });
  });
  rowBox.addEventListener('input', () => rowBox.setCustomValidity(''));
  root.append(el('h2', {}, 'Why this prediction'), el('div', { class: 'toolbar' }, rowSelect, el('label', {}, 'or row ', rowBox)));
  const row = doc.rows[s.row];
  const w = selectedWaterfall(s);
  if (row && w) {
    root.append(el('p', { class: 'verdict', 'data-testid': 'sentence' }, row.sentence), forcePlot(w, unit));
    if (Array.isArray(row.prediction)) {
      const predicted = row.prediction.indexOf(Math.max(...row.prediction));
      root.append(el('p', { class: 'muted', 'data-testid': 'waterfall-class' }, `Waterfall of class ${s.classIndex}${predicted === s.classIndex ? ' (the predicted class)' : `; the sentence explains the predicted class ${predicted}`}. Choose the class above.`));
    }
    const xs = [w.base, w.end, ...w.steps.flatMap((st) => [st.from, st.to])];
    const lo = Math.min(...xs);
    const span = Math.max(...xs) - lo || 1;
    const bar = (a: number, b: number, colour: string): HTMLElement => {
      const track = el('div', {});
      track.style.position = 'relative';
      track.style.height = '12px';
      track.style.width = '260px';
      const d = el('div', {});
      d.style.position = 'absolute';
      d.style.left = `${(100 * (Math.min(a, b) - lo)) / span}%`;
      d.style.width = `${Math.max(0.5, (100 * Math.abs(b - a)) / span)}%`;
      d.style.height = '100%';
      d.style.background = colour;
      track.append(d);
      return track;
    };
    const up = cssVar('--vscode-charts-red', '#d1495b');
    const down = cssVar('--vscode-charts-blue', '#3a7ca5');
    const fg = cssVar('--vscode-foreground', '#ccc');
    root.append(el('table', { class: 'top', 'data-testid': 'waterfall', 'data-row': String(row.index) },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'step'), el('th', { scope: 'col' }, `contribution${unit}`), el('th', { scope: 'col' }, 'running total'), el('th', { scope: 'col' }, ''))),
      el('tbody', {},
        el('tr', { 'data-testid': 'waterfall-base' }, el('th', { scope: 'row' }, 'base value E[f(x)]'), el('td', {}, ''), el('td', { class: 'num', 'data-field': 'total' }, w.base.toFixed(4)), el('td', {}, bar(w.base, w.base, fg))),
        ...w.steps.map((st) => el('tr', { 'data-testid': 'waterfall-step', 'data-label': st.label },
          el('th', { scope: 'row' }, st.label),
          el('td', { class: 'num', 'data-field': 'contribution' }, signed(st.contribution)),
          el('td', { class: 'num', 'data-field': 'total' }, st.to.toFixed(4)),
          el('td', {}, bar(st.from, st.to, st.contribution >= 0 ? up : down)))),
        el('tr', { 'data-testid': 'waterfall-end' }, el('th', { scope: 'row' }, `model output f(x)${unit}`), el('td', {}, ''), el('td', { class: 'num', 'data-field': 'total' }, w.end.toFixed(4)), el('td', {}, bar(w.end, w.end, fg))))));
  }

  // Global importance.
  const fg = cssVar('--vscode-foreground', '#ccc');
  const scales = themedScales();
  const gCanvas = el('canvas', { role: 'img', 'aria-label': 'Global importance: mean absolute SHAP value per feature' });
  const gBox = el('div', { class: 'chart', 'data-testid': 'global' }, gCanvas);
  gBox.style.height = `${Math.max(120, 22 * doc.global.length + 40)}px`;
  root.append(el('h2', {}, `Global importance (mean |SHAP|${unit}, all classes)`), gBox);
  chartIn('global', gCanvas, {
    type: 'bar',
    data: { labels: doc.global.map((g) => g.feature), datasets: [{ label: 'mean |SHAP|', data: doc.global.map((g) => g.meanAbs), backgroundColor: cssVar('--vscode-charts-blue', '#3794ff') }] },
    options: { indexAxis: 'y', animation: false, maintainAspectRatio: false, scales: { x: { ...scales?.['y'], beginAtZero: true }, y: { ...scales?.['x'] } }, plugins: { legend: { display: false } } },
  });

  // Beeswarm summary.
  const bee = beeswarm(doc, s.classIndex);
  const bCanvas = el('canvas', { role: 'img', 'aria-label': 'Summary plot: SHAP value of every row for each feature, coloured by the feature value' });
  const bBox = el('div', { class: 'chart', 'data-testid': 'beeswarm' }, bCanvas);
  bBox.style.height = `${Math.max(160, 34 * bee.features.length + 60)}px`;
  root.append(el('h2', {}, 'Summary: every row\'s SHAP value per feature'), gradientLegend('feature value'), bBox);
  chartIn('beeswarm', bCanvas, {
    type: 'scatter',
    data: { datasets: [{ label: 'SHAP value', data: bee.points.map((p) => ({ x: p.x, y: p.y })), pointBackgroundColor: bee.points.map((p) => rankColor(p.c)), pointBorderWidth: 0, pointRadius: 2 }] },
    options: {
      animation: false, maintainAspectRatio: false,
      scales: {
        x: { ticks: { color: fg }, grid: { color: cssVar('--vscode-editorWidget-border', '#444') }, title: { display: true, text: `SHAP value${unit}`, color: fg } },
        y: { reverse: true, min: -0.5, max: bee.features.length - 0.5, afterBuildTicks: (axis) => { axis.ticks = bee.features.map((_, i) => ({ value: i })); }, ticks: { color: fg, callback: (v) => bee.features[Number(v)] ?? '' }, grid: { display: false } },
      },
      plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => { const p = bee.points[c.dataIndex]!; return `${bee.features[Math.round(p.y)]}: row ${doc.rows[p.row]!.index}, SHAP ${num(p.x)}`; } } } },
    },
  });

  // Dependence plot.
  const feature = s.feature ?? doc.global[0]?.feature;
  if (feature !== undefined) {
    const dep = dependence(snap, s.classIndex, feature);
    const fSelect = el('select', { 'aria-label': 'Dependence plot feature', 'data-testid': 'dependence-feature' }, ...doc.global.map((g) => el('option', { value: g.feature, ...(g.feature === feature ? { selected: '' } : {}) }, g.feature)));
    fSelect.addEventListener('change', () => dispatch({ type: 'feature', feature: fSelect.value }));
    const dCanvas = el('canvas', { role: 'img', 'aria-label': `Dependence plot of ${feature}` });
    root.append(el('h2', {}, 'Dependence: how one feature\'s value moves the prediction'), el('div', { class: 'toolbar' }, fSelect,
      el('span', { class: 'muted', 'data-testid': 'dependence-partner' }, dep.partner ? `coloured by ${dep.partner} (strongest interaction on ${formatCount(snap.interactionRows)} rows)` : 'no interaction values')),
      dep.partner ? gradientLegend(`value of ${dep.partner}`) : el('span', {}),
      el('div', { class: 'chart', 'data-testid': 'dependence' }, dCanvas));
    if (dep.missing) root.append(el('p', { class: 'muted' }, `${dep.missing} rows with ${feature} missing are not plotted.`));
    chartIn('dependence', dCanvas, {
      type: 'scatter',
      data: { datasets: [{ label: feature, data: dep.points.map((p) => ({ x: p.x, y: p.y })), pointBackgroundColor: dep.points.map((p) => rankColor(p.c)), pointBorderWidth: 0, pointRadius: 2.5 }] },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { ticks: { color: fg }, grid: { display: false }, title: { display: true, text: feature, color: fg } },
          y: { ticks: { color: fg }, grid: { color: cssVar('--vscode-editorWidget-border', '#444') }, title: { display: true, text: `SHAP value${unit}`, color: fg, padding: { bottom: 4 } } },
        },
        layout: { padding: { left: 6, top: 6 } },
        plugins: { legend: { display: false } },
      },
    });
  }
}

/** The colour scale of the beeswarm and dependence plots: blue (low) to red (high), grey for missing. */
function gradientLegend(what: string): HTMLElement {
  return el('div', { class: 'chart-legend', 'data-testid': 'colour-legend' }, el('span', {}, `Colour: ${what} — low`, el('span', { class: 'gradient-legend', 'aria-hidden': 'true' }), 'high; grey: missing'));
}
