import { categoryListText } from './categoryLists';
import { formatNumber as f } from '../profile/formatNumber';
import { driftVerdict } from '../verdict/drift';
import { STATUS_LABEL } from '../verdict/types';
import type { ColumnDrift, Distribution, DriftReport } from './driftReport';

import { escapeHtml } from '../render/escape';
import { sketchNotes } from './sketchNotes';

/** Re-exported for the renderers that import it from here; the escaper itself is src/core/render/escape.ts. */
export { escapeHtml };
const e = escapeHtml;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff}
table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.yes{color:#b42318;font-weight:600}.no{color:#1a7f37}
.verdict{padding:8px 12px;border-radius:6px;display:inline-block}.verdict.fail,.verdict.error{background:#fee4e2}.verdict.warn{background:#fef0c7}.verdict.pass{background:#dcfae6}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}svg{display:block}`;
const REF = '#4e79a7';
const CUR = '#f28e2b';

/** Paired bars (reference, current) per bin or category, as inline SVG; a <title> on each bar gives the value. */
function bars(d: Distribution | undefined): string {
  if (!d || d.reference.length === 0) return '';
  const n = d.reference.length;
  const labels = d.type === 'bins' ? d.reference.map((_x, i) => `[${f(d.edges[i])}, ${f(d.edges[i + 1])}${i === n - 1 ? ']' : ')'}`) : d.categories;
  const max = Math.max(...d.reference, ...d.current, 1e-12);
  const w = Math.max(4, Math.min(24, Math.floor(240 / n)));
  const h = 60;
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = i * (2 * w + 2);
    for (const [k, v, color] of [[0, d.reference[i]!, REF], [1, d.current[i]!, CUR]] as const) {
      const bh = Math.round((v / max) * h * 10) / 10;
      parts.push(`<rect x="${x + k * w}" y="${h - bh}" width="${w}" height="${bh}" fill="${color}"><title>${e(labels[i] ?? '')}: ${k ? 'current' : 'reference'} ${pct(v)}</title></rect>`);
    }
  }
  return `<svg width="${n * (2 * w + 2)}" height="${h}" role="img" aria-label="reference vs current distribution">${parts.join('')}</svg>`;
}

function rows(columns: ColumnDrift[]): string {
  return columns.map((c) => {
    const d = c.details;
    const status = d.error ? `<td>error: ${e(d.error.message)}</td>` : c.approximate?.decision === 'undecided' ? '<td class="yes">undecided (within the sketch error)</td>' : `<td class="${c.drifted ? 'yes' : 'no'}">${c.drifted ? 'drifted' : 'no'}</td>`;
    const a = c.approximate ? '≈&nbsp;' : '';
    const cats = [d.unseenCategories?.length ? `unseen: ${e(categoryListText(d.unseenCategories, d.unseenCategoryCount))}` : '', d.vanishedCategories?.length ? `vanished: ${e(categoryListText(d.vanishedCategories, d.vanishedCategoryCount))}` : ''].filter(Boolean).join('<br>');
    return `<tr><td>${e(c.column)}</td><td>${e(c.kind)}</td><td>${e(c.test)}</td><td class="n">${a}${e(f(c.statistic))}</td><td class="n">${c.pValue === null ? '' : a}${e(f(c.pValue))}</td><td class="n">${e(f(c.threshold))}</td>${status}<td class="n">${pct(d.referenceMissingRate)} → ${pct(d.currentMissingRate)}</td><td>${cats}</td><td>${bars(d.distribution)}</td></tr>`;
  }).join('\n');
}

function table(columns: ColumnDrift[]): string {
  return `<table><thead><tr><th>column</th><th>kind</th><th>test</th><th>statistic</th><th>p-value</th><th>threshold</th><th>drift</th><th>missing (ref → cur)</th><th>categories</th><th>distribution</th></tr></thead><tbody>\n${rows(columns)}\n</tbody></table>`;
}

/**
 * The drift report as one self-contained HTML page: inline CSS, inline SVG charts, no scripts, no external
 * resources. Every string from the data (paths, column names, categories, messages) goes through escapeHtml.
 */
export function driftToHtml(r: DriftReport): string {
  const side = (s: DriftReport['reference']) => `${e(s.path)} — ${s.rows} rows${s.start ? ` (${e(s.start)} to ${e(s.end ?? '')})` : ''}`;
  const d = r.dataset;
  const v = driftVerdict(r); // the same status and headline as the panel, the Checks view and the CLI's exit code
  const out = [`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Drift report</title><style>${CSS}</style></head><body>`,
    '<h1>Drift report</h1>', `<p class="verdict ${v.status}"><strong>${STATUS_LABEL[v.status]}:</strong> ${e(v.headline)}</p>`,
    `<p>Reference: ${side(r.reference)}<br>Current: ${side(r.current)}<br>${d.drifted ? 'Dataset drift' : 'No dataset drift'} over all rows: ${d.driftedColumns} of ${d.totalColumns} columns drifted (${pct(d.share)}; dataset drift at ${pct(d.driftShare)} or more)</p>`,
    `<p class="legend"><span style="background:${REF}"></span>reference<span style="background:${CUR}"></span>current</p>`,
    '<h2>Columns</h2>', table(r.columns)];
  if (r.target) out.push('<h2>Target drift</h2>', table([r.target]));
  if (r.prediction) out.push('<h2>Prediction drift</h2>', table([r.prediction]));
  if (r.windows && r.windowing) {
    out.push(`<h2>Drift over time</h2><p>${e(r.windowing.window)} windows of '${e(r.windowing.timeColumn)}', each compared with the ${e(r.windowing.reference)}.${r.windowing.rowsWithoutTime ? ` ${r.windowing.rowsWithoutTime} rows without a time are in no window.` : ''}</p>`);
    out.push('<table><thead><tr><th>start</th><th>end</th><th>rows</th><th>drifted columns</th><th>dataset drift</th><th>drifted</th></tr></thead><tbody>');
    for (const w of r.windows) {
      out.push(`<tr><td>${e(w.start)}</td><td>${e(w.end)}</td><td class="n">${w.rows}</td><td class="n">${w.dataset.driftedColumns}/${w.dataset.totalColumns}</td><td class="${w.dataset.drifted ? 'yes' : 'no'}">${w.dataset.drifted ? 'yes' : 'no'}</td><td>${e(w.columns.filter((c) => c.drifted).map((c) => c.column).join(', '))}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  if (r.approximate) out.push('<h2>Figures from sketches</h2><ul>', ...sketchNotes(r).map((l) => `<li>${e(l.trim())}</li>`), '</ul>');
  if (r.skipped.length) out.push('<h2>Not tested</h2><ul>', ...r.skipped.map((s) => `<li>${e(s.column)}: ${e(s.reason)}</li>`), '</ul>');
  if (r.issues.length) out.push('<h2>Issues</h2><ul>', ...r.issues.map((i) => `<li><b>${e(i.severity)}</b> ${e(i.message)}</li>`), '</ul>');
  out.push('</body></html>');
  return out.join('\n');
}
