import { escapeXml, escapeXmlAttr, markdownCell } from '../rules/escape';
import { healthCheckVerdict } from '../verdict/health';
import { STATUS_LABEL } from '../verdict/types';
import { HEALTH_CHECKS } from './registry';
import type { HealthReport, HealthResult } from './types';

const ORDER = { fail: 0, warn: 1, pass: 2 } as const;
const title = (id: string) => HEALTH_CHECKS.find((c) => c.id === id)?.title ?? id;
const sorted = (r: HealthReport) => r.checks.map((c, i) => ({ c, i })).sort((a, b) => ORDER[a.c.status] - ORDER[b.c.status] || a.i - b.i).map((x) => x.c);

/** One-line verdict, e.g. "2 failed, 3 warnings, 40 passed". */
export function healthVerdict(r: HealthReport): string {
  const s = r.summary;
  return `${s.fail} failed, ${s.warn} warning${s.warn === 1 ? '' : 's'}, ${s.pass} passed`;
}

/** Markdown: the one verdict, the counts, then every result (failures first) in one table. */
export function healthToMarkdown(r: HealthReport): string {
  const v = healthCheckVerdict(r); // the same status and headline as the panel, the status bar, the Checks view and the CLI's exit code
  const lines = [`# Pipeline health: ${markdownCell(r.dataset)}`, '', `**${STATUS_LABEL[v.status]}:** ${markdownCell(v.headline)}`, '', `- Baseline: ${markdownCell(r.baseline)}`, `- Checked at: ${r.now}`, `- ${healthVerdict(r)}`, ''];
  lines.push('| status | check | column | message |', '|---|---|---|---|');
  for (const c of sorted(r)) lines.push(`| ${c.status === 'pass' ? 'pass' : `**${c.status}**`} | ${markdownCell(title(c.id))} | ${c.column === null ? '—' : markdownCell(c.column)} | ${markdownCell(c.message)} |`);
  return `${lines.join('\n')}\n`;
}

/** A standalone HTML page (no scripts, no remote resources). */
export function healthToHtml(r: HealthReport): string {
  const v = healthCheckVerdict(r);
  const rows = sorted(r).map((c) => `<tr class="${c.status}"><td>${c.status}</td><td>${escapeXml(title(c.id))}</td><td>${c.column === null ? '—' : escapeXml(c.column)}</td><td>${escapeXml(c.message)}</td></tr>`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Pipeline health: ${escapeXml(r.dataset)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}tr.fail td:first-child{color:#b00;font-weight:bold}tr.warn td:first-child{color:#a60;font-weight:bold}.verdict{padding:8px 12px;border-radius:6px;display:inline-block}.verdict.fail,.verdict.error{background:#fee4e2}.verdict.warn{background:#fef0c7}.verdict.pass{background:#dcfae6}</style>
</head><body>
<h1>Pipeline health: ${escapeXml(r.dataset)}</h1>
<p class="verdict ${v.status}"><strong>${STATUS_LABEL[v.status]}:</strong> ${escapeXml(v.headline)}</p>
<p>Baseline: ${escapeXml(r.baseline)} · checked at ${escapeXml(r.now)} · <strong>${escapeXml(healthVerdict(r))}</strong></p>
<table><thead><tr><th>status</th><th>check</th><th>column</th><th>message</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
}

const caseName = (c: HealthResult) => (c.column === null ? c.id : `${c.id}/${c.column}`);

/** JUnit XML: one testcase per check (per column); 'fail' results are failures, 'warn' results pass with system-out. */
export function healthToJunit(r: HealthReport): string {
  const n = r.checks.length;
  const cases = r.checks.map((c) => {
    const name = `name="${escapeXmlAttr(caseName(c))}" classname="model-lens.health.${escapeXmlAttr(c.id)}"`;
    if (c.status === 'fail') return `    <testcase ${name}>\n      <failure message="${escapeXmlAttr(c.message)}" type="${c.severity}">${escapeXml(`observed: ${JSON.stringify(c.observed)}\nexpected: ${JSON.stringify(c.expected)}`)}</failure>\n    </testcase>`;
    if (c.status === 'warn') return `    <testcase ${name}>\n      <system-out>${escapeXml(`warning: ${c.message}`)}</system-out>\n    </testcase>`;
    return `    <testcase ${name}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="model-lens health" tests="${n}" failures="${r.summary.fail}" errors="0">`,
    `  <testsuite name="${escapeXmlAttr(r.dataset)}" tests="${n}" failures="${r.summary.fail}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
