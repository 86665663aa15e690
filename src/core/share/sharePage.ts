import { escapeXml as esc } from '../rules/escape';
import { STATUS_LABEL, type Verdict } from '../verdict/types';

/** A bar of the share page's chart: label, value, flagged (drawn in the status colour). */
export interface ShareBar {
  label: string;
  value: number;
  /** Text shown after the bar, e.g. "0.62×". */
  text: string;
  flagged?: boolean;
}

/** One self-contained page for non-experts: the verdict, one chart, a few tables, plain notes. */
export interface ShareDoc {
  /** What was analysed, e.g. "Bias audit of loans_reference.csv". */
  title: string;
  /** What the analysis is, in one sentence for someone who never heard of it. */
  intro: string;
  verdict: Verdict;
  chart?: { title: string; bars: ShareBar[]; line?: { value: number; label: string }; max?: number };
  tables: { title: string; head: string[]; rows: string[][] }[];
  /** How to read it, caveats, method. */
  notes: string[];
  /** Extra sections (the model card uses these), each a heading and paragraphs or a nested doc. */
  sections?: { heading: string; paragraphs: string[]; tables?: ShareDoc['tables']; chart?: ShareDoc['chart']; status?: Verdict['status'] }[];
  generated?: string;
}

const COLOUR: Record<Verdict['status'], string> = { pass: '#2e7d32', warn: '#9a6700', fail: '#c62828', error: '#616161' };

/** A horizontal bar chart as inline SVG (no script), with a reference line; the table beside it is its text alternative. */
export function barsSvg(c: NonNullable<ShareDoc['chart']>, status: Verdict['status']): string {
  const rowH = 22;
  const labelW = 220;
  const barW = 440;
  const max = c.max ?? Math.max(1e-12, ...c.bars.map((b) => b.value), c.line?.value ?? 0);
  const h = 30 + rowH * c.bars.length;
  const x = (v: number) => labelW + (barW * Math.max(0, v)) / max;
  const rows = c.bars.map((b, i) => {
    const y = 24 + i * rowH;
    return `<text x="${labelW - 6}" y="${y + 13}" text-anchor="end">${esc(b.label)}</text><rect x="${labelW}" y="${y + 2}" width="${Math.max(1, x(b.value) - labelW).toFixed(1)}" height="14" fill="${b.flagged ? COLOUR[status === 'pass' ? 'fail' : status] : '#4a78b5'}"/><text x="${(x(b.value) + 4).toFixed(1)}" y="${y + 13}">${esc(b.text)}${b.flagged ? ' ⚠' : ''}</text>`;
  });
  const line = c.line ? `<line x1="${x(c.line.value).toFixed(1)}" x2="${x(c.line.value).toFixed(1)}" y1="18" y2="${h - 4}" stroke="#333" stroke-dasharray="4 3"/><text x="${x(c.line.value).toFixed(1)}" y="13" text-anchor="middle">${esc(c.line.label)}</text>` : '';
  return `<svg role="img" aria-label="${esc(c.title)}" width="100%" viewBox="0 0 ${labelW + barW + 90} ${h}" font-size="12" font-family="system-ui, sans-serif">${rows.join('')}${line}</svg>`;
}

function table(t: ShareDoc['tables'][number]): string {
  // Escapes, not the characters: the CLI's bundle stays ASCII (src/cli/launch.ts decodes it as Latin-1).
  const num = t.head.map((_, j) => t.rows.length > 0 && t.rows.every((r) => /^[\u2212+-]?[\d.,]+(%|\u00d7)?$|^\u2014$/.test((r[j] ?? '').trim())));
  return `<h3>${esc(t.title)}</h3><table><thead><tr>${t.head.map((h, j) => `<th${num[j] ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${t.rows.map((r) => `<tr>${r.map((c, j) => `<td${num[j] ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function verdictBlock(v: Verdict): string {
  return `<section class="verdict" style="--c:${COLOUR[v.status]}"><p class="status"><span class="dot"></span>${esc(STATUS_LABEL[v.status])}</p><p class="headline">${esc(v.headline)}</p>${v.numbers.length ? `<div class="numbers">${v.numbers.map((n) => `<div><strong>${esc(n.value)}</strong><span>${esc(n.label)}</span></div>`).join('')}</div>` : ''}</section>`;
}

/**
 * The share page: one HTML file with inline CSS, no scripts and no external resources, readable printed or
 * forwarded by e-mail. Everything user-provided is escaped.
 */
export function renderSharePage(d: ShareDoc): string {
  const v = d.verdict;
  const reasons = v.reasons.length ? `<h2>Why</h2><ul>${v.reasons.slice(0, 12).map((r) => `<li>${esc(r)}</li>`).join('')}${v.reasons.length > 12 ? `<li>… and ${v.reasons.length - 12} more.</li>` : ''}</ul>` : '';
  const chart = d.chart ? `<figure><figcaption>${esc(d.chart.title)}</figcaption>${barsSvg(d.chart, v.status)}</figure>` : '';
  const sections = (d.sections ?? []).map((s) => `<section class="part"${s.status ? ` style="--c:${COLOUR[s.status]}"` : ''}><h2>${s.status ? `<span class="dot"></span>` : ''}${esc(s.heading)}</h2>${s.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}${s.chart ? `<figure><figcaption>${esc(s.chart.title)}</figcaption>${barsSvg(s.chart, s.status ?? 'pass')}</figure>` : ''}${(s.tables ?? []).map(table).join('')}</section>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(d.title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#fff;max-width:980px;margin:2em auto;padding:0 1.2em;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em}h3{font-size:1em;margin:1.2em 0 .4em}
.intro,.muted{color:#57606a}
.verdict{border:1px solid #d0d7de;border-left:8px solid var(--c);padding:.8em 1.2em;margin:1.2em 0;border-radius:4px}
.verdict .status{font-weight:700;margin:0;color:var(--c)}.dot{display:inline-block;width:.7em;height:.7em;border-radius:50%;background:var(--c);margin-right:.4em}
.verdict .headline{font-size:1.2em;font-weight:600;margin:.4em 0 .8em}
.numbers{display:flex;flex-wrap:wrap;gap:2em}.numbers div{display:flex;flex-direction:column}.numbers strong{font-size:1.3em}.numbers span{color:#57606a;font-size:.9em}
table{border-collapse:collapse;margin:.4em 0 1em}th,td{border-bottom:1px solid #d0d7de;padding:4px 10px;text-align:left;vertical-align:top}th{background:#f6f8fa}.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.4em}
.part{border-top:1px solid #d0d7de;margin-top:1.4em}
footer{margin-top:2.5em;color:#57606a;font-size:.85em}
@media print{body{margin:0}}
</style></head><body>
<h1>${esc(d.title)}</h1>
<p class="intro">${esc(d.intro)}</p>
${verdictBlock(v)}
${chart}
${reasons}
${d.tables.map(table).join('\n')}
${sections}
${d.notes.length ? `<h2>How to read this</h2><ul>${d.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<footer>Made with Model Lens${d.generated ? ` on ${esc(d.generated)}` : ''}. Computed locally; this page holds only aggregate numbers, no data rows.</footer>
</body></html>
`;
}
