import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { ks } from '../../../src/core/drift/tests/ks';
import { wasserstein } from '../../../src/core/drift/tests/wasserstein';
import { numericScoreDrift } from '../../../src/core/evaluate/scoreDrift';
import { mulberry32 } from '../../../src/core/random';
import { parseFailOn } from '../../../src/core/evaluate/failOn';
import { runEvaluation } from '../../../src/core/evaluate/runEvaluation';
import type { EvaluationReport, MetricValue } from '../../../src/core/evaluate/types';
import { close12, FIXTURES, REF } from './fixtures';

const value = (ms: MetricValue[], id: string) => ms.find((m) => m.name === id)?.value;

describe('evaluate: the whole evaluation through DuckDB equals scikit-learn 1.2 to 1e-12', function () {
  this.timeout(60000);
  let engine: Engine;
  before(async () => { engine = await Engine.create({ threads: 2 }); });
  after(() => engine.close());
  const run = (file: string, o: Partial<Parameters<typeof runEvaluation>[1]>) => runEvaluation(engine, { dataset: join(FIXTURES, file), label: 'y', bootstrap: 100, ...o });

  it('binary with ties: overall metrics, and per week (date_trunc week) every metric, revenue mean/sum, low-confidence share', async () => {
    const r = await run('binary_ties.csv', { score: 'score', timeColumn: 'date', window: 'week', business: ['revenue'] });
    for (const [id, v] of Object.entries(REF.binary_ties.threshold05.metrics)) close12(value(r.metrics, id), v as number, `overall ${id}`);
    const weeks = REF.binary_ties.weeks as { start: string; rows: number; metrics: Record<string, number | null>; revenueMean: number; revenueSum: number; lowConfidence: number }[];
    assert.equal(r.windows!.length, weeks.length);
    r.windows!.forEach((w, i) => {
      assert.equal(w.start.slice(0, 10), weeks[i]!.start);
      assert.equal(w.labeledRows, weeks[i]!.rows);
      for (const [id, v] of Object.entries(weeks[i]!.metrics)) close12(value(w.metrics, id), v, `week ${i} ${id}`);
      close12(w.business[0]!.mean, weeks[i]!.revenueMean, `week ${i} revenue mean`);
      assert.ok(Math.abs(w.business[0]!.sum! - weeks[i]!.revenueSum) <= 1e-9 * weeks[i]!.revenueSum, `week ${i} revenue sum`);
      close12(w.lowConfidenceShare, weeks[i]!.lowConfidence, `week ${i} low confidence`);
    });
    assert.ok(r.estimated && r.estimated.windows.length === weeks.length, 'CBPE per week');
    assert.ok(r.windows![0]!.scoreDrift, 'score drift per week');
  });

  it('NaN and empty scores are excluded and counted; rows without a label are unlabelled', async () => {
    const r = await run('binary_nan.csv', { score: 'score' });
    for (const [id, v] of Object.entries(REF.binary_nan.metrics)) close12(value(r.metrics, id), v as number, id);
    assert.equal(r.excludedRows, REF.binary_nan.excludedScores);
    assert.equal(r.unlabeledRows, REF.binary_nan.unlabeled);
    assert.ok(r.issues.some((i) => i.code === 'EXCLUDED_ROWS'));
  });

  it('a single-class month: AUC undefined there with a reason, other metrics equal sklearn', async () => {
    const r = await run('binary_single.csv', { score: 'score', timeColumn: 'month', window: 'month' });
    const feb = r.windows![1]!;
    for (const [id, v] of Object.entries(REF.binary_single.february.metrics)) close12(value(feb.metrics, id), v as number | null, `february ${id}`);
    assert.match(feb.metrics.find((m) => m.name === 'rocAuc')!.note!, /both positive and negative/);
    for (const [id, v] of Object.entries(REF.binary_single.january.metrics)) close12(value(r.windows![0]!.metrics, id), v as number, `january ${id}`);
  });

  it('decision scores outside [0, 1] with --threshold 0: AUCs only, no probability metrics', async () => {
    const r = await run('binary_decision.csv', { score: 'margin', threshold: 0 });
    close12(value(r.metrics, 'rocAuc'), REF.binary_decision.metrics.rocAuc, 'rocAuc');
    close12(value(r.metrics, 'accuracy'), REF.binary_decision.metrics.accuracy, 'accuracy');
    assert.equal(value(r.metrics, 'logLoss'), null);
    assert.match(r.metrics.find((m) => m.name === 'brier')!.note!, /probabilities/);
  });

  it('multiclass from a string prediction column: classes sorted, per class and averages', async () => {
    const r = await run('multiclass.csv', { label: 'label', prediction: 'predicted' });
    assert.equal(r.task, 'multiclass');
    assert.deepEqual(r.classes, REF.multiclass.classes);
    for (const id of ['accuracy', 'precisionMacro', 'recallMacro', 'f1Macro', 'precisionWeighted', 'recallWeighted', 'f1Weighted']) close12(value(r.metrics, id), REF.multiclass[id], id);
    r.perClass!.forEach((c, i) => close12(c.recall.value, REF.multiclass.perClass[i].recall, `${c.class} recall`));
    assert.deepEqual(r.confusion!.matrix, REF.multiclass.confusion);
  });

  it('regression: guessed from a continuous label, metrics and residual quantiles', async () => {
    const r = await run('regression.csv', { label: 'target', prediction: 'prediction' });
    assert.equal(r.task, 'regression');
    for (const id of ['mae', 'rmse', 'r2', 'mape']) close12(value(r.metrics, id), REF.regression[id], id);
    for (const q of r.residualQuantiles!) close12(q.value, REF.regression.residualQuantiles[String(q.q)], `q${q.q}`);
  });

  it('--fail-on conditions: rocAuc<0.9 fails, ece>0.5 passes, latest window and counts', async () => {
    const r: EvaluationReport = await run('binary_ties.csv', { score: 'score', timeColumn: 'date', window: 'week', failOn: ['rocAuc<0.9', 'ece>0.5', 'latest.accuracy<0.5', 'flaggedWindows>0'].map(parseFailOn) });
    assert.deepEqual(r.failOn.map((f) => f.status), ['fail', 'pass', 'pass', 'pass']);
    assert.equal(r.verdict.status, 'fail');
    assert.match(r.verdict.text, /rocAuc<0\.9/);
  });

  it('bad input gets a specific error code', async () => {
    await assert.rejects(run('binary_ties.csv', { score: 'nope' }), (e: { code?: string }) => e.code === 'COLUMN_NOT_FOUND');
    await assert.rejects(run('binary_ties.csv', { score: 'region' }), (e: { code?: string }) => e.code === 'SCORE_TYPE');
    await assert.rejects(run('multiclass.csv', { label: 'label', score: 'p_cat' }), (e: { code?: string }) => e.code === 'LABEL_VALUES');
    await assert.rejects(run('binary_ties.csv', { score: 'score', timeColumn: 'date' }), (e: { code?: string }) => e.code === 'BAD_ARGUMENT');
    assert.throws(() => parseFailOn('rocAUC<0.8'), (e: { code?: string }) => e.code === 'BAD_FAIL_ON');
  });
});

describe('evaluate: score drift per window reuses drift (Evidently defaults)', () => {
  it('the sorted-sample Wasserstein equals drift\'s wasserstein test to 1e-12; small references use the registry test', () => {
    const r = mulberry32(4);
    const a = Float64Array.from({ length: 3000 }, () => Math.round(r() * 1000) / 1000).sort();
    const b = Float64Array.from({ length: 2500 }, () => Math.round((r() * 0.9 + 0.05) ** 1.3 * 1000) / 1000).sort();
    const mine = numericScoreDrift(a, b, 0)!;
    const theirs = wasserstein.run({ kind: 'numeric', values: a }, { kind: 'numeric', values: b });
    assert.equal(mine.test, 'wasserstein');
    close12(mine.score, theirs.score, 'normed Wasserstein');
    const small = numericScoreDrift(a.subarray(0, 500), b, 0)!;
    assert.equal(small.test, 'ks');
    close12(small.pValue, ks.run({ kind: 'numeric', values: a.subarray(0, 500) }, { kind: 'numeric', values: b }).pValue, 'ks p-value');
  });
});
