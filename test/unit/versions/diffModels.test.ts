import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { diffModels, type VersionDiff } from '../../../src/core/versions/diffModels';
import { grantModelAccess } from '../../../src/core/models/modelAccess';
import { fileVersion } from '../../../src/core/versions/sources/resolveVersion';
import { verdict } from '../../../src/core/versions/verdict';
import { benjaminiHochberg, sliceResults } from '../../../src/core/versions/slices';
import { EVAL_METRICS, prepareScored, type Scored } from '../../../src/core/versions/metrics';
import { featureDiff, recordedMetricDiff } from '../../../src/core/versions/metadataDiff';
import { metricDirection } from '../../../src/core/versions/metricDirection';
import { InputError } from '../../../src/core/errors';
import { assertClose } from '../helpers';

const root = join(__dirname, '../../..');
const sample = join(root, 'sample');
const v1 = join(sample, 'models/loan_xgb.json');
const v2 = join(sample, 'models/loan_xgb_v2.json');
const data = join(sample, 'loans_current.csv');
interface Ref { rows: number; metricsA: Record<string, number>; metricsB: Record<string, number>; agreement: number; flipMatrix: number[][]; meanAbsDiff: number; meanDiff: number; maxAbsDiff: number; region: Record<string, { rows: number; a: number; b: number; delta: number; se: number; p: number; ci: [number, number] }>; shapA: Record<string, number>; shapB: Record<string, number> }
const ref = (JSON.parse(readFileSync(join(root, 'test/fixtures/versions/metrics.json'), 'utf8')) as { sampleDiff: Ref }).sampleDiff;

