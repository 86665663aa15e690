import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelSummary } from '../../../../src/core/explain/view/modelSummary';
import { readModelFile } from '../../../../src/core/models/readModelFile';
import { importanceBars, initialModelState, modelFacts, reduceModel, runButtons } from '../../../../webview/model/state';

const file = join(__dirname, '..', '..', '..', '..', 'sample', 'models', 'loan_xgb.json');
const summary = modelSummary(readModelFile(file), file, readFileSync(file));

describe('model editor state', () => {
  it('enables Predict/Explain only for a readable model in a trusted workspace', () => {
    assert.deepEqual(runButtons(initialModelState), { enabled: false, reason: 'The model could not be read, so it cannot be run.' });
    const trusted = reduceModel(initialModelState, { type: 'snapshot', summary, trusted: true });
    assert.deepEqual(runButtons(trusted), { enabled: true });
    const restricted = reduceModel(initialModelState, { type: 'snapshot', summary, trusted: false });
    const gate = runButtons(restricted);
    assert.equal(gate.enabled, false);
    assert.match(gate.reason ?? '', /Restricted Mode/);
    assert.equal(restricted.summary, summary, 'metadata is still shown');
  });

  it('keeps the error and code of a file that is not a model', () => {
    const s = reduceModel(initialModelState, { type: 'failed', message: 'not valid JSON', code: 'PARSE_ERROR' });
    assert.equal(s.status, 'failed');
    assert.equal(s.code, 'PARSE_ERROR');
    assert.equal(s.summary, undefined);
    assert.equal(runButtons(s).enabled, false);
  });

  it('scales importance bars to the largest gain and cover', () => {
    const bars = importanceBars(summary);
    assert.equal(bars[0]!.gainShare, 1, 'rows are sorted by gain, so the first bar is full');
    const maxCover = Math.max(...summary.importance.map((f) => f.cover));
    bars.forEach((b, i) => {
      const f = summary.importance[i]!;
      assert.equal(b.feature, f.feature);
      assert.equal(b.gainShare, f.gain! / summary.importance[0]!.gain!);
      assert.equal(b.coverShare, f.cover / maxCover);
    });
  });

  it('lists the facts a person reads first', () => {
    const facts = new Map(modelFacts(summary));
    assert.equal(facts.get('type'), 'XGBoost');
    assert.equal(facts.get('objective'), 'binary:logistic');
    assert.equal(facts.get('trees'), '50');
    assert.equal(facts.get('features'), '7');
    assert.equal(facts.get('format'), 'XGBoost JSON (written by 1.7.4)');
  });
});
