import { escapeXml, escapeXmlAttr, formatRate, formatValue } from './escape';
import { exampleWhere, type RuleResult, type RulesReport } from './validate';

/**
 * The rules report as JUnit XML (the Ant/Jenkins schema CI systems read): one `<testsuite>` for the dataset with
 * one `<testcase>` per rule; a failing rule carries a `<failure type="<severity>">` whose message states the
 * violation count and rate and whose body lists the example rows. Every string is XML-escaped (escape.ts).
 */
export function rulesToJunit(report: RulesReport): string {
  const { summary } = report;
  const suiteAttrs = `name="${escapeXmlAttr(report.dataset)}" tests="${summary.rules}" failures="${summary.failed}" errors="0" skipped="0"`;
  const cases = report.rules.map((r) => {
    const name = `name="${escapeXmlAttr(r.id)}" classname="model-lens.rules"`;
    if (r.status === 'pass') return `    <testcase ${name}/>`;
    return [
      `    <testcase ${name}>`,
      `      <failure message="${escapeXmlAttr(failureMessage(r))}" type="${r.severity}">${escapeXml(failureBody(r))}</failure>`,
      '    </testcase>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="model-lens validate" tests="${summary.rules}" failures="${summary.failed}" errors="0">`,
    `  <testsuite ${suiteAttrs}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function failureMessage(r: RuleResult): string {
  return `${r.violations} of ${r.rows} rows (${formatRate(r.rate)}) violate ${r.expr}; at most ${formatRate(r.maxRate)} allowed`;
}

function failureBody(r: RuleResult): string {
  const head = [`rule: ${r.id}`, `expr: ${r.expr}`, ...(r.when === undefined ? [] : [`when: ${r.when}`]), `severity: ${r.severity}`];
  const rows = r.examples.map((ex) => `${exampleWhere(ex)}: ${Object.entries(ex.values).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}`);
  return [...head, ...rows].join('\n');
}
