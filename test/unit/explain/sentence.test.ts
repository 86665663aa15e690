import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contributionUnit, explainSentence } from '../../../src/core/explain/sentence';

const features = ['sex_female', 'age', 'fare', 'pclass'];

describe('explainSentence: plain-language summary of one row', () => {
  it('logistic: prediction, top raising then lowering features with values, in log-odds, largest first', () => {
    const s = explainSentence({ prediction: 0.8213, contributions: [1.9, -0.3, 0.4, -0.8], features, values: [1, 29, 72.5, 1], link: 'logit', outputKind: 'probability' });
    assert.equal(s, 'Predicted probability 0.821; sex_female = 1 raised it most (+1.9 log-odds), then fare = 72.5 (+0.4 log-odds); pclass = 1 lowered it most (−0.8 log-odds), then age = 29 (−0.3 log-odds).');
  });

  it('regression: the value, contributions without a unit; top = 1; missing values are named', () => {
    const s = explainSentence({ prediction: 251000, contributions: [0, 12000, -3500, 800], features, values: [0, NaN, 3, 2], link: 'identity', outputKind: 'value', top: 1 });
    assert.equal(s, 'Predicted 251000; age (missing) raised it most (+12000); fare = 3 lowered it most (−3500).');
  });

  it('says so when nothing raised (or lowered) the prediction; zero contributions are not named', () => {
    const s = explainSentence({ prediction: 0.1, contributions: [0, -0.25, 0, 0], features, link: 'logit', outputKind: 'probability' });
    assert.equal(s, 'Predicted probability 0.1; no feature raised it; age lowered it most (−0.25 log-odds).');
  });

  it('multiclass: explains the most probable class with its contributions, in logits', () => {
    const s = explainSentence({
      prediction: [0.2, 0.7, 0.1],
      contributions: [[5, 5, 5, 5], [0.5, -1.2, 0, 0.1], [-5, -5, -5, -5]],
      features, link: 'softmax', outputKind: 'probability',
    });
    assert.equal(s, 'Predicted class 1 (probability 0.7); sex_female raised it most (+0.5 logit), then pclass (+0.1 logit); age lowered it most (−1.2 logit).');
  });

  it('units follow the link: log-odds, logit, log units, none', () => {
    assert.deepEqual((['logit', 'softmax', 'log', 'identity'] as const).map(contributionUnit), ['log-odds', 'logit', 'log units', '']);
  });

  it('names the features xgboost\'s own pred_contribs rank highest / lowest (sample loan model, row 0)', () => {
    const e = JSON.parse(readFileSync(join(__dirname, '../../../sample/models/loan_xgb.expected.json'), 'utf8')) as { features: string[]; contribs: number[][]; prediction: number[] };
    const phi = e.contribs[0]!.slice(0, -1);
    const up = phi.indexOf(Math.max(...phi));
    const down = phi.indexOf(Math.min(...phi));
    const s = explainSentence({ prediction: e.prediction[0]!, contributions: phi, features: e.features, link: 'logit', outputKind: 'probability', top: 1 });
    assert.match(s, new RegExp(`; ${e.features[up]} raised it most \\(\\+[0-9.]+ log-odds\\); ${e.features[down]} lowered it most \\(−[0-9.]+ log-odds\\)\\.$`));
  });
});
