import assert from 'node:assert/strict';
import { parseEvaluateRequest, parseEvaluateViewMsg } from '../../../src/shared/evaluateProtocol';
import { parseHistoryPanelState, parseHistoryViewMsg } from '../../../src/shared/historyProtocol';
import type { EvaluationReport } from '../../../src/core/evaluate/types';
import type { CheckTrend } from '../../../src/core/history/historyQuery';
import { initialEvaluateState, reduceEvaluate, tone } from '../../../webview/evaluate/state';
import { chosenFigure, historyVerdict, initialHistoryState, reduceHistory } from '../../../webview/history/state';
import { failOnTable, keyNumbers } from '../../../src/core/evaluate/render/reportRows';
import { evaluateFailOn, parseFailOn } from '../../../src/core/evaluate/failOn';

const report = { verdict: { status: 'warn', text: 'x' }, primaryMetric: 'rocAuc', metrics: [{ name: 'rocAuc', value: 0.8123, ci: [0.8, 0.83] }], windows: [{ flagged: true }, { flagged: false }], labeledRows: 1200, unlabeledRows: 300 } as unknown as EvaluationReport;

describe('Evaluate and History panels: pure state and message whitelists', () => {
  it('evaluate reducer: snapshot clears an error, sections open and close, theme changes bump a counter', () => {
    let s = reduceEvaluate(initialEvaluateState, { type: 'failed', message: 'boom' });
    s = reduceEvaluate(s, { type: 'snapshot', report });
    assert.equal(s.status, 'ready');
    assert.equal(s.error, undefined);
    s = reduceEvaluate(s, { type: 'toggle', section: 'Metrics', open: true });
    s = reduceEvaluate(s, { type: 'toggle', section: 'Metrics', open: true });
    assert.deepEqual(s.open, ['Metrics']);
    assert.deepEqual(reduceEvaluate(s, { type: 'toggle', section: 'Metrics', open: false }).open, []);
    assert.equal(reduceEvaluate(s, { type: 'theme' }).theme, 1);
    assert.deepEqual(tone(report), { word: 'Needs attention', colour: '--vscode-charts-yellow' });
  });

  it('the verdict card has three numbers in 3 significant digits', () => {
    assert.deepEqual(keyNumbers(report).map((k) => [k.label, k.value, k.detail]), [['ROC AUC', '0.812', '[0.8, 0.83]'], ['windows worse than the reference', '1 of 2', undefined], ['labelled rows', '1,200', '300 awaiting labels']]);
  });

  it('the Conditions table names metrics and counts as a person reads them, statuses as words', () => {
    // The results as evaluateFailOn makes them (its `metric` is the id without the scope prefix).
    const r = { ...report, task: 'binary', metrics: [{ name: 'rocAuc', value: 0.81 }], windows: [{ flagged: false, labeledRows: 10, metrics: [{ name: 'accuracy', value: 0.93 }] }], segments: [] } as unknown as EvaluationReport;
    const conditions = ['rocAuc dropped > 0.05 vs median of last 4 runs', 'latest.accuracy<0.9', 'estimated.rocAuc < 0.7', 'flaggedWindows>0'].map(parseFailOn);
    const failOn = [...evaluateFailOn(r, conditions, () => [0.9, 0.9, 0.9, 0.9]), { condition: 'madeUp>1', metric: 'madeUp', status: 'pass', value: 2 }, { condition: 'accuracyX<1', metric: 'accuracy', status: 'pass', value: 2 }];
    const t = failOnTable({ ...report, failOn } as unknown as EvaluationReport)!;
    assert.deepEqual(t.rows.map((r) => [r[0], r[1]]), [
      ['ROC AUC dropped > 0.05 vs median of last 4 runs', 'failed'],
      ['Accuracy (latest window) < 0.9', 'passed'],
      ['ROC AUC (estimated, latest window) < 0.7', 'not evaluated'],
      ['Windows worse than the reference > 0', 'passed'],
      ['madeUp>1', 'passed'],
      ['accuracyX<1', 'passed'],
    ]);
  });
  it('history reducer: the chosen figure per check is a null-prototype map (ids come from files); verdict sentence', () => {
    const t = { id: '__proto__', title: 'T', kind: 'k', runs: [{ status: 'pass', time: '2026-01-01T00:00:00Z' }, { status: 'fail', time: '2026-01-02T00:00:00Z' }], figures: [{ name: 'a', points: [], last: 1, change: null }, { name: 'b', points: [], last: 2, change: null }] } as unknown as CheckTrend;
    const s = reduceHistory(initialHistoryState, { type: 'figure', check: '__proto__', figure: 'b' });
    assert.equal(chosenFigure(s, t)!.name, 'b');
    assert.equal(Object.getPrototypeOf(s.figure), null);
    assert.equal(chosenFigure(initialHistoryState, t)!.name, 'a');
    const v = historyVerdict({ folder: '/w', runs: 2, skippedLines: 0, trends: [t] });
    assert.equal(v.status, 'fail');
    assert.match(v.text, /2 runs recorded; in the latest, T fails \(1 got worse since the run before\)/);
    assert.equal(historyVerdict({ folder: '/w', runs: 0, skippedLines: 0, trends: [] }).status, 'pass');
  });

  it('messages and persisted state are parsed through whitelists', () => {
    assert.deepEqual(parseEvaluateViewMsg({ type: 'evaluate/export', format: 'md', extra: 1 }), { type: 'evaluate/export', format: 'md' });
    assert.equal(parseEvaluateViewMsg({ type: 'evaluate/export', format: 'exe' }), undefined);
    assert.equal(parseEvaluateViewMsg('view/ready'), undefined);
    assert.deepEqual(parseEvaluateRequest({ dataset: '/d.csv', label: 'y', score: 's', window: 'week', business: ['fee'], threshold: 0.4, __proto__: { model: '/evil' } }), { dataset: '/d.csv', label: 'y', score: 's', window: 'week', business: ['fee'], threshold: 0.4 });
    assert.equal(parseEvaluateRequest({ dataset: 42, label: 'y', score: 's' }), undefined);
    assert.equal(parseEvaluateRequest({ dataset: '/d.csv', label: 'y', score: 's', prediction: 'p' }), undefined, 'exactly one of score, prediction, model');
    assert.equal(parseEvaluateRequest({ dataset: '/d.csv', label: 'y', score: 's', threshold: Infinity }), undefined);
    assert.deepEqual(parseHistoryViewMsg({ type: 'history/refresh' }), { type: 'history/refresh' });
    assert.equal(parseHistoryPanelState({ folder: '' }), undefined);
    assert.deepEqual(parseHistoryPanelState({ folder: '/w', check: 'evaluation/x', extra: true }), { folder: '/w', check: 'evaluation/x' });
  });
});
