import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVAL_METRICS, sortOrder, type Scored, type Task } from '../../../src/core/versions/metrics';
import { pairedBootstrap } from '../../../src/core/versions/pairedBootstrap';
import { percentileSorted as percentile } from '../../../src/core/stats/percentile';
import { mulberry32 } from '../../../src/core/random';
import { assertClose } from '../helpers';

interface Case { y: number[]; a: number[]; b: number[]; w: number[]; k?: number; expected: Record<'a' | 'b' | 'aWeighted' | 'bWeighted', Record<string, number>> }
const ref = JSON.parse(readFileSync(join(__dirname, '../../fixtures/versions/metrics.json'), 'utf8')) as Record<'binary' | 'multiclass' | 'regression', Case>;

function scored(task: Task, c: Case, side: 'a' | 'b'): Scored {
  const p = Float64Array.from(c[side]);
  return { task, y: Float64Array.from(c.y), p, width: c.k ?? 1, ...(task === 'binary' ? { order: sortOrder(p) } : {}) };
}

describe('versions metrics vs scikit-learn 1.2 (tolerance 1e-9 relative)', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    const c = ref[task];
    for (const m of EVAL_METRICS.filter((x) => x.tasks.includes(task))) {
      it(`${task} ${m.id}: unweighted and with bootstrap multiplicities as sample_weight`, () => {
        const w = Float64Array.from(c.w);
        for (const side of ['a', 'b'] as const) {
          assertClose(m.fn(scored(task, c, side), null), c.expected[side][m.id], 1e-9, 1e-12, `${side} ${m.id}`);
          assertClose(m.fn(scored(task, c, side), w), c.expected[`${side}Weighted`][m.id], 1e-9, 1e-12, `${side} weighted ${m.id}`);
        }
      });
    }
  }

  it('a weight vector gives the same metric as the materialised resample (AUC with ties)', () => {
    const c = ref.binary;
    const s = scored('binary', c, 'a');
    const w = Float64Array.from(c.w);
    const y: number[] = [];
    const p: number[] = [];
    c.w.forEach((k, i) => { for (let j = 0; j < k; j++) { y.push(c.y[i]!); p.push(c.a[i]!); } });
    const pp = Float64Array.from(p);
    const flat: Scored = { task: 'binary', y: Float64Array.from(y), p: pp, width: 1, order: sortOrder(pp) };
    for (const m of EVAL_METRICS.filter((x) => x.tasks.includes('binary'))) assertClose(m.fn(s, w), m.fn(flat, null), 1e-12, 1e-14, m.id);
  });

  it('undefined metrics are NaN, not 0 (no positives → AUC and recall undefined)', () => {
    const s: Scored = { task: 'binary', y: Float64Array.of(0, 0, 0), p: Float64Array.of(0.2, 0.3, 0.4), width: 1 };
    assert.ok(Number.isNaN(EVAL_METRICS.find((m) => m.id === 'auc')!.fn(s, null)));
    assert.ok(Number.isNaN(EVAL_METRICS.find((m) => m.id === 'recall')!.fn(s, null)));
    assert.equal(EVAL_METRICS.find((m) => m.id === 'accuracy')!.fn(s, null), 1);
  });
});

describe('pairedBootstrap', () => {
  const c = ref.binary;
  const A = scored('binary', c, 'a');
  const B = scored('binary', c, 'b');
  const auc = EVAL_METRICS.filter((m) => m.id === 'auc');

  it('percentile interpolates linearly like numpy.percentile', () => {
    assert.equal(percentile(Float64Array.of(1, 2, 3, 4), 0.5), 2.5);
    assert.equal(percentile(Float64Array.of(1, 2, 3, 4), 0.025), 1.075);
  });

  it('delta is metric(B) − metric(A) on the full data (sklearn values) and the CI brackets it', () => {
    const [r] = pairedBootstrap(A, B, auc, { draws: 400, level: 0.95, random: mulberry32(1) });
    assertClose(r!.delta, c.expected.b['auc']! - c.expected.a['auc']!, 1e-9, 1e-12, 'delta');
    assert.ok(r!.ci && r!.ci[0] < r!.delta && r!.delta < r!.ci[1], `CI ${r!.ci} should bracket ${r!.delta}`);
    assert.ok(r!.se > 0);
  });

  it('is reproducible for a seed and pairs the rows: identical models give a zero-width interval', () => {
    const one = pairedBootstrap(A, B, auc, { draws: 100, level: 0.95, random: mulberry32(7) });
    const two = pairedBootstrap(A, B, auc, { draws: 100, level: 0.95, random: mulberry32(7) });
    assert.deepEqual(one, two);
    const [same] = pairedBootstrap(A, A, auc, { draws: 100, level: 0.95, random: mulberry32(7) });
    assert.deepEqual(same!.ci, [0, 0]);
  });

  it('the 95% interval covers the true delta in about 95% of repeated experiments (coverage check)', () => {
    // Two models whose true AUC difference is 0 (same noise distribution): the CI should contain 0 ~95% of the time.
    const rng = mulberry32(99);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    let covered = 0;
    const trials = 60;
    for (let t = 0; t < trials; t++) {
      const n = 200;
      const y = Float64Array.from({ length: n }, () => (rng() < 0.5 ? 1 : 0));
      const mk = () => {
        const p = Float64Array.from(y, (v) => 1 / (1 + Math.exp(-(v - 0.5 + 0.8 * gauss()))));
        return { task: 'binary' as const, y, p, width: 1, order: sortOrder(p) };
      };
      const [r] = pairedBootstrap(mk(), mk(), auc, { draws: 200, level: 0.95, random: mulberry32(t) });
      if (r!.ci![0] <= 0 && 0 <= r!.ci![1]) covered++;
    }
    assert.ok(covered >= 50, `covered ${covered}/${trials}`);
  });
});
