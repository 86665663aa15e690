import { escapeHtml as e } from '../drift/driftHtml';
import { formatNumber as f } from '../profile/formatNumber';
import { biasVerdict } from '../verdict/bias';
import { STATUS_LABEL } from '../verdict/types';
import type { CheckedBiasReport } from './checks';
import { CHART_METRICS, pivotIntersection } from './pivot';
import type { AttributeReport } from './report';
import type { SweepPoint } from './sweep';
import { own } from '../dict';

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff;max-width:1100px}
table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.fail{color:#b42318;font-weight:600}.pass{color:#1a7f37}
.verdict{padding:8px 12px;border-radius:6px;display:inline-block}.verdict.fail,.verdict.error{background:#fee4e2}.verdict.warn{background:#fef0c7}.verdict.pass{background:#dcfae6}
.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-weight:600}svg{display:block}svg text{font:11px system-ui,sans-serif;fill:#1f2328}`;
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
const num = (v: unknown) => (typeof v === 'number' ? f(v) : '—');
const r1 = (x: number) => Math.round(x * 10) / 10;

/** Horizontal bars of one metric by group, CI whiskers when present, a dashed line at the overall value. */
function barChart(a: AttributeReport, id: string, label: string): string {
  const groups = a.groups;
  const lw = 150, w = 220, rowH = 18, top = 16;
  const h = top + groups.length * rowH + 4;
  const x = (v: number) => r1(lw + Math.max(0, Math.min(1, v)) * w);
  const parts: string[] = [`<text x="${lw}" y="11">0</text><text x="${lw + w - 6}" y="11">1</text>`];
  groups.forEach((g, i) => {
    const y = top + i * rowH;
    const v = own(g, id);
    parts.push(`<text x="${lw - 4}" y="${y + 12}" text-anchor="end">${e(g.group.length > 24 ? `${g.group.slice(0, 23)}…` : g.group)}</text>`);
    if (typeof v !== 'number') {
      parts.push(`<text x="${lw + 2}" y="${y + 12}">undefined</text>`);
      return;
    }
    const ci = own(g['ci'] as Record<string, [number, number]> | undefined, id);
    const title = `${g.group}: ${label.toLowerCase()} ${f(v)}${ci ? ` (CI ${f(ci[0])} to ${f(ci[1])})` : ''}, n=${g.n}${g.small ? ', small group' : ''}`;
    parts.push(`<rect x="${lw}" y="${y + 3}" width="${r1(x(v) - lw)}" height="${rowH - 6}" fill="${g.small ? '#bab0ac' : PALETTE[0]}"><title>${e(title)}</title></rect>`);
    if (ci) {
      const my = y + rowH / 2;
      parts.push(`<path d="M${x(ci[0])} ${my}H${x(ci[1])}M${x(ci[0])} ${my - 4}V${my + 4}M${x(ci[1])} ${my - 4}V${my + 4}" stroke="#1f2328" stroke-width="1.2" class="whisker"/>`);
    }
  });
  const ov = own(a.overall, id);
  if (typeof ov === 'number') parts.push(`<line x1="${x(ov)}" x2="${x(ov)}" y1="${top - 2}" y2="${h}" stroke="#b42318" stroke-dasharray="4 3" class="reference"><title>overall ${e(f(ov))}</title></line>`);
  return `<figure><figcaption>${e(label)}</figcaption><svg width="${lw + w + 10}" height="${h}" role="img" aria-label="${e(`${label} by ${a.attribute}`)}">${parts.join('')}</svg></figure>`;
}

/** Selection rate against the threshold, one line per group (small groups included), a vertical line at the chosen threshold. */
function sweepChart(points: SweepPoint[], threshold: number | null, attribute: string): string {
  const W = 420, H = 220, L = 36, B = 24;
  const px = (t: number) => r1(L + t * (W - L - 10));
  const py = (v: number) => r1(H - B - v * (H - B - 10));
  const names = points[0]?.groups.map((g) => g.group) ?? [];
  const parts = [`<path d="M${L} ${H - B}H${W - 10}M${L} ${H - B}V10" stroke="#57606a" fill="none"/><text x="${L}" y="${H - 6}">0</text><text x="${W - 20}" y="${H - 6}">1</text><text x="4" y="14">1</text><text x="${L + 120}" y="${H - 6}">threshold → selection rate</text>`];
  names.forEach((name, gi) => {
    const pts = points.flatMap((p) => { const v = p.groups[gi]?.selectionRate; return typeof v === 'number' ? [`${px(p.threshold)},${py(v)}`] : []; });
    if (pts.length > 1) parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${PALETTE[gi % PALETTE.length]}" stroke-width="1.5"><title>${e(name)}</title></polyline>`);
  });
  if (threshold !== null) parts.push(`<line x1="${px(threshold)}" x2="${px(threshold)}" y1="10" y2="${H - B}" stroke="#b42318" stroke-dasharray="4 3"/>`);
  const legend = names.map((n, i) => `<span style="color:${PALETTE[i % PALETTE.length]}">■</span> ${e(n)}`).join(' ');
  return `<figure><svg width="${W}" height="${H}" role="img" aria-label="${e(`threshold sweep for ${attribute}`)}">${parts.join('')}</svg><figcaption>${legend}</figcaption></figure>`;
}

/** White (t = 0) to blue (t = 1) background, t the value's position between the grid's lowest and highest value. */
const heat = (t: number | null) => (t === null ? '#f6f8fa' : `rgb(${Math.round(255 - 177 * t)},${Math.round(255 - 134 * t)},${Math.round(255 - 88 * t)})`);

/**
 * The bias audit as one self-contained HTML page (inline CSS and SVG, no scripts, no external resources;
 * every string from the data escaped): checks and findings first, then per attribute bar charts of the
 * group metrics with CI whiskers and the overall value as reference line, the metric tables, heatmaps of
 * two-attribute intersections and, for scores, the threshold sweep.
 */
export function biasToHtml(r: CheckedBiasReport): string {
  const v = biasVerdict(r); // the same status and headline as the panel, the Checks view and the CLI's exit code
  const model = r.score !== null ? `score ${e(r.score)} ≥ ${r.threshold ?? ''}` : `prediction ${e(r.prediction ?? '')}`;
  const out = [`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Bias audit</title><style>${CSS}</style></head><body>`,
    '<h1>Bias audit</h1>', `<p class="verdict ${v.status}"><strong>${STATUS_LABEL[v.status]}:</strong> ${e(v.headline)}</p>`, `<p>${e(r.dataset)} — ${r.rows} rows${r.droppedRows ? ` (${r.droppedRows} dropped: missing label or prediction)` : ''}. Label ${e(r.label)} (favourable: ${e(r.favorable)}), ${model}; minimum group size ${r.minGroupSize}.${r.bootstrap ? ` Intervals: ${Math.round(r.bootstrap.level * 100)}% ${e(r.bootstrap.method)}, ${r.bootstrap.draws} draws, seed ${r.bootstrap.seed}.` : ''}</p>`,
    '<h2>Findings</h2>', ...r.attributes.map((a) => `<h3>${e(a.attribute)}</h3><ul>${a.findings.map((s) => `<li>${e(s)}</li>`).join('')}</ul>`),
    '<h2>Checks</h2><table><thead><tr><th>check</th><th>attribute</th><th>value</th><th>result</th></tr></thead><tbody>',
    ...r.checks.map((c) => `<tr><td>${e(c.check)}</td><td>${e(c.attribute)}</td><td class="n">${num(c.value)}</td><td class="${c.status === 'fail' ? 'fail' : 'pass'}">${c.status === 'notEvaluated' ? `not evaluated${c.note ? `: ${e(c.note)}` : ''}` : c.status}</td></tr>`), '</tbody></table>'];
  out.push('<h2>Metrics by group</h2><p>Bars: group value; whiskers: bootstrap interval (when computed); dashed red line: overall value. Grey bars: groups below the minimum size.</p>');
  for (const a of r.attributes) {
    out.push(`<h3>${e(a.attribute)}</h3><p>Reference group: ${a.reference.group === null ? 'none' : e(a.reference.group)} (${a.reference.chosen === 'given' ? 'given' : 'highest selection rate'}).</p><div class="charts">`, ...CHART_METRICS.map((m) => barChart(a, m.id, m.label)), '</div>');
  }
  out.push('<h2>Metric table</h2><table><thead><tr><th>metric</th>', ...r.attributes.map((a) => `<th>${e(a.attribute)}</th>`), '</tr></thead><tbody>');
  for (const id of Object.keys(r.attributes[0]?.metrics ?? {})) {
    out.push(`<tr><td>${e(id)}</td>${r.attributes.map((a) => { const ci = own(a.metricCi, id); return `<td class="n" title="${e(own(a.metricNotes, id) ?? '')}">${num(own(a.metrics, id))}${ci ? ` [${f(ci[0])}, ${f(ci[1])}]` : ''}</td>`; }).join('')}</tr>`);
  }
  out.push('</tbody></table>');
  for (const a of r.attributes) {
    const p = pivotIntersection(a, 'selectionRate');
    if (!p) continue;
    const defined = p.cells.flat().filter((v): v is number => v !== null);
    const lo = Math.min(...defined), hi = Math.max(...defined);
    const pos = (v: number | null) => (v === null ? null : hi > lo ? (v - lo) / (hi - lo) : 0.5);
    out.push(`<h2>Selection rate by ${e(p.rowAttribute)} × ${e(p.columnAttribute)}</h2><p>Colour from the lowest (${num(defined.length ? lo : null)}, white) to the highest (${num(defined.length ? hi : null)}, blue) selection rate in the grid; — marks groups below the minimum size.</p><table class="heatmap"><thead><tr><th>${e(p.rowAttribute)} \\ ${e(p.columnAttribute)}</th>${p.columns.map((c) => `<th>${e(c)}</th>`).join('')}</tr></thead><tbody>`);
    p.rows.forEach((row, i) => out.push(`<tr><th>${e(row)}</th>${p.columns.map((_c, j) => { const v = p.cells[i]?.[j] ?? null; const t = pos(v); return `<td class="n" style="background:${heat(t)};color:${t !== null && t > 0.6 ? '#fff' : '#1f2328'}">${num(v)}<br><small>n=${p.n[i]?.[j] ?? 0}</small></td>`; }).join('')}</tr>`));
    out.push('</tbody></table>');
  }
  for (const a of r.attributes) {
    if (!a.thresholdSweep || a.thresholdSweep.length === 0 || a.attribute.includes(' & ')) continue;
    out.push(`<h2>Threshold sweep: ${e(a.attribute)}</h2>`, sweepChart(a.thresholdSweep, r.threshold, a.attribute));
  }
  out.push('</body></html>');
  return out.join('\n');
}
