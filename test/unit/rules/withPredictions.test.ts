import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { InputError } from '../../../src/core/errors';
import { readModelFile } from '../../../src/core/models/readModelFile';
import { parseRulesFile } from '../../../src/core/rules/rulesFile';
import { validateDataset } from '../../../src/core/rules/validateDataset';
import { withPredictions } from '../../../src/core/rules/withPredictions';

const root = join(__dirname, '../../..');
const modelPath = join(root, 'sample/models/loan_xgb.json');
/** XGBoost 1.7.4's own predict() for rows of loans_current.csv (sample/models/generate.py). */
const expected = JSON.parse(readFileSync(join(root, 'sample/models/loan_xgb.expected.json'), 'utf8')) as { rows: number[]; prediction: number[] };
const rules = parseRulesFile('rules:\n  - id: probability\n    expr: prediction between 0 and 1\n    severity: error\n  - id: confident\n    expr: prediction < 0.5\n    severity: info\n');

describe('rules over a model scored on the fly (validate --model)', function () {
  this.timeout(60000);
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 2 }); });
  after(() => engine.close());

  it("checks the model's output as a column: violations and example values match XGBoost's predict (1e-5)", async () => {
    const ds = await withPredictions(engine, await loadDataset(engine, join(root, 'sample/loans_current.csv')), readModelFile(modelPath), 'prediction');
    const report = await validateDataset(engine, ds, rules, { maxExamples: 1000 });
    await ds.release();
    assert.equal(report.rules[0]!.status, 'pass');
    const examples = new Map(report.rules[1]!.examples.map((e) => [e.row, e.values['prediction'] as number]));
    assert.ok(report.rules[1]!.violations > 1000, 'more violators than examples, so the first 1000 rows of violators are listed');
    expected.rows.forEach((index, k) => {
      const p = expected.prediction[k]!;
      const row = index + 1;
      if (index >= 1000) return;
      assert.equal(examples.has(row), p >= 0.5, `data row ${row}: xgboost ${p}`);
      if (examples.has(row)) assert.ok(Math.abs(examples.get(row)! - p) <= 1e-5, `row ${row}: ${examples.get(row)} vs ${p}`);
    });
  });

  it('gives the same report for the Parquet and CSV copies of a file', async () => {
    const reports = [];
    for (const f of ['loans_reference.csv', 'loans_reference.parquet']) {
      const ds = await withPredictions(engine, await loadDataset(engine, join(root, 'sample', f)), readModelFile(modelPath), 'prediction');
      reports.push(await validateDataset(engine, ds, rules, { label: 'x' }));
      await ds.release();
    }
    assert.deepEqual(reports[1], reports[0]);
  });

  it('refuses to shadow an existing column (COLUMN_EXISTS)', async () => {
    const ds = await loadDataset(engine, join(root, 'sample/loans_current.csv'));
    await assert.rejects(withPredictions(engine, ds, readModelFile(modelPath), 'score'), (e: unknown) => e instanceof InputError && e.code === 'COLUMN_EXISTS');
    await ds.release();
  });
});
