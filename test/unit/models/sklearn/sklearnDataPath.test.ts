import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../../src/core/data/engine';
import { loadDataset } from '../../../../src/core/data/loadDataset';
import { datasetFeatures } from '../../../../src/core/models/datasetFeatures';
import { predictBlocks } from '../../../../src/core/models/predictBlocks';
import type { Model } from '../../../../src/core/models/types';
import { flat, loadCase, matrix, maxRelDiff, type SkCase } from './sklearnFixtures';

const dir = mkdtempSync(join(tmpdir(), 'ml-skdata-'));
const csv = (name: string, c: Pick<SkCase, 'columns' | 'X'>): string => {
  const file = join(dir, name);
  writeFileSync(file, `${c.columns.join(',')}\n${c.X.map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\n')}\n`);
  return file;
};

async function scoreFile(engine: Engine, model: Model, file: string): Promise<Float64Array> {
  const ds = await loadDataset(engine, file);
  try {
    const columns = await datasetFeatures(engine, ds, model);
    const parts: Float64Array[] = [];
    await predictBlocks(engine, ds.relation, columns, model, 7, ({ margin }) => void parts.push(margin.slice()));
    return Float64Array.from(parts.flatMap((p) => Array.from(p)));
  } finally {
    await ds.release();
  }
}

describe('scikit-learn models through the dataset engine (text columns, missing values, float64 inputs)', function () {
  this.timeout(60000);
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });
  after(() => engine.close());

  it('text columns become the encoder\'s category indices in SQL; margins equal scikit-learn\'s', async () => {
    for (const name of ['pipe_ct_rf', 'pipe_ct_logreg', 'pipe_ct_hgb', 'pipe_ct_dt_passthrough']) {
      const { model, c } = loadCase(name);
      const margin = await scoreFile(engine, model, csv(`${name}.csv`, c));
      assert.ok(maxRelDiff(margin, flat(c.margin)) <= 1e-9, `${name}: ${maxRelDiff(margin, flat(c.margin))}`);
    }
  });

  it('linear models read dataset values as float64 (a value like 0.1 is not rounded to float32)', async () => {
    const { model, c } = loadCase('linreg');
    const rows = c.X.map((r, i) => r.map((v) => (typeof v === 'number' ? v + 0.1 + i / 3 : v)));
    const file = csv('linreg64.csv', { columns: c.columns, X: rows });
    const margin = await scoreFile(engine, model, file);
    const exact = model.predictMargin(matrix(model, c.columns, rows), rows.length);
    assert.deepEqual(Array.from(margin), Array.from(exact));
    const rounded = model.predictMargin(Float32Array.from(matrix(model, c.columns, rows)), rows.length);
    assert.ok(maxRelDiff(rounded, exact) > 1e-12, 'float32 inputs would have differed (the test can fail)');
  });

  it('refuses what scikit-learn refuses: FEATURE_UNKNOWN_CATEGORY (handle_unknown="error"), FEATURE_MISSING_VALUE', async () => {
    const { model, c } = loadCase('pipe_onehot_error');
    const plan = c.columns.indexOf('plan');
    const unknown = csv('unknown.csv', { columns: c.columns, X: c.X.map((r, i) => (i % 5 === 0 ? r.map((v, j) => (j === plan ? 'gold' : v)) : r)) });
    const ds = await loadDataset(engine, unknown);
    await assert.rejects(datasetFeatures(engine, ds, model), { code: 'FEATURE_UNKNOWN_CATEGORY', message: /Column 'plan' holds 'gold' \(5 rows\)/ });
    await ds.release();
    const rf = loadCase('rf_binary');
    const missing = csv('missing.csv', { columns: rf.c.columns, X: rf.c.X.map((r, i) => (i < 2 ? [r[0]!, null, ...r.slice(2)] : r)) });
    const ds2 = await loadDataset(engine, missing);
    await assert.rejects(datasetFeatures(engine, ds2, rf.model), { code: 'FEATURE_MISSING_VALUE', message: /Column 'b' has 2 missing values/ });
    await ds2.release();
    const hgb = loadCase('hgb_binary');
    const ok = csv('hgb.csv', hgb.c);
    const margin = await scoreFile(engine, hgb.model, ok);
    assert.ok(maxRelDiff(margin, flat(hgb.c.margin)) <= 1e-9, 'HistGradientBoosting takes the missing values');
  });
});
