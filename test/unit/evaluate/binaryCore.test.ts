import assert from 'node:assert/strict';
import { binaryBootstrap } from '../../../src/core/evaluate/binary/binaryBootstrap';
import { BINARY_METRIC_IDS } from '../../../src/core/evaluate/binary/binarySums';
import { evaluateBinary } from '../../../src/core/evaluate/binary/evaluateBinary';
import { sortScores } from '../../../src/core/evaluate/binary/sortedScores';
import { mulberry32 } from '../../../src/core/random';
import { close12, fixtureRows, REF } from './fixtures';

function load(name: string, score = 'score'): { y: Float64Array; s: Float64Array } {
  const rows = fixtureRows(name).filter((r) => r['y'] !== '' && r[score] !== '' && r[score] !== 'NaN');
  return { y: Float64Array.from(rows.map((r) => Number(r['y']))), s: Float64Array.from(rows.map((r) => Number(r[score]))) };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function compare(res: ReturnType<typeof evaluateBinary>, ref: any, what: string): void {
  BINARY_METRIC_IDS.forEach((id, i) => close12(res.values[i], ref.metrics[id], `${what} ${id}`));
  assert.deepEqual(res.confusion, ref.confusion, `${what} confusion`);
}

describe('evaluate: binary metrics equal scikit-learn 1.2 to 1e-12', () => {
  it('ties in scores, threshold 0.5 and 0.3: all nine metrics, confusion, reliability bins', () => {
    const { y, s } = load('binary_ties.csv');
    const sorted = sortScores(y, s);
    for (const [t, key] of [[0.5, 'threshold05'], [0.3, 'threshold03']] as const) {
      const res = evaluateBinary(sorted, { threshold: t, maxPoints: 1e6 });
      compare(res, REF.binary_ties[key], `t=${t}`);
      const rel = REF.binary_ties[key].reliability as { count: number; meanPredicted: number; fractionPositive: number }[];
      assert.equal(res.reliability.length, rel.length);
      res.reliability.forEach((b, i) => {
        assert.equal(b.count, rel[i]!.count);
        close12(b.meanPredicted, rel[i]!.meanPredicted, `bin ${i} mean predicted`);
        close12(b.fractionPositive, rel[i]!.fractionPositive, `bin ${i} fraction positive`);
      });
    }
  });

  it('ROC and PR curves at every distinct threshold, best-F1 and Youden thresholds', () => {
    const { y, s } = load('binary_ties.csv');
    const res = evaluateBinary(sortScores(y, s), { threshold: 0.5, maxPoints: 1e6 });
    const ref = REF.binary_ties.threshold05;
    assert.deepEqual(res.roc.threshold, ref.roc.threshold);
    res.roc.fpr.forEach((v, i) => close12(v, ref.roc.fpr[i], `fpr ${i}`));
    res.roc.tpr.forEach((v, i) => close12(v, ref.roc.tpr[i], `tpr ${i}`));
    assert.deepEqual(res.pr.threshold, ref.pr.threshold);
    res.pr.precision.forEach((v, i) => close12(v, ref.pr.precision[i], `precision ${i}`));
    res.pr.recall.forEach((v, i) => close12(v, ref.pr.recall[i], `recall ${i}`));
    assert.equal(res.best.f1?.threshold, ref.bestF1.threshold);
    close12(res.best.f1?.f1, ref.bestF1.f1, 'best F1');
    assert.equal(res.best.youden?.threshold, ref.youden.threshold);
    close12(res.best.youden?.j, ref.youden.j, 'Youden J');
  });

  it('NaN and empty scores are excluded, rows without a label left out: equal to sklearn on the rest', () => {
    const { y, s } = load('binary_nan.csv');
    compare(evaluateBinary(sortScores(y, s), { threshold: 0.5 }), REF.binary_nan, 'nan');
  });

  it('a single-class window: AUC, PR AUC, recall and F1 are undefined (NaN), the rest defined', () => {
    const rows = fixtureRows('binary_single.csv');
    const feb = rows.filter((r) => r['month'] === '2026-02-01');
    const res = evaluateBinary(sortScores(Float64Array.from(feb.map((r) => Number(r['y']))), Float64Array.from(feb.map((r) => Number(r['score'])))), { threshold: 0.5 });
    compare(res, REF.binary_single.february, 'february');
    assert.ok(Number.isNaN(res.values[0]!) && Number.isNaN(res.values[1]!));
    assert.equal(res.best.youden, null);
  });

  it('decision scores outside [0, 1]: ROC and PR AUC only, threshold 0', () => {
    const { y, s } = load('binary_decision.csv', 'margin');
    const res = evaluateBinary(sortScores(y, s), { threshold: 0 });
    assert.equal(res.probabilities, false);
    compare(res, REF.binary_decision, 'decision');
  });

  it('bootstrap over exact cells: the centre equals the exact metrics; intervals cover them', () => {
    const { y, s } = load('binary_ties.csv');
    const res = evaluateBinary(sortScores(y, s), { threshold: 0.5 });
    assert.ok(res.cells.exact);
    const bs = binaryBootstrap(res.cells, 300, mulberry32(3), true);
    bs.center.forEach((v, i) => close12(v, res.values[i]!, `centre ${BINARY_METRIC_IDS[i]}`));
    // A resampled AUC differs from the exact one by a few hundredths on 600 rows, never by more than 0.2.
    const auc = bs.draws[0]!;
    const mean = auc.reduce((a, b) => a + b, 0) / auc.length;
    assert.ok(Math.abs(mean - res.values[0]!) < 0.02, `bootstrap mean ${mean}`);
    assert.ok(auc.some((v) => v !== res.values[0]), 'draws vary');
  });

  it('binned cells (more distinct scores than cells) never straddle the threshold and keep the confusion exact', () => {
    const r = mulberry32(9);
    const n = 20000;
    const y = new Float64Array(n);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) { y[i] = r() < 0.4 ? 1 : 0; s[i] = Math.min(1, Math.max(0, 0.5 + 0.3 * (y[i]! - 0.5) + (r() - 0.5) * 0.6)); }
    const res = evaluateBinary(sortScores(y, s), { threshold: 0.5, maxCells: 256 });
    assert.equal(res.cells.exact, false);
    assert.ok(res.cells.length <= 256 + 12, `${res.cells.length} cells`);
    const bs = binaryBootstrap(res.cells, 10, mulberry32(1), true);
    // accuracy, precision, recall, F1 depend only on counts at the threshold: binned = exact.
    for (const i of [2, 3, 4, 5]) close12(bs.center[i], res.values[i]!, BINARY_METRIC_IDS[i]!);
    close12(bs.center[6], res.values[6]!, 'log loss (sums kept per cell)');
    assert.ok(Math.abs(bs.center[0]! - res.values[0]!) < 1e-3, 'binned AUC close to exact');
  });
});
