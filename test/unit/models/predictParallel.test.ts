import assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { CancelledError } from '../../../src/core/errors';
import type { Model } from '../../../src/core/models/types';
import { loadModel } from '../../../src/core/models/xgboost/loadModel';
import { disposePredictWorkers, PARALLEL_MIN_ROWS, PredictPool, predictWorkersRunning } from '../../../src/core/models/xgboost/predictWorkers';
import { treeLayout } from '../../../src/core/models/xgboost/treeLayout';
import { firstDifference, randomRows, randomXgboost } from './randomTrees';
import { FIXTURE_DIR, FIXTURES, loadFixture } from './xgbFixtures';

const lgb = (file: string): Model => loadModel(readFileSync(join(FIXTURE_DIR, file)), file);
const N = PARALLEL_MIN_ROWS + 4321; // not a multiple of the 256-row block or of 8

describe('predictMarginAsync (prediction workers) equals predictMargin bit for bit', function () {
  this.timeout(60000);
  after(() => disposePredictWorkers());

  const cases: [string, () => Model][] = [
    ...FIXTURES.map((name): [string, () => Model] => [`XGBoost ${name}`, () => loadFixture(name).model]),
    ...['lgb_binary', 'lgb_multiclass', 'lgb_missing', 'lgb_regression'].map((name): [string, () => Model] => [`LightGBM ${name}`, () => lgb(`${name}.model.txt`)]),
    ['random deep trees (node layout)', () => randomXgboost({ trees: 8, maxDepth: 15, split: 1, features: 4, classes: 1, seed: 7, chain: true })],
    ['random multiclass', () => randomXgboost({ trees: 24, maxDepth: 6, split: 0.8, features: 6, classes: 4, seed: 8 })],
  ];
  for (const [name, make] of cases) {
    it(`${name}: ${N} rows, 5% missing`, async () => {
      const model = make();
      const X = randomRows(model.trees!, model.numFeatures, N, 0.05, 9);
      const serial = model.predictMargin(X, N);
      const parallel = await model.predictMarginAsync!(X, N);
      assert.strictEqual(predictWorkersRunning() > 0, true, 'the workers scored the rows');
      assert.ok(!(parallel.buffer instanceof SharedArrayBuffer), 'a plain array is returned');
      assert.strictEqual(firstDifference(parallel, serial), -1);
    });
  }

  it('a float64 matrix and a shared float32 one (used in place) give the same bits', async () => {
    const model = loadFixture('missing').model;
    const X = randomRows(model.trees!, model.numFeatures, N, 0.1, 10);
    const shared = new Float32Array(new SharedArrayBuffer(X.byteLength));
    shared.set(X);
    const serial = model.predictMargin(X, N);
    assert.strictEqual(firstDifference(await model.predictMarginAsync!(Float64Array.from(X), N), serial), -1);
    assert.strictEqual(firstDifference(await model.predictMarginAsync!(shared, N), serial), -1);
  });

  it('small inputs and categorical (LightGBM) ensembles are scored on the calling thread', async () => {
    await disposePredictWorkers();
    const small = loadFixture('binary').model;
    const Xs = randomRows(small.trees!, small.numFeatures, PARALLEL_MIN_ROWS - 1, 0.05, 11);
    assert.strictEqual(firstDifference(await small.predictMarginAsync!(Xs, PARALLEL_MIN_ROWS - 1), small.predictMargin(Xs, PARALLEL_MIN_ROWS - 1)), -1);
    const cat = lgb('lgb_categorical.model.txt');
    assert.ok(cat.trees!.categories);
    const Xc = new Float32Array(N * cat.numFeatures).map((_, i) => (i % 7 === 0 ? NaN : (i * 7919) % 11) - 1);
    assert.strictEqual(firstDifference(await cat.predictMarginAsync!(Xc, N), cat.predictMargin(Xc, N)), -1);
    assert.strictEqual(predictWorkersRunning(), 0);
  });

  it('rejects a matrix of the wrong size with BAD_ARGUMENT', async () => {
    const model = loadFixture('binary').model;
    await assert.rejects(model.predictMarginAsync!(new Float32Array(N * model.numFeatures - 1), N), { code: 'BAD_ARGUMENT' });
  });

  it('cancellation: an aborted signal rejects with CancelledError, before or while the workers run', async () => {
    const model = loadFixture('regression').model;
    const n = 8 * N;
    const X = randomRows(model.trees!, model.numFeatures, n, 0, 12);
    const before = new AbortController();
    before.abort();
    await assert.rejects(model.predictMarginAsync!(X, n, { signal: before.signal }), CancelledError);
    const during = new AbortController();
    const running = model.predictMarginAsync!(X, n, { signal: during.signal });
    setImmediate(() => during.abort());
    await assert.rejects(running, CancelledError);
    // The pool keeps working after a cancelled call.
    assert.strictEqual(firstDifference(await model.predictMarginAsync!(X, n), model.predictMargin(X, n)), -1);
  });

  it('disposing the workers fails a running prediction with MODEL_RUNTIME; the next one starts them again', async () => {
    const model = loadFixture('binary').model;
    const n = 8 * N;
    const X = randomRows(model.trees!, model.numFeatures, n, 0, 13);
    const failed = assert.rejects(model.predictMarginAsync!(X, n), { code: 'MODEL_RUNTIME' });
    await disposePredictWorkers();
    await failed;
    assert.strictEqual(predictWorkersRunning(), 0);
    assert.strictEqual(firstDifference(await model.predictMarginAsync!(X, n), model.predictMargin(X, n)), -1);
  });
});

describe('PredictPool errors', () => {
  const job = () => {
    const model = loadFixture('binary').model;
    return { layout: treeLayout(model.trees!), baseMargin: 0, X: new Float32Array(new SharedArrayBuffer(4 * 100 * model.numFeatures)), F: model.numFeatures, out: new Float64Array(new SharedArrayBuffer(8 * 100)) };
  };

  it('an exception in a worker rejects the call with MODEL_RUNTIME and its message', async () => {
    const pool = new PredictPool(2);
    try {
      await assert.rejects(pool.score({ ...job(), layout: undefined as never }, 100, 10), (e: Error & { code?: string }) => e.code === 'MODEL_RUNTIME' && /prediction worker failed: .*undefined/.test(e.message));
      // The workers survive a failed task.
      await pool.score(job(), 100, 10);
    } finally {
      await pool.dispose();
    }
  });

  it('a worker that dies rejects the call with MODEL_RUNTIME and leaves the pool', async () => {
    const pool = new PredictPool(1, 'process.exit(3)');
    try {
      await assert.rejects(pool.score(job(), 100, 50), (e: Error & { code?: string }) => e.code === 'MODEL_RUNTIME' && /exit code 3/.test(e.message));
      assert.strictEqual(pool.size, 0);
    } finally {
      await pool.dispose();
    }
  });
});
