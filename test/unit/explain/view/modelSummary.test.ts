// Gain/cover importance of the model custom editor against XGBoost's own get_score (test/fixtures/modelview/
// generate.py, xgboost 1.7.4): total_gain and total_cover to 1e-6 relative, split counts exactly.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelSummary } from '../../../../src/core/explain/view/modelSummary';
import { readModelFile } from '../../../../src/core/models/readModelFile';

const root = join(__dirname, '..', '..', '..', '..');
type Scores = Record<string, number>;
const expected = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'modelview', 'importance.expected.json'), 'utf8')) as Record<string, { path: string; rounds: number; total_gain: Scores; total_cover: Scores; weight: Scores }>;

const close = (a: number, b: number, rel: number): boolean => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));

describe('modelSummary: gain/cover importance vs xgboost get_score', () => {
  for (const [name, ref] of Object.entries(expected)) {
    it(`${name}: total_gain, total_cover (1e-6 relative) and split counts`, () => {
      const file = join(root, ref.path);
      const s = modelSummary(readModelFile(file), file, readFileSync(file));
      assert.equal(s.kind, 'xgboost');
      const used = s.importance.filter((f) => f.splits > 0);
      assert.deepEqual(used.map((f) => f.feature).sort(), Object.keys(ref.weight).sort(), 'the features that have splits');
      for (const f of used) {
        assert.equal(f.splits, ref.weight[f.feature], `splits on ${f.feature}`);
        assert.ok(f.gain !== null && close(f.gain, ref.total_gain[f.feature]!, 1e-6), `${f.feature}: gain ${f.gain} vs ${ref.total_gain[f.feature]}`);
        assert.ok(close(f.cover, ref.total_cover[f.feature]!, 1e-6), `${f.feature}: cover ${f.cover} vs ${ref.total_cover[f.feature]}`);
      }
      for (const f of s.importance.filter((x) => x.splits === 0)) assert.equal(f.cover, 0);
      // Largest gain first.
      for (let i = 1; i < s.importance.length; i++) assert.ok(s.importance[i - 1]!.gain! >= s.importance[i]!.gain!);
    });
  }

  it('describes the sample model: format, version, objective, inputs, outputs and trees', () => {
    const file = join(root, 'sample', 'models', 'loan_xgb.json');
    const s = modelSummary(readModelFile(file), file, readFileSync(file));
    assert.equal(s.format, 'XGBoost JSON');
    assert.equal(s.version, '1.7.4');
    assert.equal(s.objective, 'binary:logistic');
    assert.deepEqual(s.inputs.map((i) => i.name), ['age', 'income', 'loan_amount', 'credit_score', 'debt_to_income', 'employment_years', 'num_open_accounts']);
    assert.deepEqual(s.outputs, [{ name: 'prediction', description: 'probability of the positive class' }]);
    assert.equal(s.trees?.count, 50);
    assert.ok(s.trees && s.trees.maxDepth <= 4 && s.trees.maxDepth >= 1);
  });

  it('names the UBJSON format and falls back to cover ranking without the file bytes', () => {
    const file = join(root, 'test', 'fixtures', 'models', 'binary.model.ubj');
    assert.equal(modelSummary(readModelFile(file), file, readFileSync(file)).format, 'XGBoost UBJSON');
    const noBytes = modelSummary(readModelFile(file), file);
    assert.ok(noBytes.importance.every((f) => f.gain === null));
    for (let i = 1; i < noBytes.importance.length; i++) assert.ok(noBytes.importance[i - 1]!.cover >= noBytes.importance[i]!.cover);
  });
});
