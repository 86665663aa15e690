import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseAbtest } from '../../../src/core/abtest/analyse';
import { bootstrapMeanDiff, bootstrapMeanDiffAsync } from '../../../src/core/abtest/bootstrapMeanDiff';
import { cochranQ } from '../../../src/core/abtest/heterogeneity';
import { holm } from '../../../src/core/abtest/holm';
import { msprt } from '../../../src/core/abtest/msprt';
import { proportionEffectSize, solveNobs1 } from '../../../src/core/abtest/power';
import { srmTest } from '../../../src/core/abtest/srmTest';
import type { AbtestReport } from '../../../src/core/abtest/types';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { mulberry32 } from '../../../src/core/random';
import { assertClose } from '../helpers';

// Reference values: test/fixtures/abtest/generate.py (scipy 1.10, statsmodels 0.13.5; see its docstring).
// Tolerances (the brief's): p-values 1e-6 relative; statistics with the same formula 1e-9 relative.
const dir = join(__dirname, '../../fixtures/abtest');
const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as {
  srm: { counts: number[]; chi2: number; pValue: number };
  srmCases: { observed: number[]; split: number[]; chi2: number; pValue: number }[];
  metrics: { metric: string; variant: string; type: string; z?: number; t?: number; pValue: number; diff: number; wald?: [number, number]; newcombe?: [number, number]; ci?: [number, number]; relativeLift: number; relativeCi: [number, number] }[];
  holm: { p: number[]; adjusted: number[]; reject: boolean[] }[];
  power: { kind: string; effectSize: number; alpha: number; power: number; nobs1: number; baseline?: number; treated?: number }[];
  sequential: { metric: string; variant: string; mixingVariance: number; points: { day: string; nTreatment: number; nControl: number; diff: number; variance: number; logLr: number; pValue: number; lo: number; hi: number; loRunning: number; hiRunning: number }[] }[];
  heterogeneity: { variant: string; diffs: number[]; variances: number[]; q: number; df: number; pValue: number }[];
  bootstrap: { metric: string; variant: string; ci: [number, number] };
};
const P = 1e-6;
const S = 1e-9;

describe('A/B test statistics vs scipy/statsmodels (pure functions)', () => {
  it('SRM: chi-square goodness of fit matches scipy.stats.chisquare', () => {
    for (const c of ref.srmCases) {
      const r = srmTest(c.observed, c.split);
      assertClose(r.chi2, c.chi2, S, 0, 'chi2');
      assertClose(r.pValue, c.pValue, P, 1e-300, 'p');
      assert.equal(r.detected, c.pValue < 0.001);
    }
  });
  it('Holm matches statsmodels multipletests(method="holm")', () => {
    for (const c of ref.holm) {
      const r = holm(c.p);
      r.adjusted.forEach((a, i) => assertClose(a, c.adjusted[i], 1e-12, 0, `adjusted[${i}]`));
      assert.deepEqual(r.reject, c.reject);
    }
  });
  it('sample size matches statsmodels NormalIndPower.solve_power (effect size from proportion_effectsize or d)', () => {
    for (const c of ref.power) {
      if (c.kind === 'binary') assertClose(proportionEffectSize(c.treated!, c.baseline!), c.effectSize, 1e-12, 0, 'Cohen h');
      assertClose(solveNobs1(c.effectSize, c.alpha, c.power), c.nobs1, P, 0, `nobs1 (${JSON.stringify(c)})`);
    }
  });
  it("Cochran's Q matches statsmodels combine_effects(...).q and chi2.sf", () => {
    for (const c of ref.heterogeneity) {
      const r = cochranQ(c.diffs, c.variances);
      assert.ok(r);
      assertClose(r.q, c.q, S, 0, 'Q');
      assert.equal(r.df, c.df);
      assertClose(r.pValue, c.pValue, P, 0, 'p');
    }
  });
  it('mSPRT: closed form matches the numerically integrated mixture (p-values and confidence-sequence ends)', () => {
    for (const s of ref.sequential) {
      const looks = msprt(s.points.map((p) => ({ at: p.day, nTreatment: p.nTreatment, nControl: p.nControl, diff: p.diff, variance: p.variance })), s.mixingVariance, 0.05);
      assert.equal(looks.length, s.points.length);
      looks.forEach((l, i) => {
        const p = s.points[i]!;
        assertClose(l.pValue, p.pValue, P, 0, `${s.metric} p at ${p.day}`);
        assertClose(l.ci[0], p.loRunning, 1e-7, 1e-12, `${s.metric} lo at ${p.day}`);
        assertClose(l.ci[1], p.hiRunning, 1e-7, 1e-12, `${s.metric} hi at ${p.day}`);
        if (i > 0) assert.ok(l.pValue <= looks[i - 1]!.pValue, 'the always-valid p-value never increases');
      });
    }
  });
});

