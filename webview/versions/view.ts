import type { VersionDiff } from '../../src/core/versions/diffModels';
import type { EvalMetric } from '../../src/core/versions/evaluate';
import { ciText, deltaText } from '../../src/core/versions/verdict';
const f = (x: number | null | undefined): string => formatNumber(x);
import type { VersionsViewMsg } from '../../src/shared/versionsProtocol';
import { chartIn, cssVar, themedScales } from '../common/charts';
import { el } from '../common/dom';
import { formatCount, formatNumber, formatPercent } from '../../src/core/render/numbers';
import { term } from '../../src/core/render/vocabulary';
import { comparisonVerdict } from '../../src/core/verdict/comparison';
import { busy, detailsSection, legend, verdictCard } from '../common/ui';
import { ciBar, ciScale, visibleSlices, type VersionsAction, type VersionsViewState } from './state';
import { own } from '../../src/core/dict';

const SVG = 'http://www.w3.org/2000/svg';
const pct = (v: number | null): string => formatPercent(v);
const PROPORTION = new Set(['auc', 'accuracy', 'precision', 'recall', 'f1']);

function highlight(e: HTMLElement, tone: 'changed' | 'worse' | 'better'): HTMLElement {
  const colour = tone === 'worse' ? '--vscode-charts-red' : tone === 'better' ? '--vscode-charts-green' : '--vscode-charts-yellow';
  e.style.setProperty('background', `color-mix(in srgb, var(${colour}) 18%, transparent)`);
  e.dataset['tone'] = tone;
  return e;
}

