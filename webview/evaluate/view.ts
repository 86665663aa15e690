import { headlineChart, prChart, reliabilityChart, residualChart, rocChart, trendChart } from '../../src/core/evaluate/render/chartSpecs';
import { allTables, headerLines, keyNumbers, type Table } from '../../src/core/evaluate/render/reportRows';
import type { ChartSpec } from '../../src/core/evaluate/render/svgChart';
import type { PanelCommand } from '../common/reportApp';
import { el } from '../common/dom';
import { panelActions } from '../common/panelActions';
import { drawSpec } from '../common/specChart';
import { tone, type EvaluateAction, type EvaluateViewState } from './state';

function table(t: Table): HTMLElement {
  return el('div', {},
    el('table', { class: 'columns', 'data-testid': `table-${t.title}` },
      el('thead', {}, el('tr', {}, ...t.head.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...t.rows.map((r) => el('tr', {}, ...r.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', {}, c))))))),
    t.note ? el('p', { class: 'muted' }, t.note) : null);
}

/** A chart with its text alternative: the canvas is an image described by the spec's sentence, repeated as a caption. */
function chartFigure(slot: string, spec: ChartSpec, charts: [string, HTMLCanvasElement, ChartSpec][]): HTMLElement {
  const canvas = el('canvas', { role: 'img', 'aria-label': spec.description, 'data-testid': `chart-${slot}` });
  charts.push([slot, canvas, spec]);
  return el('figure', { class: 'figure' }, el('div', { class: 'chart' }, canvas), el('figcaption', { class: 'muted' }, spec.description));
}

/** Verdict card first, then the one chart that shows it, then every detail collapsed (issue 22's layout). */
export function render(root: HTMLElement, s: EvaluateViewState, dispatch: (a: EvaluateAction) => void, send: (m: PanelCommand) => void): void {
  root.replaceChildren();
  const actions = panelActions(send, { share: true });
  if (s.status === 'failed') {
    root.append(el('header', { class: 'summary' }, el('h1', {}, 'Model evaluation'), actions), el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, s.error ?? 'The evaluation failed.'));
    return;
  }
  const r = s.report;
  if (!r) {
    root.append(el('p', { class: 'muted' }, s.message ?? 'Evaluating…'));
    return;
  }
  const t = tone(r);
  const card = el('section', { class: 'verdict-card', role: 'status', 'data-testid': 'verdict-card', 'data-status': r.verdict.status, 'aria-label': `Model evaluation: ${t.word}` },
    el('div', { class: 'verdict-word', 'data-testid': 'verdict-word' }, t.word),
    el('p', { class: 'verdict-text', 'data-testid': 'verdict' }, r.verdict.text),
    el('div', { class: 'key-numbers' }, ...keyNumbers(r).map((k) => el('div', { class: 'key-number', 'data-testid': 'key-number' },
      el('span', { class: 'value' }, k.value), el('span', { class: 'label' }, k.label), k.detail ? el('span', { class: 'muted' }, k.detail) : null))));
  card.style.setProperty('--tone', `var(${t.colour})`);
  root.append(el('header', { class: 'summary' }, el('h1', {}, 'Model evaluation'), actions), ...headerLines(r).map((l) => el('p', { class: 'muted' }, l)), card);
  if (s.status === 'loading') root.append(el('p', { class: 'muted' }, s.message ?? 'Re-evaluating…'));
  const charts: [string, HTMLCanvasElement, ChartSpec][] = [];
  const head = headlineChart(r);
  if (head) root.append(chartFigure('headline', head, charts));
  const section = (title: string, ...content: HTMLElement[]) => {
    const d = el('details', { 'data-section': title, ...(s.open.includes(title) ? { open: '' } : {}) }, el('summary', {}, title), ...content);
    d.addEventListener('toggle', () => { if (d.open !== s.open.includes(title)) dispatch({ type: 'toggle', section: title, open: d.open }); });
    return d;
  };
  for (const tb of allTables(r)) root.append(section(tb.title, table(tb)));
  const curves = [r.windows ? rocChart(r) : null, prChart(r), reliabilityChart(r), r.windows ? residualChart(r) : null, r.windows ? null : trendChart(r)].filter((c): c is ChartSpec => c !== null && c.title !== head?.title);
  if (curves.length) {
    const open = s.open.includes('Curves');
    root.append(section('Curves', ...(open ? curves.map((c, i) => chartFigure(`curve-${i}`, c, charts)) : [el('p', { class: 'muted' }, 'Open to draw the curves.')])));
  }
  if (r.issues.length) root.append(section('Notes', el('ul', { class: 'issues' }, ...r.issues.map((i) => el('li', { class: `sev-${i.severity}` }, i.message)))));
  // Charts are drawn once their canvases are in the document, in the theme's colours of this moment.
  queueMicrotask(() => { for (const [slot, canvas, spec] of charts) drawSpec(slot, canvas, spec); });
}
