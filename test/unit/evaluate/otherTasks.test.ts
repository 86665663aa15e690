import assert from 'node:assert/strict';
import { fitIsotonic, predictIsotonic } from '../../../src/core/evaluate/cbpe/isotonic';
import { evaluateMulticlass, multiclassBootstrap, multiclassRowLoss, MULTICLASS_METRIC_IDS } from '../../../src/core/evaluate/multiclass';
import { evaluateRegression, regressionBootstrap, REGRESSION_METRIC_IDS } from '../../../src/core/evaluate/regression';
import { mulberry32 } from '../../../src/core/random';
import { close12, fixtureRows, REF } from './fixtures';

describe('evaluate: multiclass and regression metrics equal scikit-learn 1.2 to 1e-12', () => {
  it('multiclass: accuracy, macro and weighted precision/recall/F1, per class, log loss, confusion', () => {
    const ref = REF.multiclass;
    const classes = ref.classes as string[];
    const rows = fixtureRows('multiclass.csv');
    const k = classes.length;
    const y = Int32Array.from(rows.map((r) => classes.indexOf(r['label']!)));
    const pred = Int32Array.from(rows.map((r) => classes.indexOf(r['predicted']!)));
    const p = Float64Array.from(rows.flatMap((r) => classes.map((c) => Number(r[`p_${c}`]))));
    const loss = Float64Array.from(rows.map((_, i) => multiclassRowLoss(p, i, k, y[i]!)));
    const res = evaluateMulticlass({ y, pred, loss, k });
    MULTICLASS_METRIC_IDS.forEach((id, i) => close12(res.values[i], ref[id], id));
    ref.perClass.forEach((pc: { precision: number | null; recall: number; f1: number | null; support: number }, c: number) => {
      close12(res.perClass[c]!.precision, pc.precision, `${classes[c]} precision`);
      close12(res.perClass[c]!.recall, pc.recall, `${classes[c]} recall`);
      close12(res.perClass[c]!.f1, pc.f1, `${classes[c]} f1`);
      assert.equal(res.perClass[c]!.support, pc.support);
    });
    assert.deepEqual(Array.from(res.confusion), (ref.confusion as number[][]).flat());
    const bs = multiclassBootstrap(res, k, true, 50, mulberry32(1));
    assert.equal(bs.metrics.length, MULTICLASS_METRIC_IDS.length);
    assert.ok(bs.metrics[0]!.every((v) => v > 0.3 && v < 1), 'resampled accuracy');
    assert.ok(res.cells.exact && res.cells.length === rows.length, 'one cell per row on small data');
  });

  it('regression: MAE, RMSE, R², MAPE (targets near 0) and residual quantiles', () => {
    const ref = REF.regression;
    const rows = fixtureRows('regression.csv');
    const y = Float64Array.from(rows.map((r) => Number(r['target'])));
    const p = Float64Array.from(rows.map((r) => Number(r['prediction'])));
    const res = evaluateRegression(y, p, mulberry32(0));
    REGRESSION_METRIC_IDS.forEach((id, i) => close12(res.values[i], ref[id], id));
    for (const { q, value } of res.residualQuantiles) close12(value, ref.residualQuantiles[String(q)], `residual q${q}`);
    const draws = regressionBootstrap(res.groups, 100, mulberry32(2));
    const mae = draws[0]!.slice().sort();
    assert.ok(mae[5]! < res.values[0]! && mae[94]! > res.values[0]!, 'the MAE lies inside its resampled range');
  });

  it('regression of a constant label: R² undefined (NaN), the other metrics defined', () => {
    const res = evaluateRegression(Float64Array.of(2, 2, 2), Float64Array.of(1, 2, 4), mulberry32(0));
    assert.ok(Number.isNaN(res.values[2]!));
    close12(res.values[0], 1, 'mae');
  });

  it('isotonic calibration equals sklearn IsotonicRegression(out_of_bounds="clip") with ties', () => {
    const ref = REF.isotonic;
    const fit = fitIsotonic(ref.x, ref.y);
    (ref.grid as number[]).forEach((g, i) => close12(predictIsotonic(fit, g), ref.predicted[i], `at ${g}`));
    (ref.x as number[]).forEach((g, i) => close12(predictIsotonic(fit, g), ref.fittedOnX[i], `at x ${g}`));
  });
});