describe('diffModels on the sample (v1 vs v2) against xgboost 1.7.4 + scikit-learn', function () {
  this.timeout(60000);
  let engine: Engine;
  let d: VersionDiff;
  before(async () => {
    engine = await Engine.create();
    d = await diffModels(fileVersion(v1), fileVersion(v2), { engine, models: grantModelAccess(), data, label: 'approved', draws: 200, seed: 3, shapRows: 500 });
  });
  after(() => engine.close());

  it('metadata: trees, depth, size and the feature diff', () => {
    assert.deepEqual([d.metadata.a.trees, d.metadata.b.trees, d.metadata.a.maxDepth, d.metadata.b.maxDepth], [50, 120, 4, 5]);
    assert.equal(d.metadata.b.bytes, readFileSync(v2).length);
    assert.deepEqual(d.metadata.features, { added: ['has_mortgage'], removed: ['num_open_accounts'], reordered: false });
    assert.ok(d.metadata.changed.includes('trees') && !d.metadata.changed.includes('objective'));
    assert.deepEqual(d.params.find((p) => p.name === 'file.num_trees'), { name: 'file.num_trees', a: '50', b: '120', changed: true });
  });

  it('metric values for A and B match scikit-learn on xgboost predictions; deltas are B − A', () => {
    // xgboost's predict returns float32 probabilities and Model Lens float64 ones: rank/threshold metrics agree
    // to 1e-9, log loss to 1e-7 (the metric code itself is checked to 1e-9 on identical inputs in metrics.test.ts).
    for (const m of d.metrics) {
      const tol = m.name === 'log_loss' ? 1e-7 : 1e-9;
      assertClose(m.a, ref.metricsA[m.name], tol, 1e-12, `A ${m.name}`);
      assertClose(m.b, ref.metricsB[m.name], tol, 1e-12, `B ${m.name}`);
      assertClose(m.delta, ref.metricsB[m.name]! - ref.metricsA[m.name]!, tol, m.name === 'log_loss' ? 1e-8 : 1e-12, `delta ${m.name}`);
      assert.ok(m.ci && m.ci[0] <= m.delta && m.delta <= m.ci[1], `${m.name} CI ${m.ci} brackets ${m.delta}`);
    }
    assert.deepEqual(d.metrics.map((m) => m.name), ['auc', 'accuracy', 'log_loss', 'precision', 'recall', 'f1']);
  });

  it('prediction agreement, flip matrix and differences match xgboost predictions (1e-6: float32 margins)', () => {
    const p = d.predictions!;
    assert.equal(p.rows, ref.rows);
    assert.deepEqual(p.flipMatrix?.counts, ref.flipMatrix);
    assertClose(p.agreement, ref.agreement, 1e-12, 0, 'agreement');
    assertClose(p.flipRate, 1 - ref.agreement, 1e-12, 0, 'flip rate');
    assertClose(p.meanAbsDiff, ref.meanAbsDiff, 1e-6, 1e-9, 'mean |diff|');
    assertClose(p.maxAbsDiff, ref.maxAbsDiff, 1e-6, 1e-9, 'max |diff|');
    assert.equal(p.diffHistogram.counts.reduce((s, c) => s + c, 0), ref.rows);
    assert.equal(p.drift.test, 'wasserstein');
  });

  it('slices: region accuracies match scikit-learn per region; quartile bins cover every labeled row', () => {
    for (const [r, x] of Object.entries(ref.region)) {
      const s = d.slices.find((v) => v.column === 'region' && v.value === r)!;
      assert.equal(s.rows, x.rows);
      assertClose(s.a, x.a, 1e-12, 0, `A region=${r}`);
      assertClose(s.b, x.b, 1e-12, 0, `B region=${r}`);
      // Paired z-test on per-row correctness, as numpy/scipy.stats.norm compute it.
      assertClose(s.delta, x.delta, 1e-9, 1e-12, `delta region=${r}`);
      assertClose(s.pValue, x.p, 1e-9, 1e-12, `p region=${r}`);
      assertClose(s.ci?.[0], x.ci[0], 1e-9, 1e-12, `CI low region=${r}`);
      assertClose(s.ci?.[1], x.ci[1], 1e-9, 1e-12, `CI high region=${r}`);
    }
    const income = d.slices.filter((s) => s.column === 'income');
    assert.equal(income.length, 4);
    // Rows with a missing income are in no bin: count them from the CSV text.
    const lines = readFileSync(data, 'utf8').trim().split('\n');
    const col = lines[0]!.split(',').indexOf('income');
    const missing = lines.slice(1).filter((l) => l.split(',')[col] === '').length;
    assert.ok(missing > 0);
    assert.equal(income.reduce((t, s) => t + s.rows, 0), ref.rows - missing);
    for (const s of d.slices) assert.ok(s.adjustedP === null || (s.adjustedP >= (s.pValue ?? 0) - 1e-15 && s.adjustedP <= 1), 'BH adjusted p ≥ raw p');
  });

  it('SHAP importance shift matches xgboost pred_contribs mean |φ| on the first 500 rows (1e-5, float32)', () => {
    for (const s of d.shap!) {
      assertClose(s.a, ref.shapA[s.feature] ?? null, 1e-5, 1e-7, `A ${s.feature}`);
      assertClose(s.b, ref.shapB[s.feature] ?? null, 1e-5, 1e-7, `B ${s.feature}`);
    }
  });

  it('verdict: B is significantly worse on AUC (the generator recorded AUC 0.7501 → 0.7431)', () => {
    assert.equal(d.verdict.worse, true);
    assert.match(d.verdict.text, /^B is worse overall \(AUC −0\.7 points, 95% CI \[−/);
  });

  it('bad input: unknown label, a string label, a metric that does not apply', async () => {
    const bad = (o: object, code: string) => assert.rejects(diffModels(fileVersion(v1), fileVersion(v2), { engine, models: grantModelAccess(), data, ...o }), (e: unknown) => e instanceof InputError && e.code === code);
    await bad({ label: 'nope' }, 'COLUMN_NOT_FOUND');
    await bad({ label: 'region' }, 'LABEL_TYPE');
    await bad({ label: 'approved', primaryMetric: 'rmse' }, 'BAD_ARGUMENT');
    await bad({ label: 'credit_score' }, 'LABEL_VALUES');
  });
});

describe('versions verdict, directions and diffs', () => {
  it('Benjamini–Hochberg adjusted p-values equal statsmodels multipletests(fdr_bh) (1e-12)', () => {
    const bh = (JSON.parse(readFileSync(join(root, 'test/fixtures/versions/metrics.json'), 'utf8')) as { benjaminiHochberg: { p: number[]; adjusted: number[] } }).benjaminiHochberg;
    benjaminiHochberg(bh.p).forEach((v, i) => assertClose(v, bh.adjusted[i], 1e-12, 1e-15, `adjusted p ${i}`));
  });

  it('slices: a significant but tiny drop is not flagged; a material one is', () => {
    // 20,000 rows in one slice; B wrong on k more rows than A (A is right everywhere).
    const n = 20000;
    const mk = (wrong: number): Scored => {
      const y = new Float64Array(n).fill(1);
      const p = Float64Array.from({ length: n }, (_, i) => (i < wrong ? 0.2 : 0.9));
      return prepareScored({ task: 'binary', y, p, width: 1 });
    };
    const acc = EVAL_METRICS.find((m) => m.id === 'accuracy')! as Parameters<typeof sliceResults>[3];
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const tiny = sliceResults(mk(0), mk(60), [{ column: 'c', value: 'v', rows }], acc, { level: 0.95, minRows: 30 })[0]!;
    assert.ok(tiny.adjustedP! < 0.05 && !tiny.worse, `0.3-point drop: p ${tiny.adjustedP}, worse ${tiny.worse}`);
    const big = sliceResults(mk(0), mk(400), [{ column: 'c', value: 'v', rows }], acc, { level: 0.95, minRows: 30 })[0]!;
    assert.ok(big.worse, '2-point drop is flagged');
    assertClose(big.delta, -400 / n, 1e-12, 0, 'delta');
  });

  it('metric direction from the name', () => {
    assert.deepEqual(['val_rmse', 'test-auc', 'eval.logloss', 'error_rate', 'f1', 'epoch'].map(metricDirection), ['lower', 'higher', 'lower', 'lower', 'higher', null]);
  });

  it('recorded metrics: improved follows the direction', () => {
    const r = recordedMetricDiff({ val_auc: 0.8, val_loss: 0.5, epochs: 3 }, { val_auc: 0.82, val_loss: 0.6 });
    assert.deepEqual(r.map((x) => [x.name, x.improved]), [['epochs', null], ['val_auc', true], ['val_loss', false]]);
    assertClose(r[1]!.delta, 0.02, 1e-12, 0, 'delta');
  });

  it('feature diff detects reordering of shared features', () => {
    assert.deepEqual(featureDiff(['a', 'b', 'c'], ['b', 'a', 'd']), { added: ['d'], removed: ['c'], reordered: true });
  });

  it('the issue example: better overall but worse for a slice', () => {
    const ev = {
      rows: 100, primaryMetric: 'auc', predictions: { agreement: 0.9 },
      metrics: [{ name: 'auc', label: 'AUC', a: 0.8, b: 0.818, delta: 0.018, ci: [0.009, 0.026], better: 'higher', significant: 'better' }, { name: 'accuracy', label: 'accuracy', a: 0.7, b: 0.7, delta: 0, ci: [-0.01, 0.01], better: 'higher', significant: null }],
      slices: [{ column: 'region', value: 'north', rows: 50, metric: 'accuracy', a: 0.7, b: 0.659, delta: -0.041, ci: [-0.07, -0.01], pValue: 0.001, adjustedP: 0.004, worse: true }],
    } as unknown as Parameters<typeof verdict>[0];
    const v = verdict(ev, []);
    assert.equal(v.text, 'B is better overall (AUC +1.8 points, 95% CI [+0.9, +2.6] points) but worse for region=north (accuracy −4.1 points).');
    assert.deepEqual([v.better, v.worse], [true, false]);
  });

  it('without data the verdict falls back to recorded metrics and never fails', () => {
    const v = verdict(null, recordedMetricDiff({ val_auc: 0.8 }, { val_auc: 0.7 }));
    assert.equal(v.worse, false);
    assert.match(v.text, /val_auc got worse \(0\.8 → 0\.7\)/);
  });
});

describe('model-lens diff (CLI)', function () {
  this.timeout(90000);
  const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
  const cli = (...args: string[]) => spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 90000 });

  it('JSON with the issue shape; exit 1 when B is significantly worse on the primary metric', () => {
    const r = cli('diff', v1, v2, '--data', data, '--label', 'approved', '--bootstrap', '100');
    assert.equal(r.status, 1, r.stderr);
    const j = JSON.parse(r.stdout) as VersionDiff;
    for (const k of ['a', 'b', 'metadata', 'params', 'metrics', 'predictions', 'slices', 'verdict']) assert.ok(k in j, k);
    assert.ok(['rows', 'agreement', 'flipRate', 'meanAbsDiff'].every((k) => k in j.predictions!));
    assert.equal(j.verdict.worse, true);
  });

  it('exit 0 when B is better (arguments swapped), with --primary-metric log_loss; md output', () => {
    const r = cli('diff', v2, v1, '--data', data, '--label', 'approved', '--bootstrap', '100', '--primary-metric', 'log_loss', '--format', 'md');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\*\*B is better overall \(log loss −0\.00753 absolute, 95% CI/);
  });

  it('mlflow:RUN compares recorded metrics without data (exit 0); bad input exits 2', () => {
    const r = cli('diff', v1, 'mlflow:xgb-depth5');
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as VersionDiff;
    assert.equal(j.b.source, 'mlflow');
    assert.ok(j.params.some((p) => p.name === 'max_depth' && p.b === '5'));
    assert.equal(cli('diff', v1).status, 2);
    assert.equal(cli('diff', v1, v2, '--label', 'approved').status, 2);
    const bad = cli('diff', v1, 'mlflow:nope');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /No MLflow runs match 'nope'/);
  });
});
