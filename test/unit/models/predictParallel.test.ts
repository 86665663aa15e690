import assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { CancelledError } from '../../../src/core/errors';
import type { Model } from '../../../src/core/models/types';
import { loadModel } from '../../../src/core/models/xgboost/loadModel';
import { predictMargin } from '../../../src/core/models/xgboost/predict';
import { disposePredictWorkers, PARALLEL_MIN_ROWS, PredictPool, predictWorkersRunning, type TaskMessage } from '../../../src/core/models/xgboost/predictWorkers';
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

describe('PredictPool sends each worker a model once, not with every task', function () {
  this.timeout(60000);
  // Regression: every task carried the tree layout and base margin (a structured clone per 64k-row block per worker).
  const n = 20_000;
  const shared = (X: Float32Array): Float32Array => {
    const x = new Float32Array(new SharedArrayBuffer(X.byteLength));
    x.set(X);
    return x;
  };
  /** Scores `blocks` blocks of n rows of a model, as predictBlocks does (one call per block), against predictMargin. */
  const scoreBlocks = async (pool: PredictPool, model: Model, baseMargin: number, blocks: number, seed: number): Promise<void> => {
    const e = model.trees!;
    for (let b = 0; b < blocks; b++) {
      const X = shared(randomRows(e, model.numFeatures, n, 0.05, seed + b));
      const out = new Float64Array(new SharedArrayBuffer(8 * n * e.numGroups));
      await pool.score({ layout: treeLayout(e), baseMargin, X, F: model.numFeatures, out }, n, 1024);
      assert.strictEqual(firstDifference(out, predictMargin(e, baseMargin, X, n, model.numFeatures)), -1, `block ${b}`);
    }
  };

  it('many blocks of one model: the layout is posted once per worker; switching models re-sends it, predictions stay exact', async () => {
    const posted: TaskMessage[] = [];
    const pool = new PredictPool(2, undefined, (m) => posted.push(m));
    const models = () => posted.filter((m) => m.model !== undefined).length;
    const a = loadFixture('missing').model;
    const b = randomXgboost({ trees: 8, maxDepth: 15, split: 1, features: 4, classes: 1, seed: 7, chain: true }); // node layout
    const c = loadFixture('multiclass').model;
    try {
      await scoreBlocks(pool, a, 0.25, 6, 100);
      assert.strictEqual(pool.size, 2);
      assert.strictEqual(posted.length, 6 * Math.ceil(n / 1024), 'one message per task');
      assert.strictEqual(models(), 2, 'the model went to each of the 2 workers once');
      assert.ok(posted.every((m) => !('layout' in m) && !('baseMargin' in m)), 'tasks carry rows and buffers only');

      await scoreBlocks(pool, b, 0.25, 2, 200);
      assert.strictEqual(models(), 4, 'another model is sent to each worker once');
      await scoreBlocks(pool, c, 0.25, 2, 300);
      await scoreBlocks(pool, a, 0.25, 2, 400);
      assert.strictEqual(models(), 8, 'and a model scored before is sent again after a switch');
      await scoreBlocks(pool, a, -1.5, 2, 500);
      assert.strictEqual(models(), 10, 'the same trees with another base margin are another model');
    } finally {
      await pool.dispose();
    }
  });

  it('after a worker fails, the next task sends the model again', async () => {
    const posted: TaskMessage[] = [];
    const pool = new PredictPool(1, undefined, (m) => posted.push(m));
    const model = loadFixture('binary').model;
    try {
      await scoreBlocks(pool, model, 0, 1, 600);
      const X = new Float32Array(new SharedArrayBuffer(4 * 100 * model.numFeatures));
      await assert.rejects(pool.score({ layout: undefined as never, baseMargin: 0, X, F: model.numFeatures, out: new Float64Array(new SharedArrayBuffer(8 * 100)) }, 100, 100), { code: 'MODEL_RUNTIME' });
      const before = posted.length;
      await scoreBlocks(pool, model, 0, 1, 700);
      assert.ok(posted[before]!.model?.layout === treeLayout(model.trees!), 'the first task after the failure carries the model');
    } finally {
      await pool.dispose();
    }
  });
});
