import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sniffModelHead } from '../../../../src/core/explain/view/sniffModel';

const root = join(__dirname, '..', '..', '..', '..');
const head = (p: string): string => readFileSync(join(root, p)).subarray(0, 256).toString('utf8');

describe('sniffModelHead (which .json/.txt files get the model editor)', () => {
  it('recognises XGBoost JSON models written by xgboost 1.7 and 2.x', () => {
    assert.equal(sniffModelHead(head('sample/models/loan_xgb.json')), 'xgboost');
    assert.equal(sniffModelHead(head('test/fixtures/models/binary_v2.model.json')), 'xgboost');
    assert.equal(sniffModelHead('\uFEFF{\n  "learner" : {'), 'xgboost', 'pretty-printed, with a BOM');
  });
  it('recognises a LightGBM text model by its first line', () => {
    assert.equal(sniffModelHead('tree\nversion=v4\nnum_class=1\n'), 'lightgbm');
    assert.equal(sniffModelHead('tree\r\nversion=v3\r\n'), 'lightgbm');
  });
  it('leaves ordinary JSON and text alone', () => {
    assert.equal(sniffModelHead(head('sample/models/loan_xgb.expected.json')), undefined);
    assert.equal(sniffModelHead(head('package.json')), undefined);
    assert.equal(sniffModelHead('{"name": "x", "learner_rate": 0.1}'), undefined);
    assert.equal(sniffModelHead('{"version": [2, 0, 3], "learner": {}}'), undefined, 'learner must come first');
    assert.equal(sniffModelHead('trees are nice\n'), undefined);
  });
});
