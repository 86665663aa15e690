import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { loadConfig, parseConfig } from '../../../src/core/checks/config';
import { InputError } from '../../../src/core/errors';

const root = join(__dirname, '../../..');
const SAMPLE = join(root, 'sample/modellens.yml');

/** The problems of an invalid configuration, as "line:column: path: message" strings. */
function problems(text: string): string[] {
  try {
    parseConfig(text, join(root, 'sample/test-modellens.yml'));
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    assert.equal(e.code, 'CONFIG_INVALID');
    return (e.details['problems'] as { line: number; column: number; path: string; message: string }[]).map((p) => `${p.line}:${p.column}: ${p.path}: ${p.message}`);
  }
  assert.fail('expected CONFIG_INVALID');
}

describe('modellens.yml: parsing and validation', () => {
  it('reads the sample configuration: datasets, models and one planned check per entry, paths resolved from its folder', () => {
    const c = loadConfig(SAMPLE);
    assert.deepEqual(c.checks.map((x) => x.id), ['drift/loans', 'health/loans', 'fairness/loans', 'rules/pricing', 'experiment/reco_rollout', 'comparison/loan_xgb-vs-loan_xgb_v2', 'evaluation/loan_scores', 'evaluation/loan_xgb']);
    assert.equal(c.context.datasets.get('loans')?.reference, join(root, 'sample/loans_reference.csv'));
    assert.equal(c.context.models.get('loan_xgb')?.path, join(root, 'sample/models/loan_xgb.json'));
    assert.deepEqual(c.checks[3]!.files, [join(root, 'sample/pricing_predictions.csv'), join(root, 'sample/pricing.rules.yml')]);
  });

  it('reports every problem at once, each at its line and column, with a fix', () => {
    const text = [
      'version: 1', //                                    1
      'datasets:', //                                     2
      '  loans: { reference: a.csv, current: b.csv }', // 3
      'checks:', //                                       4
      '  drift:', //                                      5
      '    - dataset: lons', //                           6
      '  fairness:', //                                   7
      '    - data: b.csv', //                             8
      '      lable: approved', //                         9
      '      sensitive: [gender]', //                    10
      '      prediction: p', //                          11
      '      failOn: [disparateImpact<<0.8]', //         12
      '      minGroupSize: 0', //                        13
    ].join('\n');
    const p = problems(text);
    assert.ok(p.some((x) => x.startsWith('6:16: checks.drift[0].dataset: unknown dataset \'lons\'; declared: loans')), p.join('\n'));
    assert.ok(p.some((x) => x.startsWith('9:7: checks.fairness[0].lable: unknown key \'lable\'; did you mean \'label\'?')), p.join('\n'));
    assert.ok(p.some((x) => /^8:7: checks.fairness\[0\]: 'label' is required/.test(x)), p.join('\n'));
    assert.ok(p.some((x) => x.startsWith("12:16: checks.fairness[0].failOn[0]: 'disparateImpact<<0.8': '<0.8' is not a number")), p.join('\n'));
    assert.ok(p.some((x) => x.startsWith("13:21: checks.fairness[0].minGroupSize: 'minGroupSize' must be a whole number ≥ 1; got 0")), p.join('\n'));
  });

  it('rejects YAML syntax errors, unknown sections, an unsupported version and a missing checks section', () => {
    assert.match(problems('checks: [unclosed')[0]!, /^1:\d+: /);
    assert.ok(problems('version: 2\nchecks:\n  drift: []\n').some((x) => x.includes('version 2 is not supported')));
    assert.ok(problems('checks:\n  drfit: []\n').some((x) => x.includes("unknown key 'drfit'; did you mean 'drift'?")));
    assert.ok(problems('datasets: {}\n').some((x) => x.includes("no 'checks' section")));
    assert.ok(problems('checks:\n  rules:\n    - data: a.csv\n').some((x) => x.includes("'rules' is required")));
    assert.ok(problems('checks:\n  drift:\n    - reference: a.csv\n      current: b.csv\n    - reference: a.csv\n      current: b.csv\n').some((x) => x.includes("both named 'b'")));
  });

  it('loadConfig names a missing file and how to fix it', () => {
    assert.throws(() => loadConfig(join(root, 'no-such/modellens.yml')), (e: unknown) => e instanceof InputError && e.code === 'FILE_NOT_FOUND' && /Create a modellens\.yml/.test(e.message));
  });
});

describe('schemas/modellens.schema.json (the editor completion/validation schema)', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas/modellens.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('accepts the sample configuration', () => {
    assert.ok(validate(parseYaml(readFileSync(SAMPLE, 'utf8'))), JSON.stringify(validate.errors));
  });

  it('rejects what the parser rejects: unknown keys, wrong types, a bad window, a fairness check without attributes', () => {
    const bad = [
      { checks: { drfit: [] } },
      { checks: { drift: [{ reference: 'a.csv', driftShare: 2 }] } },
      { checks: { drift: [{ reference: 'a.csv', window: 'fortnight' }] } },
      { checks: { fairness: [{ data: 'a.csv', label: 'y' }] } },
      { datasets: { d: { label: 'y' } }, checks: {} },
      { models: { m: { data: 'x' } }, checks: {} },
      { version: 2, checks: {} },
    ];
    for (const b of bad) assert.equal(validate(b), false, JSON.stringify(b));
  });
});
