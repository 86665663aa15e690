// Issue 17, item 5: names that are Object.prototype keys. Every command runs on data whose columns, categories,
// features, options and YAML keys are named `constructor`, `__proto__`, `toString`, `valueOf`, `hasOwnProperty` …,
// and must treat them as ordinary names. Regressions: drift failed with "Unknown drift test 'function Object() …'"
// on a column named like a prototype member, `--threshold __proto__=0.1` was silently ignored, an XGBoost objective
// `constructor` crashed predict with a stack trace, and a DuckDB result column `__proto__` vanished from its row.
// The lint rule model-lens/prototype-safe-lookup (scripts/eslint/prototypeSafeLookup.mjs) keeps new lookups safe;
// this sweep checks the behaviour end to end.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { parseCsv } from '../csv';

const root = join(__dirname, '../../..');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
const PROTO = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'] as const;

function cli(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd, encoding: 'utf8', timeout: 90000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = <T>(r: { code: number | null; stdout: string; stderr: string }, codes: number[]): T => {
  assert.ok(codes.includes(r.code ?? -1), `exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

/** Deterministic rows: constructor and toString numeric, __proto__ a category named like a prototype member, valueOf the label, hasOwnProperty the prediction. */
function dataset(n: number, shift: number): string {
  const lines = ['constructor,__proto__,toString,valueOf,hasOwnProperty,isPrototypeOf'];
  for (let i = 0; i < n; i++) {
    const label = (i * 7) % 3 === 0 ? 1 : 0;
    const pred = i % 5 === 0 ? 1 - label : label;
    lines.push([((i * 37) % 101) / 10 + shift, PROTO[i % 5], (i * 13) % 17, label, pred, (((i * 29) % 100) / 100).toFixed(2)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('prototype-named columns, categories, options and keys in every command (issue 17, item 5)', function () {
  this.timeout(180000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ml-proto-'));
    writeFileSync(join(dir, 'ref.csv'), dataset(400, 0));
    writeFileSync(join(dir, 'cur.csv'), dataset(400, 3));
    // The sample model with its seven features renamed after prototype members, and the matching dataset.
    const model = JSON.parse(readFileSync(join(root, 'sample/models/loan_xgb.json'), 'utf8')) as { learner: { feature_names: string[]; objective: { name: string } } };
    const names = [...PROTO, 'isPrototypeOf', 'propertyIsEnumerable'];
    const old = model.learner.feature_names;
    model.learner.feature_names = names;
    writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
    const [header, ...rest] = readFileSync(join(root, 'sample/loans_current.csv'), 'utf8').split('\n');
    writeFileSync(join(dir, 'loans.csv'), [header!.split(',').map((c) => (old.includes(c) ? names[old.indexOf(c)] : c)).join(','), ...rest].join('\n'));
    model.learner.objective.name = 'constructor';
    writeFileSync(join(dir, 'objective.json'), JSON.stringify(model));
  });

  it('engine rows keep a result column named __proto__ as an own key', async () => {
    const engine = await Engine.create({ threads: 1 });
    try {
      const [row] = await engine.run(`SELECT 1 AS "__proto__", 2 AS "constructor", 3 AS "toString"`);
      assert.deepEqual([Object.hasOwn(row!, '__proto__'), row!['__proto__'], row!['constructor'], row!['toString']], [true, 1, 2, 3]);
    } finally {
      engine.close();
    }
  });

  it('profile reports every column under its name', () => {
    const r = json<{ columns: Array<{ name: string; kind: string }> }>(cli(dir, 'profile', 'ref.csv'), [0]);
    assert.deepEqual(r.columns.map((c) => c.name), ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']);
    assert.equal(r.columns.find((c) => c.name === '__proto__')?.kind, 'categorical');
  });

  it('drift: default tests on every column; --threshold __proto__=0.1 and --test toString=ks apply to those columns only', () => {
    const r = json<{ columns: Array<{ column: string; test: string; threshold: number; details: { testSource: string; thresholdSource: string } }> }>(cli(dir, 'drift', 'ref.csv', 'cur.csv', '--threshold', '__proto__=0.1', '--test', 'toString=ks'), [0, 1]);
    const by = new Map(r.columns.map((c) => [c.column, c]));
    assert.deepEqual([by.get('__proto__')?.threshold, by.get('__proto__')?.details.thresholdSource], [0.1, 'override']);
    assert.deepEqual([by.get('toString')?.test, by.get('toString')?.details.testSource], ['ks', 'override']);
    assert.deepEqual([by.get('constructor')?.details.testSource, by.get('constructor')?.threshold], ['default', 0.05]);
    assert.equal(by.size, 6);
  });

  it('bias: groups named like prototype members, and --privileged __proto__=constructor', () => {
    const r = json<{ attributes: Array<{ attribute: string; groups: Array<{ group: string; n: number }>; reference: { group: string; chosen: string } }> }>(
      cli(dir, 'bias', 'ref.csv', '--sensitive', '__proto__', '--label', 'valueOf', '--prediction', 'hasOwnProperty', '--privileged', '__proto__=constructor'), [0, 1]);
    const a = r.attributes[0]!;
    assert.equal(a.attribute, '__proto__');
    assert.deepEqual(a.groups.map((g) => [g.group, g.n]).sort(), PROTO.map((p) => [p, 80]).sort());
    assert.deepEqual(a.reference, { group: 'constructor', chosen: 'given' });
  });

  it('validate: rules on `constructor` and `__proto__`, examples keyed by those names', () => {
    writeFileSync(join(dir, 'p.rules.yml'), 'rules:\n  - id: small\n    expr: "`constructor` < 9"\n  - id: known\n    expr: "`__proto__` in [\\"constructor\\", \\"toString\\"]"\n');
    const r = json<{ rules: Array<{ id: string; violations: number; examples: Array<{ row: number; values: Record<string, unknown> }> }> }>(cli(dir, 'validate', 'ref.csv', '--rules', 'p.rules.yml'), [1]);
    const rows = parseCsv(readFileSync(join(dir, 'ref.csv'), 'utf8'));
    assert.equal(r.rules[0]!.violations, rows.filter((x) => !(Number(x['constructor']) < 9)).length);
    assert.equal(r.rules[1]!.violations, rows.filter((x) => !['constructor', 'toString'].includes(x['__proto__']!)).length);
    const ex = r.rules[1]!.examples[0]!;
    assert.ok(Object.hasOwn(ex.values, '__proto__'));
    assert.equal(ex.values['__proto__'], rows[ex.row - 1]!['__proto__']);
  });

  it('baseline and health: every column checked; --threshold __proto__=2 is refused, not ignored', () => {
    assert.equal(cli(dir, 'baseline', 'ref.csv', '--no-time', '--out', 'base.json').code, 0);
    const h = json<{ checks: Array<{ id: string; column: string | null }> }>(cli(dir, 'health', 'cur.csv', '--baseline', 'base.json'), [0, 1]);
    for (const c of ['constructor', '__proto__', 'toString']) assert.ok(h.checks.some((x) => x.column === c), c);
    const bad = cli(dir, 'health', 'cur.csv', '--baseline', 'base.json', '--threshold', '__proto__=2');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown health check '__proto__'/);
  });

  it('abtest: arms, control and segment named like prototype members', () => {
    const r = json<{ variants: Array<{ name: string; n: number }>; segments: unknown[] }>(cli(dir, 'abtest', 'ref.csv', '--variant', '__proto__', '--control', 'constructor', '--metric', 'valueOf', '--bootstrap', '0'), [0, 1]);
    assert.deepEqual(r.variants.map((v) => [v.name, v.n]).sort(), PROTO.map((p) => [p, 80]).sort());
  });

  it('predict, explain and diff on a model whose features are named like prototype members', () => {
    const p = cli(dir, 'predict', 'model.json', 'loans.csv', '--format', 'csv');
    assert.equal(p.code, 0, p.stderr);
    const preds = parseCsv(p.stdout);
    const reference = parseCsv(cli(root, 'predict', 'sample/models/loan_xgb.json', 'sample/loans_current.csv', '--format', 'csv').stdout);
    assert.deepEqual(preds.map((x) => x['prediction']), reference.map((x) => x['prediction']), 'renaming the features changes no prediction');
    const e = json<{ global: Array<{ feature: string }> }>(cli(dir, 'explain', 'model.json', 'loans.csv', '--rows', '0-4'), [0]);
    assert.deepEqual(e.global.map((x) => x.feature).sort(), [...PROTO, 'isPrototypeOf', 'propertyIsEnumerable'].sort());
    assert.ok([0, 1].includes(cli(dir, 'diff', 'model.json', 'model.json', '--data', 'loans.csv', '--label', 'approved', '--bootstrap', '20').code ?? -1));
  });

  it('an XGBoost objective named "constructor" is refused with the supported list (exit 2, no stack trace)', () => {
    const r = cli(dir, 'predict', 'objective.json', 'loans.csv');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /objective "constructor" is not supported; supported objectives are: binary:logistic/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('check: datasets, models and checks keyed by prototype names in modellens.yml', () => {
    writeFileSync(join(dir, 'modellens.yml'), [
      'version: 1',
      'datasets:',
      '  constructor: { reference: ref.csv, current: cur.csv, label: valueOf, prediction: hasOwnProperty }',
      '  __proto__: { reference: ref.csv, current: cur.csv }',
      'checks:',
      '  drift: [ { dataset: constructor, exclude: [__proto__] }, { dataset: __proto__ } ]',
      '  fairness: [ { dataset: constructor, sensitive: [__proto__] } ]',
      '',
    ].join('\n'));
    const r = json<{ checks: Array<{ id: string; status: string }> }>(cli(dir, 'check', '--format', 'json'), [0, 1]);
    assert.deepEqual(r.checks.map((c) => c.id).sort(), ['drift/__proto__', 'drift/constructor', 'fairness/constructor']);
    for (const c of r.checks) assert.notEqual(c.status, 'error', c.id);
  });
});
