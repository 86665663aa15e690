import assert from 'assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readModelFile } from '../../../src/core/models/readModelFile';
import { FIXTURE_DIR, flat, loadFixture, maxAbsDiff } from './xgbFixtures';

const MLFLOW_DIR = join(FIXTURE_DIR, 'mlflow');

describe('model metadata (MLflow MLmodel, model card)', () => {
  it('an MLflow model folder: flavors, run id, signature names and types become the feature names; README is the card', () => {
    const model = readModelFile(join(MLFLOW_DIR, 'model.json'));
    const m = model.metadata!;
    assert.deepStrictEqual(m.mlflow!.flavors, ['python_function', 'xgboost']);
    assert.strictEqual(m.mlflow!.runId, '8c2f4e6a1b3d4c5e9f7a0b1c2d3e4f50');
    assert.strictEqual(m.mlflow!.createdAt, '2026-11-20 14:03:11.482915');
    assert.deepStrictEqual(m.mlflow!.signature!.outputs, [{ name: 'default_probability', type: 'double' }]);
    assert.strictEqual(m.featureNamesFrom, 'mlflow-signature');
    assert.deepStrictEqual(model.featureNames, ['credit_score', 'income', 'debt_to_income', 'loan_amount', 'employment_years', 'num_open_accounts']);
    assert.deepStrictEqual(model.featureTypes, ['numeric', 'numeric', 'numeric', 'numeric', 'numeric', 'integer']);
    assert.strictEqual(m.card!.title, 'Loan default model (fixture)');
    assert.deepStrictEqual(m.issues, []);
    // Same model as the binary fixture: metadata changes names, never predictions.
    const { X, n, expected } = loadFixture('binary');
    assert.ok(maxAbsDiff(model.transform(model.predictMargin(X, n), n), flat(expected.prediction)) < 1e-6);
  });

  it('a model without metadata files: no mlflow, no card, names from the model', () => {
    const model = readModelFile(join(FIXTURE_DIR, 'named.model.json'));
    assert.deepStrictEqual([model.metadata!.mlflow, model.metadata!.card, model.metadata!.featureNamesFrom], [null, null, 'model']);
  });

  it('problems are reported as issues, not errors: wrong input count, invalid signature JSON, invalid YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-meta-'));
    try {
      cpSync(join(MLFLOW_DIR, 'model.json'), join(dir, 'model.json'));
      writeFileSync(join(dir, 'MLmodel'), 'flavors:\n  xgboost: {}\nsignature:\n  inputs: \'[{"type": "double", "name": "a"}]\'\n');
      let model = readModelFile(join(dir, 'model.json'));
      assert.strictEqual(model.featureNames, null);
      assert.match(model.metadata!.issues[0]!, /signature has 1 inputs but the model has 6 features/);
      writeFileSync(join(dir, 'MLmodel'), "signature:\n  inputs: '[{not json'\n");
      model = readModelFile(join(dir, 'model.json'));
      assert.match(model.metadata!.issues[0]!, /signature inputs is not valid JSON/);
      writeFileSync(join(dir, 'MLmodel'), 'flavors: [unclosed\n');
      model = readModelFile(join(dir, 'model.json'));
      assert.match(model.metadata!.issues[0]!, /could not be read as YAML/);
      assert.strictEqual(model.metadata!.mlflow, null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
