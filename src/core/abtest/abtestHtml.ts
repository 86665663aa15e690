import { abtestVerdict } from '../verdict/abtest';
import { STATUS_LABEL } from '../verdict/types';
import { escapeHtml as e } from '../drift/driftHtml';
import { formatNumber as f } from '../profile/formatNumber';
import { ACTION_LABEL, fp, pct } from './abtestMarkdown';
import type { AbtestReport, MetricComparison } from './types';

const CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1f2328;background:#fff;max-width:1100px}
table{border-collapse:collapse;margin:8px 0 20px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.warn{color:#b42318;font-weight:600}
.decision{padding:10px 14px;border-radius:6px;font-size:18px;font-weight:700;display:inline-block}.ship{background:#dcfae6}.dont-ship,.investigate-srm{background:#fee4e2}.keep-running{background:#fef0c7}
svg text{font:11px system-ui,sans-serif;fill:#1f2328}`;

/** Relative-lift CI bars for every comparison, a zero line, on one shared axis. */
function liftChart(rows: MetricComparison[]): string {
  const withCi = rows.filter((m) => m.relativeCi && m.relativeLift !== null);
  if (!withCi.length) return '';
  const lw = 200, w = 420, rowH = 22, top = 18;
  const lo = Math.min(0, ...withCi.map((m) => m.relativeCi![0]));
  const hi = Math.max(0, ...withCi.map((m) => m.relativeCi![1]));
  const x = (v: number) => Math.round((lw + ((v - lo) / (hi - lo || 1)) * w) * 10) / 10;
  const parts = [`<text x="${lw}" y="12">${e(pct(lo))}</text><text x="${lw + w - 40}" y="12">${e(pct(hi))}</text>`, `<line x1="${x(0)}" x2="${x(0)}" y1="${top}" y2="${top + withCi.length * rowH}" stroke="#888" stroke-dasharray="3 3"/>`];
  withCi.forEach((m, i) => {
    const y = top + i * rowH + rowH / 2;
    const colour = m.significant ? (m.diff > 0 ? '#1a7f37' : '#b42318') : '#4e79a7';
    parts.push(`<text x="${lw - 6}" y="${y + 4}" text-anchor="end">${e(`${m.metric} · ${m.variant}`)}</text>`);
    parts.push(`<path d="M${x(m.relativeCi![0])} ${y}H${x(m.relativeCi![1])}" stroke="${colour}" stroke-width="6" opacity="0.5"><title>${e(`${m.metric} ${m.variant}: ${pct(m.relativeLift)} (95% CI ${pct(m.relativeCi![0])} to ${pct(m.relativeCi![1])})`)}</title></path><circle cx="${x(m.relativeLift!)}" cy="${y}" r="4" fill="${colour}"/>`);
  });
  return `<svg width="${lw + w + 20}" height="${top + withCi.length * rowH + 6}" role="img" aria-label="relative lift with 95% CI">${parts.join('')}</svg>`;
}

function table(rows: MetricComparison[], guard: boolean): string {
  const head = ['metric', 'variant', 'control', 'treatment', 'diff', '95% CI', 'relative lift', 'p', 'p (Holm)', guard ? 'breached' : 'significant', 'sequential p'];
  return `<table><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.map((m) => `<tr><td>${e(m.metric)}</td><td>${e(m.variant)}</td><td class="n">${f(m.control.mean)}</td><td class="n">${f(m.treatment.mean)}</td><td class="n">${f(m.diff)}</td><td>[${f(m.ci[0])}, ${f(m.ci[1])}]</td><td class="n">${pct(m.relativeLift)}</td><td class="n">${fp(m.pValue)}</td><td class="n">${fp(m.pAdjusted)}</td><td${(guard ? (m as { breached?: boolean }).breached : false) ? ' class="warn"' : ''}>${guard ? ((m as { breached?: boolean }).breached ? 'yes' : 'no') : m.significant ? 'yes' : 'no'}</td><td class="n">${m.sequential ? fp(m.sequential.pValue) : '—'}</td></tr>`).join('')}</table>`;
}

/** One self-contained HTML file (no scripts, no remote resources). */
export function abtestToHtml(r: AbtestReport): string {
  const d = r.decision;
  const body = [
    `<h1>A/B test: ${e(r.dataset)}</h1>`,
    `<p class="verdict"><strong>${STATUS_LABEL[abtestVerdict(r).status]}:</strong> ${e(abtestVerdict(r).headline)}</p>`,
    `<p class="decision ${d.action}">${ACTION_LABEL[d.action]}${d.variant ? `: ${e(d.variant)}` : ''}</p>`,
    `<ul>${d.reasons.map((x) => `<li>${e(x)}</li>`).join('')}</ul>`,
    `<h2>Sample ratio</h2><p${r.srm.detected ? ' class="warn"' : ''}>${r.variants.map((v) => `${e(v.name)} ${v.n}`).join(' · ')} — χ² p = ${fp(r.srm.pValue)}: ${r.srm.detected ? 'sample ratio mismatch detected' : 'no mismatch'}</p>`,
    '<h2>Relative lift (95% CI)</h2>', liftChart([...r.metrics, ...r.guardrails]),
    '<h2>Metrics</h2>', table(r.metrics, false),
    r.guardrails.length ? `<h2>Guardrails</h2>${table(r.guardrails, true)}` : '',
    ...r.segments.map((s) => `<h2>${e(s.metric)} by ${e(s.segment)}: ${e(s.variant)}</h2>${s.warning ? `<p class="warn">${e(s.warning)}</p>` : ''}<table><tr><th>level</th><th>n control</th><th>n treatment</th><th>diff</th><th>95% CI</th><th>relative lift</th><th>p</th></tr>${s.rows.map((x) => `<tr><td${x.disagrees ? ' class="warn"' : ''}>${e(x.level)}</td><td class="n">${x.nControl}</td><td class="n">${x.nTreatment}</td><td class="n">${f(x.diff)}</td><td>[${f(x.ci[0])}, ${f(x.ci[1])}]</td><td class="n">${pct(x.relativeLift)}</td><td class="n">${fp(x.pValue)}</td></tr>`).join('')}</table>`),
    r.issues.length ? `<h2>Data issues</h2><ul>${r.issues.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : '',
  ];
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A/B test: ${e(r.dataset)}</title><style>${CSS}</style></head><body>${body.join('\n')}</body></html>\n`;
}
