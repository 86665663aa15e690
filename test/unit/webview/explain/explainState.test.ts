// The explanation panel's pure state on a real explanation of the sample model (8 rows of
// sample/models/loan_xgb.expected.json): the waterfall it shows is XGBoost's pred_contribs (1e-5 absolute).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainDocument } from '../../../../src/core/explain/explainDocument';
import { treeExplainer } from '../../../../src/core/explain/explainer';
import { treeShapInteractions } from '../../../../src/core/explain/treeShapInteractions';
import { strongestInteractions } from '../../../../src/core/explain/view/strongestInteractions';
import { readModelFile } from '../../../../src/core/models/readModelFile';
import type { ExplainSnapshot } from '../../../../src/shared/explainProtocol';
import { beeswarm, dependence, initialExplainState, MAX_PLOT_ROWS, phiOf, plotRows, rankColor, reduceExplain, rowPosition, selectedWaterfall, valueRanks } from '../../../../webview/explain/state';

const root = join(__dirname, '..', '..', '..', '..');
const expected = JSON.parse(readFileSync(join(root, 'sample', 'models', 'loan_xgb.expected.json'), 'utf8')) as { rows: number[]; X: (number | null)[][]; contribs: number[][] };
const model = readModelFile(join(root, 'sample', 'models', 'loan_xgb.json'));
const take = [0, 1, 2, 3, 4, 20, 21, 22];
const X = Float64Array.from(take.flatMap((k) => expected.X[k]!.map((v) => (v === null ? NaN : v))));
const rowIndices = take.map((k) => expected.rows[k]!);
const doc = explainDocument(treeExplainer.explain(model, X, take.length, { rowIndices }), model, X);
const snapshot: ExplainSnapshot = {
  doc,
  rows: { explained: take.length, total: 3300, sampled: true, seed: 0 },
  interactionRows: take.length,
  interactions: doc.features.map((feature) => ({ feature, partner: feature === 'income' ? 'credit_score' : null, strength: 0.1 })),
};

describe('explanation panel state', () => {
  it('opens on the focus row and shows its waterfall equal to XGBoost pred_contribs', () => {
    const s = reduceExplain(initialExplainState, { type: 'snapshot', snapshot: { ...snapshot, focusRow: expected.rows[21]! } });
    assert.equal(s.status, 'ready');
    assert.equal(doc.rows[s.row]!.index, expected.rows[21]);
    const w = selectedWaterfall(s)!;
    const want = expected.contribs[21]!;
    assert.ok(Math.abs(w.base - want[want.length - 1]!) <= 1e-5);
    for (const step of w.steps) {
      const feature = step.label.split(' = ')[0]!;
      const j = doc.features.indexOf(feature);
      assert.ok(Math.abs(step.contribution - want[j]!) <= 1e-5, `${step.label}: ${step.contribution} vs ${want[j]}`);
    }
    assert.equal(w.steps.length, 7, 'all 7 features are shown (no "other" step)');
    assert.ok(w.steps.some((st) => st.label === 'income = missing'), 'row 21 of the fixture has income missing');
    assert.ok(Math.abs(w.end - want.reduce((a, b) => a + b, 0)) <= 1e-5, 'ends at the margin');
  });

  it('keeps the row, feature and class across refreshes; ignores unknown rows, features and classes', () => {
    let s = reduceExplain(initialExplainState, { type: 'snapshot', snapshot });
    assert.equal(s.row, 0);
    assert.equal(s.feature, doc.global[0]!.feature, 'the dependence plot starts on the most important feature');
    s = reduceExplain(s, { type: 'focus', datasetRow: expected.rows[3]! });
    assert.equal(s.row, 3);
    assert.equal(reduceExplain(s, { type: 'focus', datasetRow: 999_999 }), s);
    s = reduceExplain(s, { type: 'feature', feature: 'age' });
    assert.equal(reduceExplain(s, { type: 'feature', feature: 'nope' }), s);
    assert.equal(reduceExplain(s, { type: 'class', index: 1 }), s, 'a binary model has one class');
    s = reduceExplain(reduceExplain(s, { type: 'loading' }), { type: 'snapshot', snapshot });
    assert.equal(s.row, 3);
    assert.equal(s.feature, 'age');
    const failed = reduceExplain(s, { type: 'failed', message: 'boom' });
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error, 'boom');
  });

  it('finds rows by dataset index', () => {
    rowIndices.forEach((r, i) => assert.equal(rowPosition(doc, r), i));
    assert.equal(rowPosition(doc, 5), -1);
  });

  it('ranks values in [0, 1] with ties sharing the mean rank and missing as null', () => {
    assert.deepEqual(valueRanks([10, null, 30, 20, 20]), [0, null, 1, 0.5, 0.5]);
    assert.deepEqual(valueRanks([7]), [0.5]);
    assert.equal(rankColor(null), 'rgba(136,136,136,0.7)');
    assert.equal(rankColor(0), 'rgba(0,138,255,0.8)');
    assert.equal(rankColor(1), 'rgba(255,0,82,0.8)');
  });

  it('lays out one beeswarm point per row and feature, in lanes by importance, x = the SHAP value', () => {
    const b = beeswarm(doc, 0);
    assert.deepEqual(b.features, doc.global.map((g) => g.feature));
    assert.equal(b.points.length, doc.rows.length * doc.features.length);
    for (const p of b.points) {
      const lane = Math.round(p.y);
      assert.ok(Math.abs(p.y - lane) <= 0.4 + 1e-12);
      const j = doc.features.indexOf(b.features[lane]!);
      assert.equal(p.x, phiOf(doc.rows[p.row]!, 0)[j]);
    }
    assert.equal(beeswarm(doc, 0, 3).features.length, 3);
  });

  it('plots dependence against the feature value, coloured by the strongest partner, leaving missing values out', () => {
    const d = dependence(snapshot, 0, 'income');
    assert.equal(d.partner, 'credit_score');
    const j = doc.features.indexOf('income');
    const missing = doc.rows.filter((r) => r.values[j] === null).length;
    assert.ok(missing > 0);
    assert.equal(d.missing, missing);
    assert.equal(d.points.length, doc.rows.length - missing);
    const cs = valueRanks(doc.rows.map((r) => r.values[doc.features.indexOf('credit_score')] ?? null));
    for (const p of d.points) {
      assert.equal(p.x, doc.rows[p.row]!.values[j]);
      assert.equal(p.y, phiOf(doc.rows[p.row]!, 0)[j]);
      assert.equal(p.c, cs[p.row]);
    }
    assert.equal(dependence(snapshot, 0, 'age').partner, null);
  });
});