describe('A/B test analysis of the fixture experiment vs the references', function () {
  this.timeout(60000);
  let report: AbtestReport;
  before(async () => {
    const engine = await Engine.create({ threads: 2 });
    const ds = await loadDataset(engine, join(dir, 'experiment.csv'));
    try {
      report = await analyseAbtest((sql) => engine.run(sql), ds.relation, ds.columns, {
        dataset: 'experiment.csv', variant: 'variant', control: 'control', metrics: ['converted', 'revenue'],
        guardrails: [{ metric: 'latency_ms', harm: 'increase' }], timeColumn: 'ts', segments: ['platform'], bootstrapDraws: 2000, seed: 1,
      });
    } finally {
      await ds.release();
      engine.close();
    }
  });

  it('SRM on the variant counts', () => {
    assert.deepEqual(report.variants.map((v) => v.n), ref.srm.counts);
    assertClose(report.srm.chi2, ref.srm.chi2, S);
    assertClose(report.srm.pValue, ref.srm.pValue, P);
    assert.equal(report.srm.detected, false);
  });

  it('binary and continuous comparisons (z/Newcombe/Wald, Welch t and CI, delta-method relative lift)', () => {
    for (const r of ref.metrics) {
      const m = [...report.metrics, ...report.guardrails].find((x) => x.metric === r.metric && x.variant === r.variant);
      assert.ok(m, `${r.metric} ${r.variant}`);
      const what = `${r.metric}/${r.variant}`;
      assert.equal(m.type, r.type);
      assertClose(m.diff, r.diff, S, 1e-15, `${what} diff`);
      assertClose(m.pValue, r.pValue, P, 0, `${what} p`);
      assertClose(m.relativeLift, r.relativeLift, S, 1e-15, `${what} relative lift`);
      assertClose(m.relativeCi?.[0], r.relativeCi[0], S, 1e-15, `${what} relative lo`);
      assertClose(m.relativeCi?.[1], r.relativeCi[1], S, 1e-15, `${what} relative hi`);
      if (r.type === 'binary') {
        assertClose(m.z, r.z, S, 0, `${what} z`);
        assertClose(m.ci[0], r.newcombe![0], S, 1e-15, `${what} Newcombe lo`);
        assertClose(m.ci[1], r.newcombe![1], S, 1e-15, `${what} Newcombe hi`);
        assertClose(m.waldCi?.[0], r.wald![0], S, 1e-15, `${what} Wald lo`);
        assertClose(m.waldCi?.[1], r.wald![1], S, 1e-15, `${what} Wald hi`);
      } else {
        assertClose(m.t, r.t, S, 0, `${what} t`);
        assertClose(m.ci[0], r.ci![0], P, 0, `${what} Welch lo`);
        assertClose(m.ci[1], r.ci![1], P, 0, `${what} Welch hi`);
      }
    }
  });

  it('Holm across the two treatments of each metric', () => {
    for (const metric of ['converted', 'revenue']) {
      const ms = report.metrics.filter((m) => m.metric === metric);
      const h = holm(ms.map((m) => ref.metrics.find((r) => r.metric === metric && r.variant === m.variant)!.pValue));
      ms.forEach((m, i) => assertClose(m.pAdjusted, h.adjusted[i], P, 0, `${metric} adjusted`));
    }
  });

  it('sequential looks per day: cumulative n, difference, variance and always-valid p match the reference', () => {
    for (const s of ref.sequential.filter((x) => x.metric !== 'latency_ms')) {
      const m = report.metrics.find((x) => x.metric === s.metric && x.variant === s.variant)!;
      assert.ok(m.sequential);
      assertClose(m.sequential.mixingVariance, s.mixingVariance, 1e-12);
      assert.deepEqual(m.sequential.looks.map((l) => l.at), s.points.map((p) => p.day));
      m.sequential.looks.forEach((l, i) => {
        const p = s.points[i]!;
        assert.equal(l.nTreatment, p.nTreatment);
        assertClose(l.diff, p.diff, S, 1e-14, 'diff');
        assertClose(l.variance, p.variance, S, 0, 'variance');
        assertClose(l.pValue, p.pValue, P, 0, `p at ${p.day}`);
      });
    }
    const lat = report.guardrails.find((g) => g.variant === 'reco_v3')!;
    assert.ok(lat.sequential!.significant, 'a large latency regression is detected sequentially too');
  });

  it('segments: per-platform differences and Cochran Q match; the disagreeing segment is flagged', () => {
    for (const h of ref.heterogeneity) {
      const seg = report.segments.find((s) => s.variant === h.variant && s.segment === 'platform')!;
      assert.deepEqual(seg.rows.map((r) => r.level), ['android', 'ios', 'web']);
      seg.rows.forEach((r, i) => assertClose(r.diff, h.diffs[i], S, 1e-15, `diff ${r.level}`));
      assertClose(seg.heterogeneity?.q, h.q, S);
      assertClose(seg.heterogeneity?.pValue, h.pValue, P);
    }
    const v2 = report.segments.find((s) => s.variant === 'reco_v2')!;
    assert.match(v2.warning ?? '', /platform/);
  });

  it('bootstrap CI of revenue: close to numpy percentile bootstrap (loosely) and reproducible with the seed', () => {
    const m = report.metrics.find((x) => x.metric === 'revenue' && x.variant === 'reco_v2')!;
    const [lo, hi] = m.bootstrapCi!;
    const [rlo, rhi] = ref.bootstrap.ci;
    const width = rhi - rlo;
    assert.ok(Math.abs(lo - rlo) < 0.1 * width && Math.abs(hi - rhi) < 0.1 * width, `bootstrap [${lo}, ${hi}] vs numpy [${rlo}, ${rhi}]`);
  });

  it('decision: the latency guardrail of reco_v3 is breached; reco_v2 is not shipped on insignificant conversion', () => {
    const g = report.guardrails.find((x) => x.variant === 'reco_v3')!;
    assert.equal(g.breached, true);
    assert.equal(report.guardrails.find((x) => x.variant === 'reco_v2')!.breached, false);
    assert.equal(report.decision.action, 'keep-running');
    assert.ok(report.decision.reasons.some((r) => /reco_v3: guardrail 'latency_ms' breached/.test(r)));
  });
});

