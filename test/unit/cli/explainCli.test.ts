import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURRENT, MODEL, cli, expected, near } from './modelCliHelpers';

// Reference: xgboost 1.7.4 pred_contribs / predict on the committed sample model (sample/models/generate.py).
// Tolerance 1e-5 absolute: xgboost's TreeSHAP and prediction run in float32, Model Lens in float64.
const TOL = 1e-5;

interface Doc {
  model: string; dataset: string; method: string; output: string; features: string[]; baseValue: number;
  rows: { index: number; prediction: number; contributions: number[]; values: (number | null)[]; sentence: string }[];
  global: { feature: string; meanAbs: number }[];
  additivity: { maxAbsError: number };
}

const explain = (...args: string[]): Doc => {
  const r = cli('explain', MODEL, CURRENT, ...args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Doc;
};

describe('model-lens CLI (explain)', function () {
  this.timeout(60000);

  it('JSON: contributions, base value and predictions equal xgboost pred_contribs for the selected --rows', () => {
    const spec = '0-19,102,110,132,135,142';
    assert.deepEqual(expected.rows, [...Array.from({ length: 20 }, (_, i) => i), 102, 110, 132, 135, 142], 'fixture rows match the --rows spec');
    const d = explain('--rows', spec, '--method', 'tree');
    assert.deepEqual(Object.keys(d).filter((k) => !['algorithm', 'link', 'unit'].includes(k)), ['model', 'dataset', 'method', 'output', 'features', 'baseValue', 'rows', 'global', 'additivity']);
    assert.equal(d.method, 'tree');
    assert.equal(d.output, 'margin');
    assert.deepEqual(d.features, expected.features);
    assert.deepEqual(d.rows.map((r) => r.index), expected.rows);
    const F = d.features.length;
    expected.rows.forEach((row, i) => {
      const got = d.rows[i]!;
      near(got.prediction, expected.prediction[i]!, TOL, `row ${row} prediction`);
      assert.equal(got.contributions.length, F);
      got.contributions.forEach((c, j) => near(c, expected.contribs[i]![j]!, TOL, `row ${row} ${d.features[j]}`));
      near(d.baseValue, expected.contribs[i]![F]!, TOL, `row ${row} bias`);
      assert.deepEqual(got.values.map((v) => v === null ? null : Math.fround(v)), expected.X[i]!.map((v) => (v === null ? null : Math.fround(v))));
      assert.match(got.sentence, /^Predicted probability 0\.\d+; /);
    });
    assert.ok(d.additivity.maxAbsError < 1e-9, `additivity ${d.additivity.maxAbsError}`);
    // Global importance: mean |contribution| over the explained rows, from xgboost's contributions, largest first.
    const meanAbs = d.features.map((_, j) => expected.contribs.reduce((s, c) => s + Math.abs(c[j]!), 0) / expected.rows.length);
    const order = d.features.map((f, j) => ({ f, m: meanAbs[j]! })).sort((a, b) => b.m - a.m);
    assert.deepEqual(d.global.map((g) => g.feature), order.map((o) => o.f));
    d.global.forEach((g, k) => near(g.meanAbs, order[k]!.m, TOL, `global ${g.feature}`));
  });

  it('default --rows is 0-99; --method auto is tree', () => {
    const d = explain();
    assert.deepEqual(d.rows.map((r) => r.index), Array.from({ length: 100 }, (_, i) => i));
    assert.equal(d.method, 'tree');
    for (let i = 0; i < 20; i++) d.rows[i]!.contributions.forEach((c, j) => near(c, expected.contribs[i]![j]!, TOL, `row ${i} feature ${j}`));
  });

  it('--background N: interventional TreeSHAP whose base value is the mean margin over the background (all rows here)', () => {
    const d = explain('--rows', '3', '--background', '5000', '--seed', '1');
    const lines = cli('predict', MODEL, CURRENT).stdout.trim().split('\n').slice(1);
    const meanMargin = lines.reduce((s, l) => s + Number(l.split(',')[2]), 0) / lines.length;
    near(d.baseValue, meanMargin, 1e-9, 'base value = mean margin over all 3300 rows');
    const sum = d.rows[0]!.contributions.reduce((s, c) => s + c, d.baseValue);
    near(sum, expected.margin[3]!, TOL, 'base + Σ contributions = xgboost margin of row 3');
  });

  it('Markdown and HTML: summary, global importance, sentences, a waterfall; HTML self-contained and escaped', () => {
    const md = cli('explain', MODEL, CURRENT, '--rows', '0-4', '--format', 'md');
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# Explanation: loan\\_xgb\.json on loans\\_current\.csv\n/);
    assert.match(md.stdout, /## Global importance[\s\S]*\| credit\\_score \| [0-9.]+ \|/);
    assert.equal((md.stdout.match(/^\| [0-4] \| 0\.\d+ \| Predicted probability/gm) ?? []).length, 5);
    assert.match(md.stdout, /### Row 0: waterfall\n\n\| step \| contribution \| running total \|[\s\S]*\| \*\*margin\*\* \| \| \*\*0\.853108\*\* \|/);

    // A feature name and a CSV header with markup must come out escaped.
    const dir = mkdtempSync(join(tmpdir(), 'ml-explain-'));
    const model = JSON.parse(readFileSync(MODEL, 'utf8')) as { learner: { feature_names: string[] } };
    model.learner.feature_names[0] = '<b>age&"\'</b>';
    const evilModel = join(dir, 'm.json');
    writeFileSync(evilModel, JSON.stringify(model));
    const csv = readFileSync(CURRENT, 'utf8').split('\n').slice(0, 4);
    csv[0] = csv[0]!.replace(',age,', ',"<b>age&""\'</b>",');
    const evilCsv = join(dir, 'd.csv');
    writeFileSync(evilCsv, `${csv.join('\n')}\n`);
    const html = cli('explain', evilModel, evilCsv, '--format', 'html');
    assert.equal(html.code, 0, html.stderr);
    assert.match(html.stdout, /^<!DOCTYPE html>/);
    assert.ok(!html.stdout.includes('<b>'), 'feature name is escaped');
    assert.ok(html.stdout.includes('&lt;b&gt;age&amp;&quot;&#39;&lt;/b&gt;'));
    assert.ok(!/<script|src=|href=/i.test(html.stdout), 'no scripts or external resources');
    assert.match(html.stdout, /aria-label="waterfall of row 0"/);
    assert.match(html.stdout, /aria-label="global importance"/);
  });

  it('--method kernel and permutation: the same interventional Shapley values as TreeSHAP against the same --background rows (1e-8); lime explains the probability', () => {
    const common = ['--rows', '0-2', '--background', '12', '--seed', '7'];
    const tree = explain(...common, '--method', 'tree');
    const kernel = explain(...common, '--method', 'kernel') as Doc & { sampling: { exact: boolean; background: number }; additivity: { ok: boolean } };
    assert.equal(kernel.method, 'kernel');
    assert.deepEqual([kernel.sampling.exact, kernel.sampling.background, kernel.additivity.ok], [true, 12, true]);
    near(kernel.baseValue, tree.baseValue, 1e-8, 'base value');
    kernel.rows.forEach((r, i) => r.contributions.forEach((c, j) => near(c, tree.rows[i]!.contributions[j]!, 1e-8, `row ${i} feature ${j}`)));
    const perm = explain(...common, '--method', 'permutation', '--nsamples', '40');
    assert.ok(perm.additivity.maxAbsError < 1e-9);
    perm.rows.forEach((r, i) => r.contributions.forEach((c, j) => near(c, tree.rows[i]!.contributions[j]!, 0.05, `permutation row ${i} feature ${j}`)));
    const lime = explain('--rows', '0', '--method', 'lime', '--nsamples', '800');
    assert.equal(lime.output, 'probability');
    assert.match(lime.rows[0]!.sentence, /^Predicted probability 0\.\d+; /);
    assert.doesNotMatch(lime.rows[0]!.sentence, /log-odds/, "LIME coefficients are in probability, not log-odds");
  });

  it('bad input exits 2 with one line on stderr: unavailable method, bad --rows, bad --background, missing feature', () => {
    const cases: [string[], RegExp][] = [
      [['--nsamples', '100'], /--nsamples applies to --method kernel, permutation or lime/],
      [['--method', 'kernel', '--nsamples', '0'], /--nsamples must be a whole number/],
      [['--method', 'shapley'], /--method must be one of auto, tree, linear, kernel, permutation, lime/],
      [['--rows', '5-2'], /range '5-2' is reversed/],
      [['--rows', '3300'], /row 3300 is out of range; the dataset has 3300 rows/],
      [['--rows', 'x'], /'x' is not a row or range/],
      [['--background', '0'], /--background must be a whole number/],
      [['--format', 'pdf'], /--format must be one of json, md, html/],
    ];
    for (const [args, message] of cases) {
      const r = cli('explain', MODEL, CURRENT, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    const miss = cli('explain', MODEL, join(__dirname, '../../../sample/pricing_predictions.csv'));
    assert.equal(miss.code, 2);
    assert.match(miss.stderr, /lacks model feature/);
  });
});
