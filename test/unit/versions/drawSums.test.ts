import assert from 'node:assert/strict';
import { DrawScorer } from '../../../src/core/versions/drawSums';
import { metricsFor, prepareScored, type Scored, type Task } from '../../../src/core/versions/metrics';
import { pairedBootstrap } from '../../../src/core/versions/pairedBootstrap';
import { mulberry32 } from '../../../src/core/random';

/** A random model output on n rows: scores rounded to 2 decimals so AUC has many ties. */
function sample(task: Task, n: number, seed: number): Scored {
  const rng = mulberry32(seed);
  const width = task === 'multiclass' ? 3 : 1;
  const y = Float64Array.from({ length: n }, () => (task === 'regression' ? 10 * rng() : Math.floor(rng() * (task === 'multiclass' ? 3 : 2))));
  const p = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    if (task === 'multiclass') {
      const a = [rng(), rng(), rng()];
      const t = a[0]! + a[1]! + a[2]!;
      a.forEach((v, k) => (p[i * 3 + k] = v / t));
    } else p[i] = task === 'regression' ? y[i]! + rng() - 0.5 : Math.round(100 * Math.min(1, Math.max(0, 0.3 * y[i]! + 0.7 * rng()))) / 100;
  }
  return { task, y, p, width };
}

function weights(n: number, seed: number): Uint8Array {
  const rng = mulberry32(seed);
  const w = new Uint8Array(n);
  for (let k = 0; k < n; k++) w[Math.floor(rng() * n)]! += 1;
  return w;
}

describe('DrawScorer: all metrics of a draw at once', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    it(`${task}: bit-identical to each metric function under bootstrap weights, prepared or not`, () => {
      const raw = sample(task, 5000, 3);
      const metrics = metricsFor(task);
      for (const s of [raw, prepareScored(raw)]) {
        const scorer = new DrawScorer(s);
        for (const seed of [1, 2, 3]) {
          const w = weights(5000, seed);
          const got = scorer.values(metrics, w);
          const want = metrics.map((m) => m.fn(prepareScored(raw), Float64Array.from(w)));
          assert.deepEqual(got, want);
          assert.ok(got.every((v) => Number.isFinite(v)), `finite: ${got}`);
        }
      }
    });
  }

  it('undefined metrics stay NaN (a draw without positives)', () => {
    const s: Scored = { task: 'binary', y: Float64Array.of(1, 0, 0, 0), p: Float64Array.of(0.9, 0.2, 0.3, 0.4), width: 1 };
    const metrics = metricsFor('binary');
    const got = new DrawScorer(s).values(metrics, Uint8Array.of(0, 2, 1, 1));
    const want = metrics.map((m) => m.fn(s, Float64Array.of(0, 2, 1, 1)));
    assert.deepEqual(got, want);
    assert.ok(Number.isNaN(got[metrics.findIndex((m) => m.id === 'auc')]!));
  });

  it('pairedBootstrap gives the same intervals on the fused path as metric by metric', () => {
    const a = prepareScored(sample('binary', 3000, 11));
    const b = prepareScored(sample('binary', 3000, 12));
    const own = metricsFor('binary');
    // Copies of the specs are not Model Lens' own objects, so they take the metric-by-metric path.
    const copies = own.map((m) => ({ ...m }));
    assert.ok(DrawScorer.covers(own, 'binary') && !DrawScorer.covers(copies, 'binary'));
    // A binary metric asked of a multiclass model is left to the metric function.
    assert.ok(!DrawScorer.covers(own, 'multiclass') && DrawScorer.covers(metricsFor('multiclass'), 'multiclass'));
    const fused = pairedBootstrap(a, b, own, { draws: 60, level: 0.9, random: mulberry32(5) });
    const plain = pairedBootstrap(a, b, copies, { draws: 60, level: 0.9, random: mulberry32(5) });
    assert.deepEqual(fused, plain);
    assert.ok(fused.every((r) => r.ci !== null && r.ci[0] <= r.ci[1]));
  });

  it('refuses a resample that draws one row more than 255 times instead of wrapping its count', () => {
    const a = prepareScored(sample('binary', 300, 1));
    const b = prepareScored(sample('binary', 300, 2));
    // A degenerate source (always 0) draws row 0 all 300 times.
    assert.throws(() => pairedBootstrap(a, b, metricsFor('binary'), { draws: 1, level: 0.95, random: () => 0 }), /more than 255 times/);
    const [ok] = pairedBootstrap(a, b, metricsFor('binary'), { draws: 1, level: 0.95, random: () => 0, rows: Int32Array.from({ length: 200 }, (_, i) => i) });
    assert.equal(ok!.undefinedDraws, 1, 'a resample of one row has one class only: AUC undefined, not wrapped');
  });
});

