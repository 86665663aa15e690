import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Axis and grid colours from the VS Code theme. */
export function themedScales(): NonNullable<ChartConfiguration['options']>['scales'] {
  const fg = cssVar('--vscode-foreground', '#ccc');
  const grid = cssVar('--vscode-editorWidget-border', '#444');
  return {
    x: { ticks: { color: fg, maxRotation: 45, autoSkip: true }, grid: { display: false } },
    y: { ticks: { color: fg }, grid: { color: grid }, beginAtZero: true },
  };
}

const live = new Map<string, Chart>();

/** Create (or replace) the chart of a slot; charts in removed DOM are destroyed on replacement. */
export function chartIn(slot: string, canvas: HTMLCanvasElement, config: ChartConfiguration): Chart {
  live.get(slot)?.destroy();
  const c = new Chart(canvas, config);
  live.set(slot, c);
  return c;
}
