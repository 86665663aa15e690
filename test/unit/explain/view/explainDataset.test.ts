// The explanation panel's data (explainDataset) against XGBoost itself: pred_contribs of the sample model
// (sample/models/loan_xgb.expected.json, 1e-5 absolute as in the core tests) and the strongest interacting
// feature from pred_interactions (test/fixtures/modelview/interactions.expected.json, strengths 1e-5 absolute).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../../src/core/data/engine';
import { CancelledError, InputError } from '../../../../src/core/errors';
import { explainDataset, interactionRowBudget } from '../../../../src/core/explain/view/explainDataset';
import { sampleRows } from '../../../../src/core/explain/view/sampleRows';
import { readModelFile } from '../../../../src/core/models/readModelFile';

const root = join(__dirname, '..', '..', '..', '..');
const modelFile = join(root, 'sample', 'models', 'loan_xgb.json');
const data = join(root, 'sample', 'loans_current.csv');
const expected = JSON.parse(readFileSync(join(root, 'sample', 'models', 'loan_xgb.expected.json'), 'utf8')) as { rows: number[]; contribs: number[][]; prediction: number[] };
const inter = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'modelview', 'interactions.expected.json'), 'utf8')) as { rows: number; partners: Record<string, { partner: string; strength: number }> };

describe('explainDataset (explanation panel data)', () => {
  let engine: Engine;
  before(async () => {
    engine = await Engine.create();
  });
  after(() => engine.close());

  it('explains every row in chunks with XGBoost\'s pred_contribs, and finds the strongest interactions', async function () {
    this.timeout(60_000);
    const model = readModelFile(modelFile);
    const x = await explainDataset(engine, model, 'loan_xgb.json', data, { maxRows: 100_000, interactionRows: inter.rows, seed: 0 });
    assert.equal(x.rows.sampled, false);
    assert.equal(x.rows.explained, 3300);
    assert.equal(x.doc.rows.length, 3300);
    expected.rows.forEach((row, k) => {
      const r = x.doc.rows[row]!;
      assert.equal(r.index, row);
      const want = expected.contribs[k]!;
      (r.contributions as number[]).forEach((c, j) => assert.ok(Math.abs(c - want[j]!) <= 1e-5, `row ${row} feature ${j}: ${c} vs ${want[j]}`));
      assert.ok(Math.abs((x.doc.baseValue as number) - want[want.length - 1]!) <= 1e-5, 'base value = xgboost bias');
      assert.ok(Math.abs((r.prediction as number) - expected.prediction[k]!) <= 1e-6, `prediction of row ${row}`);
    });
    // Global importance over the chunks = the plain mean |φ| over all rows.
    for (const g of x.doc.global) {
      const j = x.doc.features.indexOf(g.feature);
      const mean = x.doc.rows.reduce((s, r) => s + Math.abs((r.contributions as number[])[j]!), 0) / x.doc.rows.length;
      assert.ok(Math.abs(g.meanAbs - mean) <= 1e-12 * Math.max(1, mean), `${g.feature}: ${g.meanAbs} vs ${mean}`);
    }
    assert.ok(x.doc.additivity.maxAbsError < 1e-4);
    assert.equal(x.interactionRows, 200);
    for (const s of x.interactions) {
      const want = inter.partners[s.feature]!;
      assert.ok(Math.abs(s.strength - want.strength) <= 1e-5, `${s.feature}: strength ${s.strength} vs ${want.strength}`);
      // credit_score and debt_to_income interact with each other at equal strength (Φ is symmetric); any tie is fine.
      if (Math.abs(s.strength - want.strength) > 1e-7 || s.partner === want.partner) assert.equal(s.partner, want.partner, s.feature);
    }
  });

  it('caps the rows with a seeded sample and always includes the focus row', async function () {
    this.timeout(30_000);
    const model = readModelFile(modelFile);
    const a = await explainDataset(engine, model, 'm', data, { maxRows: 50, interactionRows: 0, seed: 3, focusRow: 3299 });
    const b = await explainDataset(engine, model, 'm', data, { maxRows: 50, interactionRows: 0, seed: 3 });
    assert.deepEqual(b.doc.rows.map((r) => r.index), sampleRows(3300, 50, 3));
    assert.equal(a.rows.sampled, true);
    assert.ok(a.doc.rows.some((r) => r.index === 3299));
    assert.ok(a.doc.rows.length === 50 || a.doc.rows.length === 51);
    assert.equal(a.focusRow, 3299);
    await assert.rejects(explainDataset(engine, model, 'm', data, { maxRows: 50, interactionRows: 0, seed: 3, focusRow: 3300 }), (e: unknown) => e instanceof InputError && e.code === 'BAD_ARGUMENT' && /3300 rows/.test(e.message));
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(explainDataset(engine, readModelFile(modelFile), 'm', data, { maxRows: 1000, interactionRows: 0, seed: 0, signal: controller.signal }), (e: unknown) => e instanceof CancelledError);
  });

  it('sampleRows: distinct, sorted, in range, reproducible', () => {
    const s = sampleRows(1000, 100, 7);
    assert.equal(new Set(s).size, 100);
    assert.ok(s.every((v, i) => v >= 0 && v < 1000 && (i === 0 || v > s[i - 1]!)));
    assert.deepEqual(sampleRows(1000, 100, 7), s);
    assert.notDeepEqual(sampleRows(1000, 100, 8), s);
    assert.deepEqual(sampleRows(5, 10, 1), [0, 1, 2, 3, 4]);
  });
});

describe('interactionRowBudget', () => {
  it('keeps interaction work within the explanation\'s, with a floor of 20 rows', () => {
    const e = readModelFile(modelFile).trees!;
    let perRow = 0;
    for (let t = 0; t < e.numTrees; t++) {
      const used = new Set<number>();
      for (let i = e.treeOffsets[t]!; i < e.treeOffsets[t + 1]!; i++) if (e.left[i] !== -1) used.add(e.feature[i]!);
      perRow += 2 * used.size;
    }
    const affordable = Math.floor((1000 * e.numTrees) / perRow);
    assert.equal(interactionRowBudget(e, 1000, 100_000), affordable);
    assert.equal(interactionRowBudget(e, 1000, 10), 10);
    assert.equal(interactionRowBudget(e, 30, 200), 20, 'the floor');
    assert.equal(interactionRowBudget(e, 5, 200), 5);
    assert.equal(interactionRowBudget(e, 1000, 0), 0);
  });
});
