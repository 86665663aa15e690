import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const fx = 'test/fixtures/rules';
const CSV = `${fx}/pricing.csv`;
const RULES = `${fx}/pricing.rules.yml`;
// Failing rules of the fixture and their severities (counts are checked against a JS filter in validateDataset.test.ts).
const FAILING: Array<[string, string]> = [['non-negative-price', 'error'], ['within-3x-cost', 'warning'], ['luxury-floor', 'error'], ['known-category', 'note']];
const ALL = ['non-negative-price', 'within-3x-cost', 'luxury-floor', 'known-category', 'cost-present', 'sane-margin'];

// The built CLI when present (npm test builds first), else the sources through tsx.
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface XmlNode { name: string; attrs: Record<string, string>; children: XmlNode[]; text: string }

/** A strict little XML reader for the test: balanced tags, quoted attributes, only the five entities and &#…; references. */
function parseXml(xml: string): XmlNode {
  const decode = (s: string): string => {
    for (let k = s.indexOf('&'); k >= 0; k = s.indexOf('&', k + 1)) {
      const semi = s.indexOf(';', k);
      const ref = s.slice(k + 1, semi);
      assert.ok(semi > k && (['amp', 'lt', 'gt', 'quot', 'apos'].includes(ref) || /^#[0-9]+$|^#x[0-9a-fA-F]+$/.test(ref)), `bad entity at ${s.slice(k, k + 10)}`);
    }
    assert.ok(!s.includes('<'), 'raw < in text or attribute');
    return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, r: string) =>
      r[0] === '#' ? String.fromCodePoint(r[1] === 'x' ? parseInt(r.slice(2), 16) : Number(r.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[r]!);
  };
  let i = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  const stack: XmlNode[] = [];
  let rootNode: XmlNode | undefined;
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const next = xml.indexOf('<', i) < 0 ? xml.length : xml.indexOf('<', i);
      const text = decode(xml.slice(i, next));
      if (stack.length > 0) stack[stack.length - 1]!.text += text;
      else assert.equal(text.trim(), '', 'text outside the root element');
      i = next;
      continue;
    }
    const end = xml.indexOf('>', i);
    assert.ok(end > i, 'unterminated tag');
    let tag = xml.slice(i + 1, end);
    i = end + 1;
    if (tag.startsWith('/')) {
      assert.equal(stack.pop()?.name, tag.slice(1), 'mismatched closing tag');
      continue;
    }
    const selfClosing = tag.endsWith('/');
    if (selfClosing) tag = tag.slice(0, -1);
    const nameEnd = tag.search(/\s|$/);
    const node: XmlNode = { name: tag.slice(0, nameEnd), attrs: {}, children: [], text: '' };
    let rest = tag.slice(nameEnd).trim();
    while (rest !== '') {
      const eq = rest.indexOf('="');
      const close = rest.indexOf('"', eq + 2);
      assert.ok(eq > 0 && close > eq, `bad attribute in <${node.name}>`);
      const key = rest.slice(0, eq);
      assert.ok(!(key in node.attrs), `duplicate attribute ${key}`);
      node.attrs[key] = decode(rest.slice(eq + 2, close));
      rest = rest.slice(close + 1).trim();
    }
    if (stack.length > 0) stack[stack.length - 1]!.children.push(node);
    else { assert.equal(rootNode, undefined, 'two root elements'); rootNode = node; }
    if (!selfClosing) stack.push(node);
  }
  assert.equal(stack.length, 0, 'unclosed elements');
  return rootNode!;
}

const all = (n: XmlNode, name: string): XmlNode[] => [...(n.name === name ? [n] : []), ...n.children.flatMap((c) => all(c, name))];