describe('bootstrapMeanDiff properties', function () {
  this.timeout(30000);
  it('is deterministic for a seed', () => {
    const rng = mulberry32(3);
    const a = Float64Array.from({ length: 300 }, () => Math.exp(2 * rng()));
    const b = Float64Array.from({ length: 250 }, () => Math.exp(2 * rng()));
    assert.deepEqual(bootstrapMeanDiff(a, b, 500, 9), bootstrapMeanDiff(a, b, 500, 9));
    assert.notDeepEqual(bootstrapMeanDiff(a, b, 500, 9), bootstrapMeanDiff(a, b, 500, 10));
  });
  it('the batched (async, cancellable) version gives the same interval; an aborted signal stops it', async () => {
    const rng = mulberry32(4);
    const a = Float64Array.from({ length: 5000 }, () => Math.exp(2 * rng()));
    const b = Float64Array.from({ length: 5000 }, () => Math.exp(2 * rng()));
    assert.deepEqual(await bootstrapMeanDiffAsync(a, b, 700, 5), bootstrapMeanDiff(a, b, 700, 5));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(bootstrapMeanDiffAsync(a, b, 700, 5, 0.05, ac.signal), { name: 'CancelledError' });
  });
  it('covers the true difference of means about 95% of the time on heavy-tailed (lognormal) data', () => {
    // Two arms from the same lognormal(0, 1) (true difference 0): 300 replicates, 400 units per arm, 400 draws.
    const rng = mulberry32(11);
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    let covered = 0;
    const reps = 300;
    for (let r = 0; r < reps; r++) {
      const a = Float64Array.from({ length: 400 }, () => Math.exp(normal()));
      const b = Float64Array.from({ length: 400 }, () => Math.exp(normal()));
      const [lo, hi] = bootstrapMeanDiff(a, b, 400, r);
      if (lo <= 0 && 0 <= hi) covered++;
    }
    const rate = covered / reps;
    // Binomial(300, 0.95) sd ≈ 1.3%; percentile intervals undercover slightly on skewed data.
    assert.ok(rate > 0.89 && rate < 0.99, `coverage ${rate}`);
  });
});

describe('mSPRT property: peeking is safe', function () {
  this.timeout(30000);
  it('under A/A (no effect), checking after each of 40 looks rejects in ≤ α of experiments; naive peeking does not', () => {
    const rng = mulberry32(21);
    const reps = 400;
    let msprtRejects = 0;
    let naiveRejects = 0;
    for (let r = 0; r < reps; r++) {
      let [xt, xc, n] = [0, 0, 0];
      const looks: { at: string; nTreatment: number; nControl: number; diff: number; variance: number }[] = [];
      let naive = false;
      for (let k = 0; k < 40; k++) {
        for (let i = 0; i < 100; i++) {
          xt += rng() < 0.1 ? 1 : 0;
          xc += rng() < 0.1 ? 1 : 0;
        }
        n += 100;
        const [pt, pc] = [xt / n, xc / n];
        const variance = (pt * (1 - pt)) / n + (pc * (1 - pc)) / n;
        looks.push({ at: String(k), nTreatment: n, nControl: n, diff: pt - pc, variance });
        if (Math.abs(pt - pc) / Math.sqrt(variance) > 1.959963984540054) naive = true;
      }
      const seq = msprt(looks, 0.01 ** 2, 0.05);
      if (seq.some((l) => l.pValue < 0.05)) msprtRejects++;
      if (naive) naiveRejects++;
    }
    // Binomial(400, 0.05) sd ≈ 1.1%: 0.075 is > 2 sd above α.
    assert.ok(msprtRejects / reps <= 0.075, `mSPRT false-positive rate ${msprtRejects / reps}`);
    assert.ok(naiveRejects / reps > 0.15, `naive peeking false-positive rate ${naiveRejects / reps} (should be inflated)`);
  });
});
