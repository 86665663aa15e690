// Rule examples from a warehouse table (issue 23): a table has no row numbers, so an example is a violating
// combination of values with the number of violating rows holding it. Every report format says so and never
// shows a made-up row number; file examples keep their rows.
import { strict as assert } from 'node:assert';
import { rulesToHtml } from '../../../src/core/rules/rulesHtml';
import { rulesToJunit } from '../../../src/core/rules/rulesJunit';
import { rulesToMarkdown } from '../../../src/core/rules/rulesMarkdown';
import { rulesToSarif } from '../../../src/core/rules/rulesSarif';
import type { RuleExample, RulesReport } from '../../../src/core/rules/validate';

function report(examples: RuleExample[]): RulesReport {
  return {
    dataset: 'pg:sales.orders',
    rules: [{ id: 'positive', expr: 'price > 0', severity: 'error', violations: 7, rows: 100, nullResults: 0, rate: 0.07, maxRate: 0, status: 'fail', examples }],
    summary: { rules: 1, passed: 0, failed: 1 },
  };
}

describe('rules reports: examples from a table (value combinations with counts, no row numbers)', () => {
  const table = report([{ count: 4, values: { price: -1 } }, { count: 2, values: { price: -2.5 } }]);
  const file = report([{ row: 12, values: { price: -1 } }]);

  it('Markdown: a "Violating rows" column with the counts, a note on the most frequent, no row 0', () => {
    const md = rulesToMarkdown(table);
    assert.match(md, /\| Violating rows \| price \|/);
    assert.match(md, /\| 4 \| -1 \|/);
    assert.match(md, /\| 2 \| -2\.5 \|/);
    assert.match(md, /A table has no row numbers/);
    assert.match(md, /The 2 most frequent violating value combinations of 7 violating rows\./);
    assert.doesNotMatch(md, /\| 0 \||Row numbers count|undefined/);
    assert.match(rulesToMarkdown(file), /\| Row \| price \|[\s\S]*\| 12 \| -1 \|/);
  });

  it('HTML, JUnit and SARIF say "violating rows", never a data row', () => {
    const html = rulesToHtml(table);
    assert.match(html, /<th class="num">Violating rows<\/th>/);
    assert.match(html, /<td class="num">4<\/td>/);
    assert.doesNotMatch(html, /undefined|Row numbers count/);
    const junit = rulesToJunit(table);
    assert.match(junit, /4 violating rows: price=-1/);
    assert.doesNotMatch(junit, /data row|undefined/);
    const sarif = rulesToSarif(table, { artifactUri: 'sales.orders' });
    assert.match(sarif, /e\.g\. 4 violating rows with price=-1/);
    assert.doesNotMatch(sarif, /data row|undefined/);
    assert.match(rulesToJunit(file), /data row 12: price=-1/);
    assert.match(rulesToSarif(file, { artifactUri: 'f.csv' }), /first at data row 12/);
  });
});