/** A CI bar on an axis centred on 0: the interval as a band, the point estimate as a tick, coloured by significance. */
function ciSvg(m: EvalMetric, scale: number): SVGSVGElement {
  const w = 160;
  const h = 14;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${m.label} delta ${f(m.delta)}, ${ciText(m.name, m.ci)}`);
  const bar = ciBar(m, scale);
  const zero = document.createElementNS(SVG, 'line');
  zero.setAttribute('x1', String(w / 2));
  zero.setAttribute('x2', String(w / 2));
  zero.setAttribute('y1', '0');
  zero.setAttribute('y2', String(h));
  zero.style.setProperty('stroke', 'var(--vscode-foreground)');
  svg.append(zero);
  if (!bar) return svg;
  const colour = m.significant === 'worse' ? '--vscode-charts-red' : m.significant === 'better' ? '--vscode-charts-green' : '--vscode-descriptionForeground';
  const band = document.createElementNS(SVG, 'rect');
  band.setAttribute('x', String(bar.lo * w));
  band.setAttribute('width', String(Math.max(1, (bar.hi - bar.lo) * w)));
  band.setAttribute('y', '4');
  band.setAttribute('height', '6');
  band.style.setProperty('fill', `var(${colour})`);
  const dot = document.createElementNS(SVG, 'rect');
  dot.setAttribute('x', String(bar.point * w - 1));
  dot.setAttribute('width', '2');
  dot.setAttribute('y', '1');
  dot.setAttribute('height', String(h - 2));
  dot.style.setProperty('fill', 'var(--vscode-foreground)');
  svg.append(band, dot);
  return svg;
}

/** A table whose header cells line up with their values: a column whose cells are right-aligned numbers gets a right-aligned header. */
const table = (testid: string, head: string[], rows: HTMLElement[]): HTMLElement => {
  const numeric = head.map((_, j) => rows.length > 0 && rows.every((r) => (r.children[j] as HTMLElement | undefined)?.classList.contains('num')));
  return el('table', { class: 'columns', 'data-testid': testid }, el('thead', {}, el('tr', {}, ...head.map((h, j) => el('th', { scope: 'col', ...(numeric[j] ? { class: 'num' } : {}) }, h)))), el('tbody', {}, ...rows));
};

function sides(d: VersionDiff): HTMLElement {
  const keys = [...new Set([...Object.keys(d.a.info), ...Object.keys(d.b.info)])];
  return table('sides', ['', 'A (baseline)', 'B (candidate)'], [
    el('tr', {}, el('th', { scope: 'row' }, 'version'), el('td', { 'data-testid': 'side-a' }, d.a.label), el('td', { 'data-testid': 'side-b' }, d.b.label)),
    el('tr', {}, el('th', { scope: 'row' }, 'source'), el('td', {}, `${d.a.source}: ${d.a.name}`), el('td', {}, `${d.b.source}: ${d.b.name}`)),
    ...keys.filter((k) => k !== 'path').map((k) => el('tr', {}, el('th', { scope: 'row' }, term(k).name), el('td', {}, own(d.a.info, k) ?? '—'), el('td', {}, own(d.b.info, k) ?? '—'))),
  ]);
}

function metadata(d: VersionDiff): HTMLElement[] {
  const m = d.metadata;
  const rows = (Object.keys(m.a) as (keyof typeof m.a)[]).map((k) => {
    const cell = (x: unknown) => (typeof x === 'number' ? formatNumber(x) : String(x ?? '—'));
    const tr = el('tr', { 'data-fact': k }, el('th', { scope: 'row' }, term(k).name), el('td', { class: 'num' }, cell(m.a[k])), el('td', { class: 'num' }, cell(m.b[k])));
    return m.changed.includes(k) ? highlight(tr, 'changed') : tr;
  });
  const fd = m.features;
  const features = el('p', { 'data-testid': 'features' }, 'Features: ',
    ...(fd.added.length ? [highlight(el('span', { class: 'badge' }, `+ ${fd.added.join(', ')}`), 'better'), ' '] : []),
    ...(fd.removed.length ? [highlight(el('span', { class: 'badge' }, `− ${fd.removed.join(', ')}`), 'worse'), ' '] : []),
    fd.reordered ? 'shared features reordered' : fd.added.length || fd.removed.length ? '' : 'same features, same order');
  return [el('h2', {}, 'Metadata'), table('metadata', ['', 'A', 'B'], rows), features];
}

function metrics(d: VersionDiff): HTMLElement[] {
  if (!d.metrics.length) return [];
  const props = d.metrics.filter((m) => PROPORTION.has(m.name));
  const rest = d.metrics.filter((m) => !PROPORTION.has(m.name));
  const rows = d.metrics.map((m) => {
    const scale = ciScale(PROPORTION.has(m.name) ? props : rest.filter((x) => x.name === m.name));
    const tr = el('tr', { 'data-metric': m.name },
      el('th', { scope: 'row', title: term(m.name).definition }, m.label, m.name === d.evaluation?.primaryMetric ? ' (primary)' : ''),
      el('td', { class: 'num' }, f(m.a)), el('td', { class: 'num' }, f(m.b)),
      el('td', { class: 'num' }, deltaText(m.name, m.label, m.delta).replace(`${m.label} `, '')), el('td', {}, ciSvg(m, scale), ' ', el('span', { class: 'muted' }, ciText(m.name, m.ci))),
      el('td', {}, m.significant ?? 'not significant', el('span', { class: 'muted' }, ` (${m.better} is better)`)));
    return m.significant ? highlight(tr, m.significant) : tr;
  });
  const e = d.evaluation!;
  return [el('h2', {}, 'Quality: B − A on the evaluation data (absolute changes)'), legend([['var(--vscode-charts-green)', 'B significantly better'], ['var(--vscode-charts-red)', 'B significantly worse'], ['var(--vscode-descriptionForeground)', 'no significant change'], ['var(--vscode-foreground)', 'tick: estimate; centre line: no change']]),
    table('metrics', ['Metric', 'A', 'B', 'Change (B − A)', `${Math.round(e.bootstrap.level * 100)}% interval`, 'Significant'], rows),
    el('p', { class: 'muted' }, `${formatCount(e.labeledRows)} labeled rows of ${e.dataset}; ${Math.round(e.bootstrap.level * 100)}% paired bootstrap intervals (${formatCount(e.bootstrap.draws)} draws, seed ${e.bootstrap.seed}). Proportions (AUC, accuracy…) change in percentage points.`)];
}

function predictions(d: VersionDiff): HTMLElement[] {
  const p = d.predictions;
  if (!p) return [];
  const out: HTMLElement[] = [el('h2', {}, 'Predictions'),
    el('div', { class: 'stats', 'data-testid': 'prediction-stats' },
      ...[['Agreement', pct(p.agreement)], ['Flip rate', pct(p.flipRate)], ['Mean |B − A|', f(p.meanAbsDiff)], ['Max |B − A|', f(p.maxAbsDiff)], [`Output drift (${term(p.drift.test).name})`, `${f(p.drift.score)} ${p.drift.drifted ? 'drifted' : 'not drifted'}`]]
        .map(([label, value]) => el('div', { class: 'stat' }, el('div', { class: 'value' }, value!), el('div', { class: 'label' }, label!)))),
    el('p', { class: 'muted' }, `Agreement: ${p.agreementRule}. Output drift compares the distribution of B's outputs with A's (threshold ${p.drift.threshold}).`)];
  if (p.flipMatrix) {
    const fm = p.flipMatrix;
    out.push(el('h2', {}, 'Flip matrix (rows: A predicts, columns: B predicts)'),
      table('flip-matrix', ['', ...fm.classes.map((c) => `B = ${c}`)], fm.counts.map((r, i) => el('tr', {}, el('th', { scope: 'row' }, `A = ${fm.classes[i]}`), ...r.map((c, j) => {
        const td = el('td', { class: 'num' }, String(c));
        return i !== j && c > 0 ? highlight(td, 'changed') : td;
      })))));
  }
  const canvas = el('canvas', { role: 'img', 'aria-label': 'Distribution of B − A', 'data-testid': 'diff-histogram' });
  out.push(el('h2', {}, 'Distribution of prediction differences (B − A)'), el('div', { class: 'chart' }, canvas));
  queueMicrotask(() => chartIn('diff', canvas, {
    type: 'bar',
    data: { labels: p.diffHistogram.counts.map((_, i) => f((p.diffHistogram.edges[i]! + p.diffHistogram.edges[i + 1]!) / 2)), datasets: [{ label: 'rows', data: p.diffHistogram.counts, backgroundColor: cssVar('--vscode-charts-blue', '#3794ff') }] },
    options: { animation: false, maintainAspectRatio: false, scales: themedScales(), plugins: { legend: { display: false } } },
  }));
  return out;
}

function slices(d: VersionDiff, s: VersionsViewState, dispatch: (a: VersionsAction) => void): HTMLElement[] {
  if (!d.slices.length) return [];
  const shown = visibleSlices(d, s.allSlices);
  const worse = d.slices.filter((x) => x.worse).length;
  const toggle = el('button', { 'data-testid': 'toggle-slices' }, s.allSlices ? 'Show worse slices only' : `Show all ${d.slices.length} slices`);
  toggle.addEventListener('click', () => dispatch({ type: 'toggleSlices' }));
  const label = (id: string) => d.metrics.find((m) => m.name === id)?.label ?? id;
  return [el('h2', {}, 'Slices where B is worse'),
    el('p', { class: 'muted' }, `${worse} of ${d.slices.length} slices significantly worse for B (Benjamini–Hochberg across slices)${worse ? '' : '; showing the largest drops'}. `, toggle),
    table('slices', ['slice', 'rows', 'A', 'B', 'delta', 'CI', 'adj. p'], shown.map((x) => {
      const tr = el('tr', { 'data-slice': `${x.column}=${x.value}` }, el('th', { scope: 'row' }, `${x.column} = ${x.value}`), el('td', { class: 'num' }, String(x.rows)), el('td', { class: 'num' }, f(x.a)), el('td', { class: 'num' }, f(x.b)),
        el('td', { class: 'num' }, deltaText(x.metric, label(x.metric), x.delta)), el('td', { class: 'muted' }, ciText(x.metric, x.ci)), el('td', { class: 'num' }, f(x.adjustedP)));
      return x.worse ? highlight(tr, 'worse') : tr;
    }))];
}

function shap(d: VersionDiff): HTMLElement[] {
  if (!d.shap) return [];
  return [el('h2', {}, `Global SHAP importance (mean |SHAP| over the first ${d.evaluation?.shapRows ?? 0} rows)`),
    table('shap', ['feature', 'A', 'B', 'delta', 'rank A → B'], d.shap.map((x) => {
      const tr = el('tr', {}, el('th', { scope: 'row' }, x.feature), el('td', { class: 'num' }, f(x.a)), el('td', { class: 'num' }, f(x.b)), el('td', { class: 'num' }, f(x.delta)), el('td', { class: 'num' }, `${x.rankA ?? '—'} → ${x.rankB ?? '—'}`));
      return x.rankA !== x.rankB ? highlight(tr, 'changed') : tr;
    }))];
}

function records(d: VersionDiff, s: VersionsViewState, dispatch: (a: VersionsAction) => void): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (d.recordedMetrics.length) {
    out.push(el('h2', {}, 'Recorded metrics (MLflow / DVC)'), table('recorded-metrics', ['metric', 'A', 'B', 'delta', 'better'], d.recordedMetrics.map((r) => {
      const tr = el('tr', {}, el('th', { scope: 'row' }, r.name), el('td', { class: 'num' }, f(r.a)), el('td', { class: 'num' }, f(r.b)), el('td', { class: 'num' }, f(r.delta)), el('td', {}, r.better ? `${r.better} is better` : 'direction unknown'));
      return r.improved === null ? tr : highlight(tr, r.improved ? 'better' : 'worse');
    })));
  }
  const changed = d.params.filter((p) => p.changed);
  const shown = s.allParams ? d.params : changed;
  const toggle = el('button', { 'data-testid': 'toggle-params' }, s.allParams ? 'Show changed only' : `Show all ${d.params.length}`);
  toggle.addEventListener('click', () => dispatch({ type: 'toggleParams' }));
  out.push(el('h2', {}, 'Parameters'), el('p', { class: 'muted' }, `${changed.length} of ${d.params.length} differ. `, toggle),
    table('params', ['parameter', 'A', 'B'], shown.map((p) => {
      const tr = el('tr', {}, el('th', { scope: 'row' }, p.name), el('td', {}, p.a ?? '—'), el('td', {}, p.b ?? '—'));
      return p.changed ? highlight(tr, 'changed') : tr;
    })));
  return out;
}

export function render(root: HTMLElement, s: VersionsViewState, dispatch: (a: VersionsAction) => void, send: (m: VersionsViewMsg) => void): void {
  root.replaceChildren();
  const btn = (label: string, m: VersionsViewMsg, testid: string) => {
    const b = el('button', { 'data-testid': testid }, label);
    b.addEventListener('click', () => send(m));
    return b;
  };
  const actions = el('div', { class: 'actions' }, btn('Refresh', { type: 'versions/refresh' }, 'refresh'), btn('Share…', { type: 'versions/export', format: 'share' }, 'share'), btn('Swap A ↔ B', { type: 'versions/swap' }, 'swap'), btn('Evaluation Dataset…', { type: 'versions/chooseData' }, 'choose-data'),
    btn('Export Markdown', { type: 'versions/export', format: 'md' }, 'export-md'), btn('Export HTML', { type: 'versions/export', format: 'html' }, 'export-html'), btn('Export JSON', { type: 'versions/export', format: 'json' }, 'export-json'));
  if (s.status === 'failed') {
    root.append(el('header', { class: 'summary' }, el('h1', {}, 'Model comparison'), actions), el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, s.error ?? 'The comparison failed.'));
    return;
  }
  const d = s.diff;
  if (!d || s.status === 'loading') {
    root.append(busy(s.message ?? 'Comparing the two versions…'));
    if (!d) return;
  }
  root.append(
    verdictCard(`Model comparison: ${d.a.label} ↔ ${d.b.label}`, comparisonVerdict(d), [...actions.children] as HTMLElement[]),
    sides(d),
    ...(d.evaluation ? [] : [el('p', { class: 'muted' }, 'No evaluation dataset: choose one (with a label) to compare predictions and metrics.')]),
    ...metrics(d),
    detailsSection('Predictions', predictions(d), { testid: 'predictions-section' }),
    detailsSection('Slices where B is worse', slices(d, s, dispatch), { count: d.slices.filter((x) => x.worse).length, ...(d.slices.some((x) => x.worse) ? { status: 'warn' as const, open: true } : {}) }),
    detailsSection('Global SHAP importance', shap(d)),
    detailsSection('Metadata and parameters', [...metadata(d), ...records(d, s, dispatch)]),
  );
}
