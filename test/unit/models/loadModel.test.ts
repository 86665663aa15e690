import assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadModel } from '../../../src/core/models/xgboost/loadModel';
import { FIXTURE_DIR } from './xgbFixtures';

// Tests mutate arbitrary parts of a parsed model document, so it is typed loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function doc(): Record<string, any> {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, 'regression.model.json'), 'utf8'));
}

const load = (d: unknown) => () => loadModel(JSON.stringify(d), 'test.json');

describe('loadModel: bad model files fail with stable InputError codes', () => {
  it('not JSON -> PARSE_ERROR', () => {
    assert.throws(() => loadModel(Buffer.from('this is not json'), 'x.json'), { name: 'InputError', code: 'PARSE_ERROR' });
  });

  it('empty file -> FILE_EMPTY', () => {
    assert.throws(() => loadModel(new Uint8Array(0), 'x.json'), { code: 'FILE_EMPTY' });
  });

  it('a pickle is read as data, never unpickled: a truncated one -> BAD_PICKLE, saying nothing was run', () => {
    assert.throws(() => loadModel(Uint8Array.from([0x80, 0x04, 0x95, 0x00]), 'm.pkl'), { code: 'BAD_PICKLE', message: /^m\.pkl .*truncated.*nothing was run/ });
  });

  it('JSON without learner -> UNSUPPORTED_FORMAT', () => {
    assert.throws(load({ model: {} }), { code: 'UNSUPPORTED_FORMAT' });
    assert.throws(load([1, 2]), { code: 'UNSUPPORTED_FORMAT' });
  });

  it('gblinear -> UNSUPPORTED_MODEL', () => {
    const d = doc();
    d.learner.gradient_booster = { name: 'gblinear', model: { weights: [0.1, 0.2] } };
    assert.throws(load(d), { code: 'UNSUPPORTED_MODEL', message: /gblinear/ });
  });

  it('a categorical split without its categories -> INVALID_MODEL', () => {
    const d = doc();
    d.learner.gradient_booster.model.trees[0].split_type[0] = 1;
    assert.throws(load(d), { code: 'INVALID_MODEL', message: /categorical split node 0 has no categories/ });
  });

  it('unknown objective -> UNSUPPORTED_OBJECTIVE listing the supported ones', () => {
    const d = doc();
    d.learner.objective.name = 'rank:pairwise';
    assert.throws(load(d), { code: 'UNSUPPORTED_OBJECTIVE', message: /binary:logistic/ });
  });

  it('structural damage -> INVALID_MODEL naming the JSON path', () => {
    const child = doc();
    child.learner.gradient_booster.model.trees[2].left_children[0] = 9999;
    assert.throws(load(child), { code: 'INVALID_MODEL', message: /trees\[2\]/ });
    const cycle = doc();
    const t = cycle.learner.gradient_booster.model.trees[0];
    t.left_children[1] = 2; // node 2 is now the child of both the root and node 1
    assert.throws(load(cycle), { code: 'INVALID_MODEL', message: /reached twice/ });
    const feat = doc();
    feat.learner.gradient_booster.model.trees[0].split_indices[0] = 6;
    assert.throws(load(feat), { code: 'INVALID_MODEL', message: /split_indices/ });
    const lengths = doc();
    lengths.learner.gradient_booster.model.trees[1].sum_hessian.pop();
    assert.throws(load(lengths), { code: 'INVALID_MODEL', message: /sum_hessian/ });
    const missing = doc();
    delete missing.learner.learner_model_param;
    assert.throws(load(missing), { code: 'INVALID_MODEL', message: /learner_model_param/ });
    const info = doc();
    info.learner.gradient_booster.model.tree_info[0] = 1;
    assert.throws(load(info), { code: 'INVALID_MODEL', message: /tree_info/ });
  });

  it('base_score: "[5E-1]" and "5E-1" both parse; per-class differing vectors and logistic 0 or 1 are rejected', () => {
    const d = doc();
    d.learner.learner_model_param.base_score = '[2.5E-1]';
    assert.strictEqual(loadModel(JSON.stringify(d)).baseScore, 0.25);
    d.learner.learner_model_param.base_score = '[2.5E-1,3E-1]';
    assert.throws(load(d), { code: 'UNSUPPORTED_MODEL' });
    d.learner.learner_model_param.base_score = 'abc';
    assert.throws(load(d), { code: 'INVALID_MODEL' });
    const b = JSON.parse(readFileSync(join(FIXTURE_DIR, 'binary.model.json'), 'utf8'));
    b.learner.learner_model_param.base_score = '1';
    assert.throws(load(b), { code: 'INVALID_MODEL', message: /between 0 and 1/ });
  });

  it('truncated UBJSON -> PARSE_ERROR', () => {
    const ubj = readFileSync(join(FIXTURE_DIR, 'binary.model.ubj'));
    assert.throws(() => loadModel(ubj.subarray(0, 5000), 'm.ubj'), { code: 'PARSE_ERROR' });
  });
});
