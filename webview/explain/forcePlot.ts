import { formatNumber, formatSigned } from '../../src/core/render/numbers';
import { chartFigure, legend } from '../common/ui';

const SVG = 'http://www.w3.org/2000/svg';

interface Step { label: string; contribution: number }

/**
 * A force plot of one prediction (as shap.force_plot): features that push the output up (red) stack from the left
 * up to the prediction f(x); features that push it down (blue) stack from the prediction to the right. The base
 * value E[f(x)] and f(x) are marked; each segment's width is its contribution. Pure SVG, theme colours by class.
 */
export function forcePlot(w: { base: number; steps: Step[]; end: number }, unit: string): HTMLElement {
  const up = w.steps.filter((s) => s.contribution > 0).sort((a, b) => b.contribution - a.contribution);
  const down = w.steps.filter((s) => s.contribution < 0).sort((a, b) => a.contribution - b.contribution);
  const pos = up.reduce((t, s) => t + s.contribution, 0);
  const neg = -down.reduce((t, s) => t + s.contribution, 0);
  const lo = Math.min(w.end - pos, w.base);
  const hi = Math.max(w.end + neg, w.base);
  const width = 760;
  const pad = 20;
  const x = (v: number) => pad + ((v - lo) / (hi - lo || 1)) * (width - 2 * pad);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} 92`);
  svg.setAttribute('width', '100%');
  svg.setAttribute('class', 'force-plot');
  const add = (tag: string, attrs: Record<string, string | number>, text?: string) => {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  let at = w.end - pos;
  for (const s of up) {
    const r = add('rect', { x: x(at), y: 30, width: Math.max(1, x(at + s.contribution) - x(at) - 1), height: 22, class: 'up' });
    r.append(Object.assign(document.createElementNS(SVG, 'title'), { textContent: `${s.label}: ${formatSigned(s.contribution)}` }));
    if (x(at + s.contribution) - x(at) > 70) add('text', { x: x(at) + 4, y: 66 }, s.label.split(' = ')[0]!);
    at += s.contribution;
  }
  for (const s of down) {
    const r = add('rect', { x: x(at), y: 30, width: Math.max(1, x(at - s.contribution) - x(at) - 1), height: 22, class: 'down' });
    r.append(Object.assign(document.createElementNS(SVG, 'title'), { textContent: `${s.label}: ${formatSigned(s.contribution)}` }));
    if (x(at - s.contribution) - x(at) > 70) add('text', { x: x(at) + 4, y: 66 }, s.label.split(' = ')[0]!);
    at -= s.contribution;
  }
  add('line', { x1: x(w.end), x2: x(w.end), y1: 22, y2: 56, stroke: 'currentColor', 'stroke-width': 2 });
  add('text', { x: x(w.end), y: 16, 'text-anchor': 'middle', 'font-weight': 'bold' }, `f(x) = ${formatNumber(w.end)}`);
  add('line', { x1: x(w.base), x2: x(w.base), y1: 56, y2: 80, stroke: 'currentColor', 'stroke-dasharray': '3 3' });
  add('text', { x: x(w.base), y: 90, 'text-anchor': 'middle' }, `base value ${formatNumber(w.base)}`);
  const steps = [...up, ...down];
  return chartFigure({
    title: `Force plot: what pushed this prediction up and down${unit}`,
    summary: `Prediction ${formatNumber(w.end)} from the base value ${formatNumber(w.base)}; pushed up by ${up.slice(0, 3).map((s) => s.label).join(', ') || 'nothing'}; down by ${down.slice(0, 3).map((s) => s.label).join(', ') || 'nothing'}.`,
    chart: svg,
    testid: 'force-plot',
    legend: legend([['var(--vscode-charts-red)', 'pushes the prediction up'], ['var(--vscode-charts-blue)', 'pushes it down']]),
    table: { head: ['Feature', 'Contribution'], rows: steps.map((s) => [s.label, formatSigned(s.contribution)]) },
  });
}