describe('explanation panel state: multiclass (test/fixtures/models/multiclass, xgboost 1.7.4)', () => {
  const fx = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'models', 'multiclass.expected.json'), 'utf8')) as { X: (number | null)[][]; contribs: number[][][]; interactions: number[][][][] };
  const m = readModelFile(join(root, 'test', 'fixtures', 'models', 'multiclass.model.json'));
  const n = fx.X.length;
  const F = m.numFeatures;
  const Xm = Float64Array.from(fx.X.flatMap((r) => r.map((v) => (v === null ? NaN : v))));
  const mdoc = explainDocument(treeExplainer.explain(m, Xm, n), m, Xm);

  it('switches class and shows that class\'s contributions (pred_contribs, 1e-5)', () => {
    let s = reduceExplain(initialExplainState, { type: 'snapshot', snapshot: { ...snapshot, doc: mdoc, interactions: [] } });
    s = reduceExplain(s, { type: 'class', index: 2 });
    assert.equal(s.classIndex, 2);
    assert.equal(reduceExplain(s, { type: 'class', index: 3 }), s, 'there are 3 classes');
    s = reduceExplain(s, { type: 'focus', datasetRow: 4 });
    const w = selectedWaterfall(s)!;
    const want = fx.contribs[4]![2]!;
    assert.ok(Math.abs(w.base - want[F]!) <= 1e-5);
    for (const st of w.steps) {
      const j = Number(/^f(\d+)/.exec(st.label)![1]);
      assert.ok(Math.abs(st.contribution - want[j]!) <= 1e-5, `${st.label}: ${st.contribution} vs ${want[j]}`);
    }
    assert.equal(beeswarm(mdoc, 2).points.filter((p) => p.row === 4 && Math.round(p.y) === 0)[0]!.x, phiOf(mdoc.rows[4]!, 2)[mdoc.features.indexOf(mdoc.global[0]!.feature)]);
  });

  it('strongest interactions sum |Φ| over classes, as computed from XGBoost\'s pred_interactions', () => {
    const got = strongestInteractions(treeShapInteractions(m.trees!, m.baseMargin, Xm, n, F), n, m.numGroups, mdoc.features);
    for (let i = 0; i < F; i++) {
      const mean = Array.from({ length: F }, (_, j) => fx.interactions.reduce((s, r) => s + r.reduce((t, cls) => t + Math.abs(cls[i]![j]!), 0), 0) / n);
      let best = -1;
      for (let j = 0; j < F; j++) if (j !== i && mean[j]! > (best < 0 ? 0 : mean[best]!)) best = j;
      assert.equal(got[i]!.partner, best < 0 ? null : mdoc.features[best], `partner of f${i}`);
      if (best >= 0) assert.ok(Math.abs(got[i]!.strength - mean[best]!) <= 1e-5, `strength of f${i}`);
    }
  });
});

describe('explanation panel state: large explanations', () => {
  it('thins plots evenly beyond MAX_PLOT_ROWS rows', () => {
    assert.deepEqual(plotRows(5), [0, 1, 2, 3, 4]);
    const big = plotRows(10 * MAX_PLOT_ROWS);
    assert.equal(big.length, MAX_PLOT_ROWS);
    assert.equal(big[0], 0);
    assert.equal(big[1], 10);
    assert.ok(big[big.length - 1]! < 10 * MAX_PLOT_ROWS);
  });
});