describe('model-lens CLI (validate)', function () {
  this.timeout(120000);

  it('--help lists validate; validate --help documents every option and the exit codes', () => {
    assert.match(cli('--help').stdout, /\n\s+validate\s+Check business rules/);
    const sub = cli('validate', '--help');
    assert.equal(sub.code, 0);
    for (const s of ['--rules F', '--format FMT', 'json|md|html|junit|sarif', '--out F', '--examples N', '--model M', '1 a rule failed', '2 bad input']) assert.ok(sub.stdout.includes(s), `help mentions ${s}`);
  });

  it('JSON: the issue\'s shape, exit 1 when a rule fails', () => {
    const r = cli('validate', CSV, '--rules', RULES);
    assert.equal(r.code, 1, r.stderr);
    const rep = JSON.parse(r.stdout) as { dataset: string; rules: Array<Record<string, unknown>>; summary: unknown };
    assert.equal(rep.dataset, CSV);
    assert.deepEqual(rep.summary, { rules: 6, passed: 2, failed: 4 });
    assert.deepEqual(rep.rules.map((x) => x['id']), ALL);
    for (const rule of rep.rules) {
      for (const k of ['id', 'expr', 'severity', 'violations', 'rows', 'rate', 'maxRate', 'status', 'examples']) assert.ok(k in rule, `${String(rule['id'])} has ${k}`);
      assert.ok(rule['status'] === 'pass' || rule['status'] === 'fail');
      for (const ex of rule['examples'] as Array<Record<string, unknown>>) assert.deepEqual(Object.keys(ex), ['row', 'values']);
    }
    // carry negative prices: data rows 3, 10, 18.
    assert.deepEqual((rep.rules[0]!['examples'] as Array<{ row: number }>).map((e) => e.row), [3, 10, 18]);
  });

  it('exit 0 when every rule passes; --examples 0 lists none', () => {
    const r = cli('validate', CSV, '--rules', `${fx}/pricing_pass.rules.yml`, '--examples', '0');
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as { rules: Array<{ status: string; examples: unknown[]; violations: number }> };
    assert.deepEqual(rep.rules.map((x) => x.status), ['pass', 'pass']);
    assert.deepEqual(rep.rules.map((x) => [x.violations, x.examples.length]), [[0, 0], [1, 0]]);
  });

  it('Markdown: a table with one row per rule, and the examples', () => {
    const r = cli('validate', CSV, '--rules', RULES, '--format', 'md');
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stdout.includes('| Status | Rule | Severity | Violations | Rows | Rate | Max rate | Expression |'));
    assert.ok(r.stdout.includes('| ❌ fail | non-negative-price | error | 3 | 25 | 12.00% | 0.00% | `predicted_price >= 0` |'));
    assert.ok(r.stdout.includes('| ✅ pass | cost-present | warning | 1 | 25 | 4.00% | 5.00% |'));
    const tableRows = r.stdout.split('\n').filter((l) => /^\| (❌ fail|✅ pass) \|/.test(l));
    assert.equal(tableRows.length, 6);
  });

  it('JUnit: well-formed XML, one testcase per rule, a failure per failing rule, escaped expressions', () => {
    const d = mkdtempSync(join(tmpdir(), 'ml-val-'));
    const rules = join(d, 'hostile.rules.yml');
    const hostileExpr = `predicted_price >= 0 or sku = "<&>'\\"]]>"`;
    writeFileSync(rules, `rules:\n  - id: hostile\n    expr: '${hostileExpr.replace(/'/g, "''")}'\n  - id: fine\n    expr: unit_cost > -1 or unit_cost is null\n`);
    const out = join(d, 'r.xml');
    assert.equal(cli('validate', CSV, '--rules', rules, '--format', 'junit', '--out', out).code, 1);
    const doc = parseXml(readFileSync(out, 'utf8'));
    assert.equal(all(doc, 'testcase').length, 2);
    const failures = all(doc, 'failure');
    assert.equal(failures.length, 1);
    assert.ok(failures[0]!.attrs['message']!.includes(`violate ${hostileExpr};`), failures[0]!.attrs['message']);
    assert.ok(failures[0]!.text.includes('data row 3: predicted_price=-3.2, sku="A-003"'), failures[0]!.text);

    const main = parseXml(cli('validate', CSV, '--rules', RULES, '--format', 'junit').stdout);
    const suite = all(main, 'testsuite')[0]!;
    assert.deepEqual([suite.attrs['tests'], suite.attrs['failures']], ['6', '4']);
    assert.deepEqual(all(main, 'testcase').map((t) => t.attrs['name']), ALL);
    assert.deepEqual(all(main, 'testcase').filter((t) => t.children.some((c) => c.name === 'failure')).map((t) => t.attrs['name']), FAILING.map(([id]) => id));
  });

  it('SARIF 2.1.0: every rule in the driver, a result per failing rule at the first violating line of the CSV', () => {
    const r = cli('validate', CSV, '--rules', RULES, '--format', 'sarif');
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout) as { $schema: string; version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }> }> }> };
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    const run = log.runs[0]!;
    assert.deepEqual(run.tool.driver.rules.map((x) => x.id), ALL);
    assert.deepEqual(run.results.map((x) => [x.ruleId, x.level]), FAILING);
    // First violating data rows 3, 6, 12, 14; row 11 spans two lines, so rows after it sit two lines below their number.
    assert.deepEqual(run.results.map((x) => x.locations[0]!.physicalLocation.region?.startLine), [4, 7, 14, 16]);
    for (const x of run.results) assert.equal(x.locations[0]!.physicalLocation.artifactLocation.uri, CSV);
  });

  it('HTML: one self-contained file', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ml-val-')), 'r.html');
    const r = cli('validate', CSV, '--rules', RULES, '--format', 'html', '--out', out);
    assert.equal(r.code, 1, r.stderr);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(html.includes('<style>') && !html.includes('<script') && !html.includes('<link'));
    assert.equal(html.split('<tr><td class="fail">fail</td>').length - 1, 4);
  });

  it('bad input: exit 2 with one line on stderr that says what and where', () => {
    const cases: Array<[string[], RegExp]> = [
      [['validate', `${fx}/nope.csv`, '--rules', RULES], /dataset .*nope\.csv not found/],
      [['validate', CSV, '--rules', `${fx}/nope.rules.yml`], /rules file .*nope\.rules\.yml not found/],
      [['validate', CSV, '--rules', `${fx}/bad_syntax.rules.yml`], /bad_syntax\.rules\.yml:3:44: rule 'broken': in 'expr': expected '\)'/],
      [['validate', CSV, '--rules', `${fx}/unknown_column.rules.yml`], /unknown_column\.rules\.yml:5:11: rule 'typo'.*column 'predicted_prize' not found; columns are: sku, category, unit_cost, predicted_price, note$/],
      [['validate', CSV, '--rules', RULES, '--model', 'model.onnx'], /model file .*model\.onnx not found/],
      [['validate', CSV, '--rules', RULES, '--model', join(root, 'sample/models/loan_xgb.json')], /lacks model feature\(s\) 'age'.*dataset columns are: sku/],
      [['validate', CSV, '--rules', RULES, '--prediction-column', 'p'], /--prediction-column only applies with --model/],
      [['validate', CSV], /--rules F is required/],
      [['validate', CSV, '--rules', RULES, '--format', 'xml'], /--format must be one of json, md, html, junit, sarif/],
      [['validate', CSV, '--rules', RULES, '--out', RULES], /is the input file .*refusing to overwrite an input/],
    ];
    for (const [args, re] of cases) {
      const r = cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.match(r.stderr.trim(), re);
    }
    assert.match(readFileSync(join(root, RULES), 'utf8'), /^# Guardrails/, 'the rules file was not overwritten');
  });
});
