import { formatRate, formatValue, markdownCell, markdownCode } from './escape';
import { tableExamples, type RulesReport } from './validate';
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
  const onTable = withExamples.some(tableExamples);
  if (withExamples.length > 0) lines.push('', '## Examples', '', onTable ? 'A table has no row numbers: each example is a violating combination of values with the number of violating rows holding it, most frequent first.' : 'Row numbers count data rows from 1, header excluded.');
  for (const r of withExamples) {
    const cols = Object.keys(r.examples[0]!.values);
    const table = tableExamples(r);
    lines.push('', `### ${markdownCell(r.id)} (${r.status})`, '', `| ${table ? 'Violating rows' : 'Row'} | ${cols.map(markdownCell).join(' | ')} |`, `|---:|${cols.map(() => '---|').join('')}`);
    for (const ex of r.examples) lines.push(`| ${table ? ex.count ?? '' : ex.row ?? ''} | ${cols.map((c) => markdownCell(formatValue(own(ex.values, c)))).join(' | ')} |`);
    if (!table && r.violations > r.examples.length) lines.push('', `First ${r.examples.length} of ${r.violations} violating rows.`);
    if (table && r.violations > r.examples.reduce((n, ex) => n + (ex.count ?? 0), 0)) lines.push('', `The ${r.examples.length} most frequent violating value combinations of ${r.violations} violating rows.`);
  }
  return `${lines.join('\n')}\n`;
}
