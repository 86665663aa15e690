import { escapeXml as esc, markdownCell } from '../../rules/escape';
import { sig3 } from '../../evaluate/present';
import { svgChart } from '../../evaluate/render/svgChart';
import type { CheckTrend } from '../historyQuery';

const BARS = '▁▂▃▄▅▆▇█';

/** A text sparkline of values (▁ … █), scaled to their own range. */
export function sparkline(values: readonly number[], width = 16): string {
  const v = values.slice(-width);
  if (!v.length) return '';
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  return v.map((x) => BARS[hi > lo ? Math.round(((x - lo) / (hi - lo)) * (BARS.length - 1)) : 3]).join('');
}

const day = (t: string) => t.replace('T', ' ').slice(0, 16);
const change = (c: number | null) => (c === null ? '' : c > 0 ? `+${sig3(c)}` : c < 0 ? sig3(c) : '±0');

/** `model-lens history`: per check its runs and each key figure's trend. */
export function historyToText(trends: CheckTrend[], runs: number): string {
  if (!trends.length) return `No runs in the history yet (${runs} run${runs === 1 ? '' : 's'} read). Run 'model-lens check' to record one.\n`;
  const out: string[] = [`${runs} run${runs === 1 ? '' : 's'} in the history.`, ''];
  for (const t of trends) {
    const last = t.runs[t.runs.length - 1]!;
    out.push(`${t.title} (${t.id}) — ${t.runs.length} run${t.runs.length === 1 ? '' : 's'}, last ${last.status} at ${day(last.time)}`);
    out.push(`  statuses  ${t.runs.slice(-16).map((r) => ({ pass: '✓', warn: '!', fail: '✗', error: '?' })[r.status as 'pass'] ?? '?').join('')}`);
    const width = Math.max(...t.figures.map((f) => f.name.length), 6);
    for (const f of t.figures) out.push(`  ${f.name.padEnd(width)}  ${sparkline(f.points.map((p) => p.value)).padEnd(16)}  ${sig3(f.last).padStart(8)}  ${change(f.change)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function historyToMarkdown(trends: CheckTrend[], runs: number): string {
  const out = [`## Model Lens history (${runs} runs)`, ''];
  for (const t of trends) {
    const last = t.runs[t.runs.length - 1]!;
    out.push(`### ${markdownCell(t.title)}`, '', `${t.runs.length} runs, last **${last.status}** at ${day(last.time)}: ${markdownCell(last.summary)}`, '');
    out.push('| figure | trend | last | change |', '| --- | --- | --- | --- |');
    for (const f of t.figures) out.push(`| ${markdownCell(f.name)} | ${sparkline(f.points.map((p) => p.value))} | ${sig3(f.last)} | ${change(f.change)} |`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** One self-contained page: per check, a chart of each key figure over runs (inline SVG with text alternatives). */
export function historyToHtml(trends: CheckTrend[], runs: number): string {
  const sections = trends.map((t) => {
    const charts = t.figures.map((f) => svgChart({
      title: `${f.name} over runs`,
      description: `${f.name} over ${f.points.length} runs of ${t.title}: last ${sig3(f.last)}${f.change !== null ? `, ${change(f.change)} since the run before` : ''}.`,
      xLabel: 'run', yLabel: f.name, xTicks: f.points.map((p) => day(p.time).slice(5, 10)), xRange: [0, Math.max(1, f.points.length - 1)],
      series: [{ name: f.name, color: '#3b78c4', points: f.points.map((p, i): [number, number] => [i, p.value]), highlight: f.points.flatMap((p, i) => (p.status === 'fail' ? [i] : [])) }],
    }));
    return `<section><h2>${esc(t.title)}</h2><p class="muted">${esc(t.id)} · ${t.runs.length} runs · last ${esc(t.runs[t.runs.length - 1]!.status)}</p>${charts.map((c) => `<figure>${c}</figure>`).join('')}</section>`;
  });
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Model Lens history</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:0 auto;padding:24px}.muted{color:#555}svg text{font:12px system-ui,sans-serif;fill:#333}@media (prefers-color-scheme: dark){body{background:#1e1e1e;color:#ddd}svg text{fill:#ddd}.muted{color:#aaa}}</style>
</head><body><h1>Model Lens history</h1><p class="muted">${runs} runs. Red dots: runs where the check failed.</p>
${sections.join('\n') || '<p>No runs yet.</p>'}
</body></html>
`;
}
