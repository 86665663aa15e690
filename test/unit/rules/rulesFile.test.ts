import { strict as assert } from 'node:assert';
import { checkRulesFile, parseRulesFile } from '../../../src/core/rules/rulesFile';
import { InputError } from '../../../src/core/errors';

const ISSUE_EXAMPLE = `rules:
  - id: non-negative-price
    expr: predicted_price >= 0
    severity: error
  - id: within-3x-cost
    expr: predicted_price <= 3 * unit_cost
    when: category != "luxury"
    severity: warning
    max_violation_rate: 0.001
`;

describe('rules/rulesFile', () => {
  it('reads the example from the issue with defaults filled in', () => {
    const rules = parseRulesFile(ISSUE_EXAMPLE);
    assert.deepEqual(
      rules.map((r) => [r.id, r.expr, r.when, r.severity, r.maxViolationRate]),
      [
        ['non-negative-price', 'predicted_price >= 0', undefined, 'error', 0],
        ['within-3x-cost', 'predicted_price <= 3 * unit_cost', 'category != "luxury"', 'warning', 0.001],
      ],
    );
    assert.equal(rules[1]!.whenAst?.kind, 'binary');
  });

  it('accepts a bare list and JSON', () => {
    assert.equal(parseRulesFile('- id: a\n  expr: x > 1\n').length, 1);
    assert.equal(parseRulesFile('{"rules": [{"id": "a", "expr": "x > 1", "severity": "info"}]}')[0]!.severity, 'info');
    assert.deepEqual(parseRulesFile('rules:\n'), []);
  });

  it('points expression errors at the exact character in the YAML file', () => {
    const text = 'rules:\n  - id: a\n    expr: price >= (3 * cost\n';
    const { problems } = checkRulesFile(text);
    assert.equal(problems.length, 1);
    assert.deepEqual([problems[0]!.code, problems[0]!.line, problems[0]!.column, problems[0]!.ruleId, problems[0]!.field], ['EXPR_SYNTAX', 3, 29, 'a', 'expr']);
  });

  it('maps positions through quoted scalars with escapes and block scalars', () => {
    const quoted = 'rules:\n  - id: q\n    expr: "x = \\"a\\" and y >> 1"\n';
    const p1 = checkRulesFile(quoted).problems[0]!;
    assert.deepEqual([p1.code, p1.line, p1.column], ['EXPR_SYNTAX', 3, 29]);
    const block = 'rules:\n  - id: b\n    expr: |\n      a > 1 and\n        b < foo(2)\n';
    const p2 = checkRulesFile(block).problems[0]!;
    assert.deepEqual([p2.code, p2.line, p2.column], ['EXPR_UNKNOWN_FUNCTION', 5, 13]);
    const when = "- id: w\n  expr: x > 0\n  when: 'x + \"s\" > 0'\n";
    const p3 = checkRulesFile(when).problems[0]!;
    assert.deepEqual([p3.code, p3.line, p3.column, p3.field], ['EXPR_TYPE', 3, 14, 'when']);
  });

  it('reports structural problems with line and column', () => {
    const text = [
      'rules:',
      '  - id: a',
      '    expr: x > 1',
      '    severity: fatal',
      '  - id: b',
      '    expr: x > 1',
      '    max_violation_rate: 1.5',
      '  - id: a',
      '    expr: y > 1',
      '  - id: c',
      '    expr: x + 1',
      '    max_violations_rate: 0.1',
      '  - expr: z > 0',
      '',
    ].join('\n');
    const got = checkRulesFile(text).problems.map((p) => [p.code, p.line, p.column, p.field]);
    assert.deepEqual(got, [
      ['RULES_INVALID', 4, 5, 'severity'],
      ['RULES_INVALID', 7, 5, 'max_violation_rate'],
      ['RULES_DUPLICATE_ID', 8, 9, 'id'],
      ['RULES_INVALID', 12, 5, 'max_violations_rate'],
      ['EXPR_TYPE', 11, 11, 'expr'],
      ['RULES_INVALID', 13, 5, 'id'],
    ]);
    assert.match(checkRulesFile(text).problems[3]!.message, /unknown key 'max_violations_rate'; valid keys are: id, expr, when/);
  });

  it('reports YAML syntax errors and a missing rules key', () => {
    const bad = checkRulesFile('rules:\n  - id: a\n    expr: [unclosed\n').problems[0]!;
    assert.equal(bad.code, 'RULES_YAML');
    assert.equal(bad.line, 4);
    const none = checkRulesFile('other: 1\n').problems[0]!;
    assert.deepEqual([none.code, none.line, none.column], ['RULES_INVALID', 1, 1]);
    const notList = checkRulesFile('rules:\n  a: 1\n').problems[0]!;
    assert.deepEqual([notList.code, notList.line, notList.column], ['RULES_INVALID', 2, 3]);
  });

  it('parseRulesFile throws the first problem with all problems in details', () => {
    try {
      parseRulesFile('rules:\n  - id: a\n    expr: x >\n  - id: b\n');
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof InputError);
      assert.equal(e.code, 'EXPR_SYNTAX');
      assert.equal(e.details['line'], 3);
      assert.equal((e.details['problems'] as unknown[]).length, 2);
      assert.match(e.message, /rules file line 3, column 14/);
    }
  });
});
