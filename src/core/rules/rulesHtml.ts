import { escapeXml as esc, formatRate, formatValue } from './escape';
import { tableExamples, type RuleResult, type RulesReport } from './validate';
import { own } from '../dict';

const CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0; --fail: #cf222e; --pass: #1a7f37; --code: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --fail: #f85149; --pass: #3fb950; --code: #151b23; } }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.4rem; word-break: break-all; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code { background: var(--code); padding: .1rem .3rem; border-radius: 4px; white-space: pre-wrap; word-break: break-word; }
.fail { color: var(--fail); font-weight: 600; } .pass { color: var(--pass); font-weight: 600; } .muted { color: var(--muted); }
`;

/**
 * The rules report as one self-contained HTML page: inline CSS (light and dark), no scripts, no external
 * resources, and every string from the report or the data escaped (escape.ts), so a hostile column value or rule
 * id shows as text.
 */
export function rulesToHtml(report: RulesReport): string {
  const { summary } = report;
  const verdict = summary.failed === 0 ? `<span class="pass">All ${summary.rules} rules passed.</span>` : `<span class="fail">${summary.failed} of ${summary.rules} rules failed</span>, ${summary.passed} passed.`;
  const rows = report.rules.map((r) => `<tr><td class="${r.status}">${r.status}</td><td>${esc(r.id)}</td><td>${r.severity}</td><td class="num">${r.violations}</td><td class="num">${r.rows}</td><td class="num">${formatRate(r.rate)}</td><td class="num">${formatRate(r.maxRate)}</td><td>${expression(r)}</td></tr>`);
  const examples = report.rules.filter((r) => r.examples.length > 0).map(exampleTable);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Rules: ${esc(report.dataset)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>Rules: ${esc(report.dataset)}</h1>
<p>${verdict}</p>
<table>
<thead><tr><th>Status</th><th>Rule</th><th>Severity</th><th class="num">Violations</th><th class="num">Rows</th><th class="num">Rate</th><th class="num">Max rate</th><th>Expression</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
${examples.length > 0 ? `<h2>Examples</h2>\n<p class="muted">${report.rules.some(tableExamples) ? 'A table has no row numbers: each example is a violating combination of values with the number of violating rows holding it, most frequent first.' : 'Row numbers count data rows from 1, header excluded.'}</p>\n${examples.join('\n')}` : ''}
</body>
</html>
`;
}

function expression(r: RuleResult): string {
  const desc = r.description === undefined ? '' : `<div class="muted">${esc(r.description)}</div>`;
  return `<code>${esc(r.expr)}</code>${r.when === undefined ? '' : ` when <code>${esc(r.when)}</code>`}${desc}`;
}

function exampleTable(r: RuleResult): string {
  const cols = Object.keys(r.examples[0]!.values);
  const table = tableExamples(r);
  const head = `<tr><th class="num">${table ? 'Violating rows' : 'Row'}</th>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  const body = r.examples.map((ex) => `<tr><td class="num">${(table ? ex.count : ex.row) ?? ''}</td>${cols.map((c) => `<td>${esc(formatValue(own(ex.values, c)))}</td>`).join('')}</tr>`);
  const more = !table && r.violations > r.examples.length ? `<p class="muted">First ${r.examples.length} of ${r.violations} violating rows.</p>` : '';
  return `<h3>${esc(r.id)} <span class="${r.status}">${r.status}</span></h3>\n<table>\n<thead>${head}</thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>\n${more}`;
}
