import { sig3 } from '../../src/core/evaluate/present';
import type { CheckTrend } from '../../src/core/history/historyQuery';
import { sparkline } from '../../src/core/history/render/historyText';
import type { ChartSpec } from '../../src/core/evaluate/render/svgChart';
import { COLORS } from '../../src/core/evaluate/render/chartSpecs';
import type { PanelCommand } from '../common/reportApp';
import { el } from '../common/dom';
import { panelActions } from '../common/panelActions';
import { drawSpec } from '../common/specChart';
import { chosenFigure, historyVerdict, type HistoryAction, type HistoryViewState } from './state';
import { own } from '../../src/core/dict';
import { figureName } from '../../src/core/history/figureName';

const TONE = { pass: '--vscode-charts-green', warn: '--vscode-charts-yellow', fail: '--vscode-charts-red', error: '--vscode-charts-red' } as Record<string, string>;
const WORD = { pass: 'passed', warn: 'needs attention', fail: 'failed', error: 'could not run' } as Record<string, string>;
const when = (t: string) => t.replace('T', ' ').slice(0, 16);

/** Tick labels for runs: the day (MM-DD), with the time when several runs share a day. */
function runTicks(times: string[]): string[] {
  const days = times.map((t) => when(t).slice(5, 10));
  return days.some((d, i) => days.indexOf(d) !== i) ? times.map((t) => when(t).slice(5, 16)) : days;
}

function figureSpec(t: CheckTrend, f: CheckTrend['figures'][number]): ChartSpec {
  return {
    title: `${figureName(f.name)} over runs`,
    description: `${figureName(f.name)} of ${t.title} over ${f.points.length} run${f.points.length === 1 ? '' : 's'}: last ${sig3(f.last)}${f.change === null ? '' : f.change === 0 ? ', unchanged since the run before' : ` (${f.change > 0 ? '+' : ''}${sig3(f.change)} since the run before)`}; larger dots mark runs where the check failed.`,
    xLabel: 'run', yLabel: figureName(f.name), xTicks: runTicks(f.points.map((p) => p.time)), xRange: [0, Math.max(1, f.points.length - 1)],
    series: [{ name: figureName(f.name), color: COLORS.primary, points: f.points.map((p, i): [number, number] => [i, p.value]), highlight: f.points.flatMap((p, i) => (p.status === 'fail' ? [i] : [])) }],
  };
}

/** Verdict card, then per check: its runs' statuses, the chart of one key figure (chosen), every figure's trend collapsed. */
export function render(root: HTMLElement, s: HistoryViewState, dispatch: (a: HistoryAction) => void, send: (m: PanelCommand) => void): void {
  root.replaceChildren();
  const actions = panelActions(send, { share: true });
  root.append(el('header', { class: 'summary' }, el('h1', {}, 'Run history'), actions));
  if (s.status === 'failed') {
    root.append(el('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, s.error ?? 'The history could not be read.'));
    return;
  }
  const snap = s.snapshot;
  if (!snap) {
    root.append(el('p', { class: 'muted' }, 'Reading the history…'));
    return;
  }
  const v = historyVerdict(snap);
  const card = el('section', { class: 'verdict-card', role: 'status', 'data-testid': 'verdict-card', 'data-status': v.status },
    el('div', { class: 'verdict-word' }, v.status === 'pass' ? 'Stable' : v.status === 'warn' ? 'Needs attention' : 'Failing'),
    el('p', { class: 'verdict-text', 'data-testid': 'verdict' }, v.text),
    el('p', { class: 'muted' }, `${snap.folder}/.modellens/history${snap.skippedLines ? ` · ${snap.skippedLines} unreadable line(s) skipped` : ''}`));
  card.style.setProperty('--tone', `var(${TONE[v.status]})`);
  root.append(card);
  const charts: [string, HTMLCanvasElement, ChartSpec][] = [];
  snap.trends.forEach((t, ti) => {
    const last = t.runs[t.runs.length - 1]!;
    const strip = el('span', { class: 'status-strip', role: 'img', 'aria-label': `statuses of the last ${Math.min(24, t.runs.length)} runs: ${t.runs.slice(-24).map((r) => r.status).join(', ')}` },
      ...t.runs.slice(-24).map((r) => {
        const b = el('span', { title: `${when(r.time)}: ${own(WORD, r.status) ?? r.status}${r.dataChanged ? ' (data changed)' : ''}` });
        b.style.setProperty('background', `var(${own(TONE, r.status) ?? '--vscode-foreground'})`);
        return b;
      }));
    const f = chosenFigure(s, t);
    const select = el('select', { 'aria-label': `Key figure of ${t.title} to chart`, 'data-testid': 'figure-select' }, ...t.figures.map((x) => el('option', { value: x.name, ...(x.name === f?.name ? { selected: '' } : {}) }, figureName(x.name))));
    select.addEventListener('change', () => dispatch({ type: 'figure', check: t.id, figure: select.value }));
    const section = el('section', { class: 'check-history', 'data-check': t.id, 'data-testid': 'check-history' },
      el('h2', {}, t.title),
      el('p', {}, strip, ' ', el('span', { class: 'muted' }, `${t.runs.length} run${t.runs.length === 1 ? '' : 's'} · last ${own(WORD, last.status) ?? last.status} at ${when(last.time)}: ${last.summary}`)),
      el('div', { class: 'toolbar' }, el('label', {}, 'Chart ', select)));
    if (f) {
      const spec = figureSpec(t, f);
      const canvas = el('canvas', { role: 'img', 'aria-label': spec.description, 'data-testid': 'history-chart' });
      charts.push([`history-${ti}`, canvas, spec]);
      section.append(el('figure', { class: 'figure' }, el('div', { class: 'chart' }, canvas), el('figcaption', { class: 'muted' }, spec.description)));
    }
    const title = `All key figures of ${t.title}`;
    const details = el('details', { 'data-section': title, ...(s.open.includes(title) ? { open: '' } : {}) }, el('summary', {}, `All key figures (${t.figures.length})`),
      el('table', { class: 'columns' }, el('thead', {}, el('tr', {}, ...['figure', 'trend', 'last', 'change'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ...t.figures.map((x) => el('tr', {}, el('th', { scope: 'row' }, figureName(x.name)), el('td', { 'aria-label': `trend of ${figureName(x.name)}` }, sparkline(x.points.map((p) => p.value))), el('td', { class: 'num' }, sig3(x.last)), el('td', { class: 'num' }, x.change === null ? '' : `${x.change > 0 ? '+' : ''}${sig3(x.change)}`))))));
    details.addEventListener('toggle', () => { if (details.open !== s.open.includes(title)) dispatch({ type: 'toggle', section: title, open: details.open }); });
    section.append(details);
    root.append(section);
  });
  queueMicrotask(() => { for (const [slot, canvas, spec] of charts) drawSpec(slot, canvas, spec); });
}
