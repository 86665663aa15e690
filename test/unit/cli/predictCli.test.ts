import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURRENT, MODEL, cli, expected, near, root } from './modelCliHelpers';

// Reference: xgboost 1.7.4 predict / output_margin on the committed sample model (sample/models/generate.py),
// 20 leading rows plus 5 rows with a missing income. Tolerance 1e-5 absolute (xgboost accumulates in float32).
const TOL = 1e-5;

describe('model-lens CLI (predict)', function () {
  this.timeout(60000);

  it('CSV: header, one line per dataset row, predictions and margins equal xgboost', () => {
    const r = cli('predict', MODEL, CURRENT);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], 'index,prediction,margin');
    assert.equal(lines.length, 1 + 3300);
    expected.rows.forEach((row, i) => {
      const [index, p, m] = lines[1 + row]!.split(',').map(Number) as [number, number, number];
      assert.equal(index, row);
      near(p, expected.prediction[i]!, TOL, `row ${row} prediction`);
      near(m, expected.margin[i]!, TOL, `row ${row} margin`);
    });
  });

  it('JSON: { predictions: [ { index, prediction, margin } ] } equal xgboost, written to --out', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ml-predict-')), 'p.json');
    const r = cli('predict', MODEL, CURRENT, '--format', 'json', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { predictions: { index: number; prediction: number; margin: number }[] };
    assert.deepEqual(Object.keys(doc), ['predictions']);
    assert.equal(doc.predictions.length, 3300);
    doc.predictions.forEach((p, i) => assert.equal(p.index, i));
    expected.rows.forEach((row, i) => {
      assert.deepEqual(Object.keys(doc.predictions[row]!), ['index', 'prediction', 'margin']);
      near(doc.predictions[row]!.prediction, expected.prediction[i]!, TOL, `row ${row} prediction`);
      near(doc.predictions[row]!.margin, expected.margin[i]!, TOL, `row ${row} margin`);
    });
  });

  it('a dataset of several 64k-row blocks: rows in order, the same bits from the workers and from the calling thread', () => {
    // 45 copies of the 3300 rows: blocks of 65536, 65536 and 17428 rows; the first two are scored by the
    // prediction workers, the last (small) one on the main thread, and row k repeats row k mod 3300.
    const [header, ...rows] = readFileSync(CURRENT, 'utf8').trim().split('\n');
    const big = join(mkdtempSync(join(tmpdir(), 'ml-predict-')), 'big.csv');
    writeFileSync(big, `${header}\n${Array.from({ length: 45 }, () => rows.join('\n')).join('\n')}\n`);
    const r = cli('predict', MODEL, big);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').slice(1);
    assert.equal(lines.length, 45 * 3300);
    const value = (k: number) => lines[k]!.slice(lines[k]!.indexOf(','));
    for (let k = 0; k < lines.length; k++) {
      assert.equal(lines[k]!.slice(0, lines[k]!.indexOf(',')), String(k));
      if (value(k) !== value(k % 3300)) assert.fail(`row ${k}: ${value(k)} differs from row ${k % 3300}: ${value(k % 3300)}`);
    }
    expected.rows.forEach((row, i) => near(Number(value(44 * 3300 + row).split(',')[1]), expected.prediction[i]!, TOL, `row ${row}`));
  });

  it('bad input exits 2 with one line on stderr: missing feature, text feature, bad model, pickle, usage', () => {
    const d = mkdtempSync(join(tmpdir(), 'ml-predict-'));
    const noIncome = join(d, 'no_income.csv');
    writeFileSync(noIncome, 'age,loan_amount,credit_score,debt_to_income,employment_years,num_open_accounts\n30,1000,700,0.2,3,4\n');
    const textAge = join(d, 'text_age.csv');
    writeFileSync(textAge, 'age,income,loan_amount,credit_score,debt_to_income,employment_years,num_open_accounts\nthirty,5000,1000,700,0.2,3,4\n');
    const pickle = join(d, 'model.pkl');
    writeFileSync(pickle, Buffer.from([0x80, 0x04, 0x95, 0x10, 0, 0, 0]));
    const cases: [string[], RegExp][] = [
      [['predict', MODEL, noIncome], /lacks model feature\(s\) 'income'/],
      [['predict', MODEL, textAge], /Column 'age' .* type VARCHAR/],
      [['predict', CURRENT, CURRENT], /not valid JSON/],
      [['predict', pickle, CURRENT], /pickle/],
      [['predict', join(root, 'nope.json'), CURRENT], /not found/],
      [['predict', MODEL], /expected <model> <dataset>/],
      [['predict', MODEL, CURRENT, '--format', 'xml'], /--format must be one of csv, json/],
      [['predict', MODEL, CURRENT, '--out', CURRENT], /refusing to overwrite/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});
