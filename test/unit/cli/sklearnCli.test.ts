import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPECTED, flat, SK_DIR, type SkCase } from '../models/sklearn/sklearnFixtures';
import { cli, root } from './modelCliHelpers';

/** The mark every malicious fixture's payload would leave (generate.py: `touch /tmp/model-lens-pwned`). */
const PWNED = '/tmp/model-lens-pwned';
const MALICIOUS = join(SK_DIR, 'malicious');

function csvOf(c: SkCase, extra?: (row: (number | string | null)[], i: number) => (number | string)[], extraHeader: string[] = []): string {
  const cell = (v: number | string | null): string => (v === null ? '' : String(v));
  return [[...c.columns, ...extraHeader].join(','), ...c.X.map((r, i) => [...r.map(cell), ...(extra ? extra(r, i).map(String) : [])].join(','))].join('\n') + '\n';
}

describe('model-lens CLI with scikit-learn pickles', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-sklearn-'));
  const rf = EXPECTED['pipe_ct_rf'] as SkCase;
  const data = join(dir, 'mixed.csv');
  writeFileSync(data, csvOf(rf));

  it('predict: a joblib Pipeline (ColumnTransformer, imputer, one-hot text columns, forest) on a CSV equals predict_proba', () => {
    const r = cli('predict', join(SK_DIR, rf.file), data);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'index,prediction');
    const want = flat(rf.output);
    lines.slice(1).forEach((line, i) => {
      const p = Number(line.split(',')[1]);
      assert.ok(Math.abs(p - want[i]!) <= 1e-9, `row ${i}: ${p} vs ${want[i]}`);
    });
  });

  it('explain: exact TreeSHAP by dataset column for a tree pipeline, exact linear SHAP for a linear one', () => {
    const tree = JSON.parse(cli('explain', join(SK_DIR, rf.file), data, '--rows', '0-4').stdout) as { method: string; features: string[]; additivity: { ok: boolean }; rows: { sentence: string }[] };
    assert.equal(tree.method, 'tree');
    assert.deepEqual(tree.features, ['age', 'income', 'city', 'plan', 'tenure']);
    assert.ok(tree.additivity.ok);
    assert.match(tree.rows[0]!.sentence, /^Predicted probability 0\.99\d of class yes; /);
    assert.match(tree.rows.map((x) => x.sentence).join(' '), /city = (Paris|Lyon|Nice|Lille|\(unknown category\))/);
    const lin = EXPECTED['pipe_ct_logreg'] as SkCase;
    const r = cli('explain', join(SK_DIR, lin.file), data, '--rows', '0-2', '--background', '20', '--format', 'md');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Method: linear \(exact linear SHAP, interventional\)/);
    assert.equal(cli('explain', join(SK_DIR, lin.file), data, '--method', 'linear', '--nsamples', '5').code, 2);
  });

  it('refuses a dataset that scikit-learn would refuse: an unknown category with handle_unknown="error", a missing value for a tree without missing-value support', () => {
    const err = EXPECTED['pipe_onehot_error'] as SkCase;
    const unknown = join(dir, 'unknown.csv');
    writeFileSync(unknown, csvOf({ ...err, X: err.X.map((row, i) => (i === 1 ? row.map((v, j) => (err.columns[j] === 'plan' ? 'platinum' : v)) : row)) }));
    const r = cli('predict', join(SK_DIR, err.file), unknown);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Column 'plan' holds 'platinum' \(1 row\) that its OneHotEncoder never saw in training; it was fitted with handle_unknown='error'/);
    const num = EXPECTED['rf_binary'] as SkCase;
    const missing = join(dir, 'missing.csv');
    writeFileSync(missing, csvOf({ ...num, X: num.X.map((row, i) => (i === 3 ? [null, ...row.slice(1)] : row)) }));
    const m = cli('predict', join(SK_DIR, num.file), missing);
    assert.equal(m.code, 2);
    assert.match(m.stderr, /Column 'a' has 1 missing value, and the model cannot take a missing value there/);
  });

  it('diff, validate --model and check with model: read the pickles (parameters from get_params, rules and fairness on predictions)', () => {
    const a = join(dir, 'a.pkl');
    const b = join(dir, 'b.joblib');
    copyFileSync(join(SK_DIR, 'pipe_ct_logreg.pkl'), a);
    copyFileSync(join(SK_DIR, 'pipe_ct_logreg_multi.pkl'), b);
    const d = cli('diff', join(SK_DIR, 'pipe_ct_logreg.pkl'), join(SK_DIR, 'pipe_ct_rf.joblib'), '--data', data);
    assert.equal(d.code, 0, d.stderr);
    const diff = JSON.parse(d.stdout) as { params: { name: string; a: string | null; b: string | null; changed: boolean }[]; metadata: { a: { kind: string } } };
    assert.equal(diff.metadata.a.kind, 'sklearn');
    const names = new Map(diff.params.map((p) => [p.name, p]));
    assert.equal(names.get('file.clf__C')?.a, '1');
    assert.equal(names.get('file.clf__n_estimators')?.b, '6');
    assert.equal(names.get('file.clf__n_estimators')?.changed, true);
    const rules = join(dir, 'p.rules.yml');
    writeFileSync(rules, 'rules:\n  - id: probability\n    expr: prediction >= 0 and prediction <= 1\n    severity: error\n');
    const v = cli('validate', data, '--rules', rules, '--model', join(SK_DIR, rf.file), '--format', 'json');
    assert.equal(v.code, 0, v.stderr);
    const labeled = join(dir, 'labeled.csv');
    writeFileSync(labeled, csvOf(rf, (_row, i) => [flat(rf.output)[i]! > 0.9 ? 1 : 0], ['label']));
    writeFileSync(join(dir, 'modellens.yml'), [
      'version: 1', 'models:', `  rf: { path: ${join(SK_DIR, rf.file)} }`, 'checks:',
      '  rules: [ { data: labeled.csv, rules: p.rules.yml, model: rf } ]',
      '  fairness: [ { data: labeled.csv, model: rf, label: label, threshold: 0.5, sensitive: [plan], minGroupSize: 1, failOn: [disparateImpact<0.01] } ]', '',
    ].join('\n'));
    const c = cli('check', '--config', join(dir, 'modellens.yml'), '--format', 'json');
    assert.ok(c.code === 0 || c.code === 1, c.stderr);
    const report = JSON.parse(c.stdout) as { checks: { kind: string; status: string; message?: string }[] };
    for (const check of report.checks) assert.notEqual(check.status, 'error', `${check.kind}: ${check.message}`);
    assert.deepEqual(report.checks.map((x) => x.kind).sort(), ['fairness', 'rules']);
  });

  describe('malicious pickles: exit 2 fast, nothing executed, no file created, no process spawned', () => {
    const hook = join(dir, 'no-spawn.cjs');
    const spawned = join(dir, 'spawned.log');
    // Loaded into the CLI process: any use of child_process is logged and fails.
    writeFileSync(hook, `const cp = require('node:child_process'); const fs = require('node:fs');
for (const k of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  cp[k] = (...a) => { fs.appendFileSync(${JSON.stringify(spawned)}, k + ' ' + String(a[0]) + '\\n'); throw new Error('spawn blocked'); };
}\n`);
    const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
    const run = (...args: string[]) => spawnSync(process.execPath, ['--require', hook, ...entry, ...args], { cwd: dir, encoding: 'utf8', timeout: 30000 });
    const cases: [string, RegExp][] = [
      ['os_system.pkl', /asks for posix\.system; nothing was run/],
      ['os_system_p0.pkl', /asks for posix\.system; nothing was run/],
      ['builtins_eval.pkl', /asks for builtins\.eval; nothing was run/],
      ['builtins_getattr.pkl', /asks for builtins\.getattr; nothing was run/],
      ['builtins_import.pkl', /asks for builtins\.__import__; nothing was run/],
      ['subprocess.pkl', /asks for subprocess\.Popen; nothing was run/],
      ['estimator_smuggled_callable.pkl', /asks for posix\.system; nothing was run/],
      ['memo_bomb.pkl', /memo bomb/],
      ['array_10gb.joblib', /declares a joblib array of shape \(1250000000\) f8/],
      ['array_10gb.pkl', /declares a NumPy array of shape \(1250000000\) f8, 10\.0 GB/],
    ];

    it('covers every file in test/fixtures/sklearn/malicious', () => {
      assert.deepEqual(readdirSync(MALICIOUS).sort(), cases.map(([f]) => f).sort());
    });

    for (const [file, message] of cases) {
      it(file, () => {
        rmSync(PWNED, { force: true });
        const before = new Set(readdirSync(dir));
        const t = Date.now();
        const r = run('predict', join(MALICIOUS, file), data);
        const ms = Date.now() - t;
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assert.match(r.stderr, message);
        assert.ok(ms < 10000, `took ${ms} ms`);
        assert.equal(existsSync(PWNED), false, 'the payload ran');
        assert.equal(existsSync(spawned), false, `a process was spawned: ${existsSync(spawned) ? readFileSync(spawned, 'utf8') : ''}`);
        assert.deepEqual(readdirSync(dir).filter((f) => !before.has(f)), [], 'a file was created');
        assert.ok(statSync(join(MALICIOUS, file)).isFile(), 'the input is untouched');
      });
    }

    it('the hook would have caught a spawn (the check can fail)', () => {
      const r = spawnSync(process.execPath, ['--require', hook, '-e', "try { require('node:child_process').execSync('true') } catch {}"], { encoding: 'utf8' });
      assert.equal(r.status, 0);
      assert.match(readFileSync(spawned, 'utf8'), /execSync true/);
      rmSync(spawned);
    });
  });
});
