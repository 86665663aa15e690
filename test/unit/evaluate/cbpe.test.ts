import assert from 'node:assert/strict';
import { BINARY_METRIC_IDS } from '../../../src/core/evaluate/binary/binarySums';
import { evaluateBinary } from '../../../src/core/evaluate/binary/evaluateBinary';
import { sortScores, type SortedScores } from '../../../src/core/evaluate/binary/sortedScores';
import { CBPE_METRICS, estimateSorted, estimateWindow, fitCbpe, type CbpeValues } from '../../../src/core/evaluate/cbpe/cbpe';
import { equalCountEce } from '../../../src/core/evaluate/cbpe/calibration';
import { mulberry32, type RandomSource } from '../../../src/core/random';

const gauss = (r: RandomSource) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** n rows: score = P(y = 1 | x) exactly (a calibrated model) with logit ~ N(shift, 1.5²); labels drawn from `truth(score)`. */
function simulate(r: RandomSource, n: number, shift: number, truth: (p: number) => number): { y: Float64Array; s: Float64Array } {
  const y = new Float64Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s[i] = Math.round(sigmoid(shift + 1.5 * gauss(r)) * 1e4) / 1e4; // 4 decimals: ties, as real scores have
    y[i] = r() < truth(s[i]!) ? 1 : 0;
  }
  return { y, s };
}

function realizedOf(sorted: SortedScores): CbpeValues {
  const v = evaluateBinary(sorted, { threshold: 0.5 }).values;
  const get = (id: string) => v[BINARY_METRIC_IDS.indexOf(id as never)]!;
  return { rocAuc: get('rocAuc'), accuracy: get('accuracy'), precision: get('precision'), recall: get('recall'), f1: get('f1') };
}

function allSorted(s: SortedScores): Float64Array {
  const a = new Float64Array(s.pos.length + s.neg.length);
  a.set(s.pos);
  a.set(s.neg, s.pos.length);
  return a.sort();
}

interface Outcome { inside: Record<string, number>; windows: number; shiftedFlagged: number; shiftedWindows: number; cleanFlagged: number }

/** 50 seeded simulations × 10 windows of 2,000 rows after a 5,000-row reference; windows ≥ 5 drawn from `shifted` when given. */
function run(shifted?: (p: number) => number): Outcome {
  const inside: Record<string, number> = Object.fromEntries(CBPE_METRICS.map((m) => [m, 0]));
  let windows = 0, shiftedFlagged = 0, shiftedWindows = 0, cleanFlagged = 0;
  for (let sim = 0; sim < 50; sim++) {
    const r = mulberry32(1000 + sim);
    const ref = simulate(r, 5000, 0.2, (p) => p);
    const refSorted = sortScores(ref.y, ref.s);
    const model = fitCbpe(refSorted, 0.5, realizedOf(refSorted), mulberry32(sim));
    for (let w = 0; w < 10; w++) {
      const concept = shifted && w >= 5;
      // Covariate shift in every window (the score distribution moves), which CBPE handles.
      const data = simulate(r, 2000, 0.2 + 0.15 * (w - 5), concept ? shifted : (p) => p);
      const sorted = sortScores(data.y, data.s);
      const all = allSorted(sorted);
      const est = estimateWindow(model, all, { sorted: all, realized: realizedOf(sorted) });
      const flagged = est.some((m) => m.disagrees);
      if (concept) { shiftedWindows++; if (flagged) shiftedFlagged++; }
      else {
        windows++;
        if (flagged) cleanFlagged++;
        for (const m of est) if (m.realized !== null && m.band && m.realized >= m.band[0] && m.realized <= m.band[1]) inside[m.name]!++;
      }
    }
  }
  return { inside, windows, shiftedFlagged, shiftedWindows, cleanFlagged };
}

describe('evaluate: CBPE (NannyML) on seeded simulations', () => {
  it('calibrated scores: each realised metric lies inside the estimated band in ≥ 90% of 500 windows', function () {
    this.timeout(120000);
    const o = run();
    for (const m of CBPE_METRICS) {
      const share = o.inside[m]! / o.windows;
      assert.ok(share >= 0.9, `${m}: realised inside the band in ${(share * 100).toFixed(1)}% of windows`);
    }
    assert.ok(o.cleanFlagged / o.windows <= 0.1, `disagreement flagged in ${o.cleanFlagged} of ${o.windows} windows without a concept shift`);
  });

  it('a concept shift (labels now follow p³, not p): disagreement is flagged in ≥ 90% of shifted windows', function () {
    this.timeout(120000);
    const o = run((p) => p ** 3);
    assert.ok(o.shiftedFlagged / o.shiftedWindows >= 0.9, `flagged ${o.shiftedFlagged} of ${o.shiftedWindows} shifted windows`);
    assert.ok(o.cleanFlagged / o.windows <= 0.1, `flagged ${o.cleanFlagged} of ${o.windows} windows before the shift`);
  });

  it('estimates equal the expected confusion matrix of the calibrated probabilities (hand-computed case)', () => {
    // Scores are probabilities that need no calibration (AUC 1 on the reference → no calibration, NannyML's rule).
    const ref = sortScores(Float64Array.of(0, 0, 1, 1), Float64Array.of(0.1, 0.2, 0.8, 0.9));
    const model = fitCbpe(ref, 0.5, realizedOf(ref), mulberry32(0));
    assert.equal(model.calibrated, false);
    const e = estimateSorted(model, Float64Array.of(0.2, 0.4, 0.6, 0.7));
    // TP = 0.6 + 0.7, FP = 0.4 + 0.3, FN = 0.2 + 0.4, TN = 0.8 + 0.6
    assert.ok(Math.abs(e.accuracy - (1.3 + 1.4) / 4) < 1e-15);
    assert.ok(Math.abs(e.precision - 1.3 / 2) < 1e-15);
    assert.ok(Math.abs(e.recall - 1.3 / 1.9) < 1e-15);
    assert.ok(Math.abs(e.f1 - 1.3 / (1.3 + 0.5 * 1.3)) < 1e-15);
    // Expected AUC: pairs (i above j) weighted p_i (1 − p_j) over ΣpΣ(1−p) minus self-pairs handled by the trapezoids.
    const p = [0.7, 0.6, 0.4, 0.2];
    let num = 0;
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) num += p[i]! * (1 - p[j]!);
    for (let i = 0; i < 4; i++) num += 0.5 * p[i]! * (1 - p[i]!);
    const P = p.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(e.rocAuc - num / (P * (4 - P))) < 1e-15, `AUC ${e.rocAuc}`);
  });

  it('equal-count ECE as NannyML bins it (20 rows → 10 bins of 2)', () => {
    const p = Array.from({ length: 20 }, (_, i) => i / 20);
    const y = p.map((_, i) => (i % 2 ? 1 : 0));
    // Each bin holds i = 2b, 2b+1: mean p = (4b + 1)/40, mean y = 0.5.
    let expected = 0;
    for (let b = 0; b < 10; b++) expected += 0.1 * Math.abs((4 * b + 1) / 40 - 0.5);
    assert.ok(Math.abs(equalCountEce(y, p) - expected) < 1e-15);
  });
});
