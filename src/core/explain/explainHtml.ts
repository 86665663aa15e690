import { methodDescription } from './explainMarkdown';
import type { ExplainDocument } from './explainDocument';
import { waterfall } from './explainDocument';
import { escapeHtml } from '../render/escape';

const SENTENCE_ROWS = 1000;

/** Escapes text for HTML element content and quoted attributes. */
const e = escapeHtml;
const num = (x: number): string => String(Number(x.toPrecision(4)));
const r1 = (x: number): number => Math.round(x * 10) / 10;

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff}
table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}svg{display:block;margin:8px 0 20px}svg text{font:12px system-ui,sans-serif}`;
const UP = '#d1495b';
const DOWN = '#3a7ca5';
const LABEL_W = 220;
const PLOT_W = 420;
const BAR_H = 20;

/** Waterfall of the first row as inline SVG: one bar per step from the running total before to after it. */
function waterfallSvg(d: ExplainDocument): string {
  if (d.rows.length === 0) return '';
  const row = d.rows[0]!;
  const cls = Array.isArray(row.prediction) ? row.prediction.indexOf(Math.max(...row.prediction)) : 0;
  const w = waterfall(d, 0, cls);
  const xs = [w.base, w.end, ...w.steps.flatMap((s) => [s.from, s.to])];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const x = (v: number): number => r1(LABEL_W + ((v - lo) / (hi - lo || 1)) * PLOT_W);
  const parts: string[] = [];
  const line = (i: number, label: string, v: number): void => {
    parts.push(`<text x="${LABEL_W - 6}" y="${i * BAR_H + 14}" text-anchor="end">${e(label)}</text><line x1="${x(v)}" x2="${x(v)}" y1="${i * BAR_H + 2}" y2="${i * BAR_H + BAR_H - 2}" stroke="#1f2328" stroke-width="2"/><text x="${x(v) + 4}" y="${i * BAR_H + 14}">${num(v)}</text>`);
  };
  line(0, 'base value', w.base);
  w.steps.forEach((s, k) => {
    const y = (k + 1) * BAR_H;
    const a = x(Math.min(s.from, s.to));
    const b = x(Math.max(s.from, s.to));
    parts.push(`<text x="${LABEL_W - 6}" y="${y + 14}" text-anchor="end">${e(s.label)}</text><rect x="${a}" y="${y + 3}" width="${Math.max(1, r1(b - a))}" height="${BAR_H - 6}" fill="${s.contribution >= 0 ? UP : DOWN}"><title>${e(s.label)}: ${s.contribution >= 0 ? '+' : ''}${num(s.contribution)}</title></rect><text x="${r1(b + 4)}" y="${y + 14}">${s.contribution >= 0 ? '+' : ''}${num(s.contribution)}</text>`);
  });
  line(w.steps.length + 1, 'margin f(x)', w.end);
  const h = (w.steps.length + 2) * BAR_H;
  return `<h2>Row ${row.index}${Array.isArray(row.prediction) ? ` (class ${cls})` : ''}: waterfall</h2><p>${e(row.sentence)}</p><svg width="${LABEL_W + PLOT_W + 80}" height="${h}" role="img" aria-label="waterfall of row ${row.index}">${parts.join('')}</svg>`;
}

/** Global importance (mean |contribution|) as horizontal bars. */
function importanceSvg(d: ExplainDocument): string {
  const max = Math.max(1e-12, ...d.global.map((g) => g.meanAbs));
  const bars = d.global.map((g, i) => {
    const len = r1((g.meanAbs / max) * PLOT_W);
    return `<text x="${LABEL_W - 6}" y="${i * BAR_H + 14}" text-anchor="end">${e(g.feature)}</text><rect x="${LABEL_W}" y="${i * BAR_H + 3}" width="${Math.max(1, len)}" height="${BAR_H - 6}" fill="${DOWN}"><title>${e(g.feature)}: ${num(g.meanAbs)}</title></rect><text x="${r1(LABEL_W + len + 4)}" y="${i * BAR_H + 14}">${num(g.meanAbs)}</text>`;
  });
  return `<svg width="${LABEL_W + PLOT_W + 80}" height="${d.global.length * BAR_H}" role="img" aria-label="global importance">${bars.join('')}</svg>`;
}

/**
 * The explanation as one self-contained HTML page: inline CSS and SVG (waterfall of the first row, global
 * importance bars), a sentence per row; no scripts, no external resources. Every string is escaped.
 */
export function explainToHtml(d: ExplainDocument): string {
  const unit = d.unit ? ` (${e(d.unit)})` : '';
  const base = Array.isArray(d.baseValue) ? d.baseValue.map(num).join(', ') : num(d.baseValue);
  const pred = (p: number | number[]): string => (Array.isArray(p) ? p.map(num).join(', ') : num(p));
  const rows = d.rows.slice(0, SENTENCE_ROWS).map((r) => `<tr><td class="n">${r.index}</td><td class="n">${pred(r.prediction)}</td><td>${e(r.sentence)}</td></tr>`);
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Explanation: ${e(d.model)}</title><style>${CSS}</style></head><body>
<h1>Explanation: ${e(d.model)} on ${e(d.dataset)}</h1>
<p>Method: ${e(methodDescription(d))}. Contributions in ${e(d.output)}${unit}; base value ${base}. ${d.rows.length} rows explained; additivity error ${d.additivity.maxAbsError.toExponential(2)}.</p>
${waterfallSvg(d)}
<h2>Global importance (mean |contribution|${unit})</h2>
${importanceSvg(d)}
<h2>Rows</h2>
<table><thead><tr><th>row</th><th>prediction</th><th>explanation</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>${d.rows.length > SENTENCE_ROWS ? `<p>${d.rows.length - SENTENCE_ROWS} more rows in the JSON output.</p>` : ''}
</body></html>
`;
}
