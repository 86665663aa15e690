import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { InputError } from '../../../src/core/errors';
import { diffModels } from '../../../src/core/versions/diffModels';
import { grantModelAccess } from '../../../src/core/models/modelAccess';
import { fileVersion } from '../../../src/core/versions/sources/resolveVersion';
import { assertClose } from '../helpers';

const models = join(__dirname, '../../fixtures/models');
interface Expected { X: (number | null)[][]; prediction: number[] | number[][]; featureNames: string[] | null }
const expected = (name: string) => JSON.parse(readFileSync(join(models, `${name}.expected.json`), 'utf8')) as Expected;

/** A CSV of the fixture rows (features f0…, then y) so both models score exactly the rows xgboost scored. */
function csv(dir: string, e: Expected, y: number[]): string {
  const F = e.X[0]!.length;
  const names = e.featureNames ?? Array.from({ length: F }, (_, j) => `f${j}`);
  const file = join(dir, 'eval.csv');
  writeFileSync(file, `${[...names, 'y'].join(',')}\n${e.X.map((r, i) => [...r.map((v) => (v === null ? '' : String(v))), String(y[i])].join(',')).join('\n')}\n`);
  return file;
}

describe('diffModels on regression and multiclass models (references: xgboost 1.7.4 predictions)', function () {
  this.timeout(60000);
  let engine: Engine;
  let dir = '';
  before(async () => {
    engine = await Engine.create();
    dir = mkdtempSync(join(tmpdir(), 'ml-versions-tasks-'));
  });
  after(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('regression: RMSE/MAE of each model from xgboost predictions (1e-6, float32 outputs); identical models → no difference', async () => {
    const e = expected('regression');
    const pred = e.prediction as number[];
    const y = pred.map((p, i) => p + (i % 3) - 1 + 0.25 * Math.sin(i));
    const data = csv(dir, e, y);
    const m = join(models, 'regression.model.json');
    const d = await diffModels(fileVersion(m), fileVersion(m), { engine, models: grantModelAccess(), data, label: 'y', draws: 100, minSliceRows: 5 });
    const rmse = Math.sqrt(pred.reduce((s, p, i) => s + (p - y[i]!) ** 2, 0) / pred.length);
    const mae = pred.reduce((s, p, i) => s + Math.abs(p - y[i]!), 0) / pred.length;
    const get = (n: string) => d.metrics.find((x) => x.name === n)!;
    assertClose(get('rmse').a, rmse, 1e-6, 0, 'rmse');
    assertClose(get('mae').b, mae, 1e-6, 0, 'mae');
    assert.equal(get('rmse').delta, 0);
    assert.deepEqual(get('rmse').ci, [0, 0]);
    assert.equal(d.predictions?.agreement, 1);
    assert.equal(d.predictions?.flipRate, null);
    assert.equal(d.verdict.worse, false);
    assert.match(d.verdict.text, /^A and B are the same model \(identical files\)\. No significant difference overall/);
    assert.ok(d.slices.every((s) => s.metric === 'mae' && s.delta === 0 && !s.worse));
  });

  it('multiclass: accuracy from xgboost probabilities (argmax); flip matrix 3×3; a binary B is refused', async () => {
    const e = expected('multiclass');
    const probs = e.prediction as number[][];
    const argmax = (r: number[]) => r.indexOf(Math.max(...r));
    const y = probs.map((r, i) => (i % 4 === 0 ? (argmax(r) + 1) % 3 : argmax(r)));
    const data = csv(dir, e, y);
    const m = join(models, 'multiclass.model.json');
    const d = await diffModels(fileVersion(m), fileVersion(m), { engine, models: grantModelAccess(), data, label: 'y', draws: 50 });
    const acc = probs.filter((r, i) => argmax(r) === y[i]).length / probs.length;
    assertClose(d.metrics.find((x) => x.name === 'accuracy')!.a, acc, 1e-12, 0, 'accuracy');
    const ll = -probs.reduce((s, r, i) => s + Math.log(r[y[i]!]!), 0) / probs.length;
    assertClose(d.metrics.find((x) => x.name === 'log_loss')!.a, ll, 1e-6, 0, 'log loss');
    assert.equal(d.predictions?.flipMatrix?.counts.length, 3);
    assert.equal(d.predictions?.flipMatrix?.counts.flat().reduce((s, c) => s + c, 0), probs.length);
    await assert.rejects(diffModels(fileVersion(m), fileVersion(join(models, 'binary.model.json')), { engine, models: grantModelAccess(), data, label: 'y' }), (err: unknown) => err instanceof InputError && err.code === 'MODELS_INCOMPATIBLE');
  });
});
