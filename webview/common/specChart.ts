import { Chart, Filler, ScatterController, type ChartConfiguration, type ChartDataset } from 'chart.js';
import type { ChartSpec } from '../../src/core/evaluate/render/svgChart';
import { COLORS } from '../../src/core/evaluate/render/chartSpecs';
import { sig3 } from '../../src/core/evaluate/present';
import { chartIn, cssVar } from './charts';
import { own } from '../../src/core/dict';

Chart.register(Filler, ScatterController);

/** The report's colours → the VS Code theme's chart colours, read now (call again after a theme change). */
function themed(color: string): string {
  const map: Record<string, [string, string]> = {
    [COLORS.primary]: ['--vscode-charts-blue', '#3794ff'],
    [COLORS.estimate]: ['--vscode-charts-purple', '#b180d7'],
    [COLORS.reference]: ['--vscode-descriptionForeground', '#999'],
    [COLORS.bad]: ['--vscode-charts-red', '#f14c4c'],
    [COLORS.good]: ['--vscode-charts-green', '#89d185'],
  };
  const m = own(map, color);
  return m ? cssVar(m[0], m[1]) : color;
}

/**
 * Draws a ChartSpec (the same description the HTML report renders as SVG, src/core/evaluate/render/chartSpecs.ts)
 * with Chart.js in theme colours: lines or points, shaded interval bands, highlighted points, reference lines.
 */
export function drawSpec(slot: string, canvas: HTMLCanvasElement, spec: ChartSpec): Chart {
  const fg = cssVar('--vscode-foreground', '#ccc');
  const grid = cssVar('--vscode-editorWidget-border', '#444');
  const datasets: ChartDataset<'line' | 'scatter', { x: number; y: number }[]>[] = [];
  for (const s of spec.series) {
    const color = themed(s.color);
    if (s.band?.length) {
      datasets.push({ type: 'line', label: `${s.name} (interval, low)`, data: s.band.map((b) => ({ x: b[0], y: b[1] })), borderWidth: 0, pointRadius: 0, fill: false });
      datasets.push({ type: 'line', label: `${s.name} (interval)`, data: s.band.map((b) => ({ x: b[0], y: b[2] })), borderWidth: 0, pointRadius: 0, backgroundColor: `color-mix(in srgb, ${color} 20%, transparent)`, fill: '-1' });
    }
    const hi = new Set(s.highlight ?? []);
    datasets.push({
      type: s.dots ? 'scatter' : 'line', label: s.name, data: s.points.filter((p) => Number.isFinite(p[1])).map((p) => ({ x: p[0], y: p[1] })),
      borderColor: color, backgroundColor: color, borderWidth: 2, borderDash: s.dashed ? [6, 4] : [], spanGaps: false,
      pointRadius: s.points.map((p) => (hi.has(p[0]) ? 6 : s.dots ? 2 : 2.5)),
      pointBackgroundColor: s.points.map((p) => (hi.has(p[0]) ? themed(COLORS.bad) : color)),
    } as ChartDataset<'line', { x: number; y: number }[]>);
  }
  for (const h of spec.hLines ?? []) {
    const [x0, x1] = spec.xRange ?? [Math.min(...spec.series.flatMap((s) => s.points.map((p) => p[0]))), Math.max(...spec.series.flatMap((s) => s.points.map((p) => p[0])))];
    datasets.push({ type: 'line', label: h.label, data: [{ x: x0, y: h.y }, { x: x1, y: h.y }], borderColor: themed(h.color), borderDash: [6, 3], borderWidth: 1, pointRadius: 0 });
  }
  if (spec.diagonal) datasets.push({ type: 'line', label: 'chance', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], borderColor: grid, borderDash: [4, 4], borderWidth: 1, pointRadius: 0 });
  const ticks = spec.xTicks;
  const config: ChartConfiguration<'line', { x: number; y: number }[]> = {
    type: 'line',
    data: { datasets: datasets as ChartDataset<'line', { x: number; y: number }[]>[] },
    options: {
      animation: false, maintainAspectRatio: false, parsing: false,
      scales: {
        x: { type: 'linear', ...(spec.xRange ? { min: spec.xRange[0], max: spec.xRange[1] } : {}), title: { display: true, text: spec.xLabel, color: fg }, grid: { color: grid },
          ticks: { color: fg, ...(ticks ? { stepSize: 1, callback: (v: string | number) => ticks[Number(v)] ?? '' } : { callback: (v: string | number) => sig3(Number(v)) }) } },
        y: { ...(spec.yRange ? { min: spec.yRange[0], max: spec.yRange[1] } : {}), title: { display: true, text: spec.yLabel, color: fg }, grid: { color: grid }, ticks: { color: fg, callback: (v: string | number) => sig3(Number(v)) } },
      },
      plugins: {
        legend: { labels: { color: fg, filter: (item) => !String(item.text).includes('(interval') } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${sig3((c.raw as { y: number }).y)}`, title: (items) => (ticks ? ticks[Number((items[0]?.raw as { x: number } | undefined)?.x)] ?? '' : sig3((items[0]?.raw as { x: number } | undefined)?.x)) } },
      },
    },
  };
  return chartIn(slot, canvas, config as unknown as ChartConfiguration);
}
