import { formatRate, formatValue, markdownCell, markdownCode } from './escape';
import type { RulesReport } from './validate';
import { own } from '../dict';

/**
 * The rules report as GitHub-flavoured Markdown: a summary line, one table row per rule (status, id, severity,
 * violations, applicable rows, rate, allowed rate, expression), then the example rows of each rule that has
 * violations. Every cell is escaped (pipes, line breaks, `<`/`>`), expressions are code spans.
 */
export function rulesToMarkdown(report: RulesReport): string {
  const { summary } = report;
  const lines = [
    `# Rules: ${markdownCell(report.dataset)}`,
    '',
    summary.failed === 0 ? `All ${summary.rules} rules passed.` : `**${summary.failed} of ${summary.rules} rules failed**, ${summary.passed} passed.`,
    '',
    '| Status | Rule | Severity | Violations | Rows | Rate | Max rate | Expression |',
    '|---|---|---|---:|---:|---:|---:|---|',
  ];
  for (const r of report.rules) {
    const expr = r.when === undefined ? markdownCode(r.expr) : `${markdownCode(r.expr)} when ${markdownCode(r.when)}`;
    const status = r.status === 'fail' ? '❌ fail' : '✅ pass';
    lines.push(`| ${status} | ${markdownCell(r.id)} | ${r.severity} | ${r.violations} | ${r.rows} | ${formatRate(r.rate)} | ${formatRate(r.maxRate)} | ${expr} |`);
  }
  const withExamples = report.rules.filter((r) => r.examples.length > 0);
  if (withExamples.length > 0) lines.push('', '## Examples', '', 'Row numbers count data rows from 1, header excluded.');
  for (const r of withExamples) {
    const cols = Object.keys(r.examples[0]!.values);
    lines.push('', `### ${markdownCell(r.id)} (${r.status})`, '', `| Row | ${cols.map(markdownCell).join(' | ')} |`, `|---:|${cols.map(() => '---|').join('')}`);
    for (const ex of r.examples) lines.push(`| ${ex.row} | ${cols.map((c) => markdownCell(formatValue(own(ex.values, c)))).join(' | ')} |`);
    if (r.violations > r.examples.length) lines.push('', `First ${r.examples.length} of ${r.violations} violating rows.`);
  }
  return `${lines.join('\n')}\n`;
}
