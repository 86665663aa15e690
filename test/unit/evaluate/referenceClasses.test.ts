// The reference's rows are read with the classes of both sides and with its own column types: a current set
// without labels (classes would default to 0/1) or whose label DuckDB reads with another type than the
// reference's (yes/no sniffed as BOOLEAN in one file, text in the other) used to read every reference label as
// negative, silently. The reference's metrics must equal an evaluation of the reference file alone.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { mulberry32 } from '../../../src/core/random';
import { runEvaluation } from '../../../src/core/evaluate/runEvaluation';
import type { MetricValue } from '../../../src/core/evaluate/types';

const value = (ms: readonly MetricValue[] | null | undefined, id: string) => ms?.find((m) => m.name === id)?.value;

describe('evaluate --reference: classes from both sides, each side read with its own types', function () {
  this.timeout(60000);
  let engine: Engine;
  const dir = mkdtempSync(join(tmpdir(), 'ml-refclasses-'));
  const file = (name: string, header: string, rows: string[]) => {
    writeFileSync(join(dir, name), `${header}\n${rows.join('\n')}\n`);
    return join(dir, name);
  };
  const rnd = mulberry32(7);
  const scored = Array.from({ length: 300 }, () => {
    const p = rnd();
    return { p: p.toFixed(4), yes: rnd() < p };
  });
  // yes/no labels: DuckDB's CSV sniffer reads them as BOOLEAN.
  const ref = file('ref.csv', 'y,s', scored.map((r) => `${r.yes ? 'yes' : 'no'},${r.p}`));
  const unlabeled = file('cur.csv', 'y,s', scored.slice(0, 100).map((r) => `,${r.p}`));
  before(async () => { engine = await Engine.create({ threads: 2 }); });
  after(async () => { await engine.close(); rmSync(dir, { recursive: true, force: true }); });

  it('a current set without labels: the reference reads its own yes/no labels (was: all negative)', async () => {
    const alone = await runEvaluation(engine, { dataset: ref, label: 'y', score: 's', bootstrap: 0 });
    const r = await runEvaluation(engine, { dataset: unlabeled, label: 'y', score: 's', reference: ref, bootstrap: 0 });
    assert.equal(r.positive, 'true');
    for (const id of ['rocAuc', 'prAuc', 'accuracy', 'precision', 'recall', 'logLoss']) {
      const want = value(alone.metrics, id);
      assert.equal(typeof want, 'number', `${id} of the reference alone`);
      assert.ok(Math.abs(value(r.referenceMetrics, id)! - want!) <= 1e-12, `reference ${id}: ${value(r.referenceMetrics, id)} vs ${want}`);
    }
  });

  it('a label value only the reference holds makes three classes: refused, naming the label', async () => {
    const cur = file('cur3.csv', 'y,s', ['a,0.1', 'b,0.9']);
    const r3 = file('ref3.csv', 'y,s', ['a,0.2', 'c,0.8']);
    await assert.rejects(runEvaluation(engine, { dataset: cur, label: 'y', score: 's', reference: r3, positive: 'b', bootstrap: 0 }), /Label column 'y' has more than two values/);
  });

  it('multiclass predictions: a class only the reference holds is a class, and the reference equals its evaluation alone', async () => {
    const cur = file('mc_cur.csv', 'y,pred', ['a,a', 'b,b', 'a,b', 'b,b']);
    const rows = ['a,a', 'b,b', 'c,c', 'c,a', 'a,a', 'b,c', 'c,c'];
    const mref = file('mc_ref.csv', 'y,pred', rows);
    const alone = await runEvaluation(engine, { dataset: mref, label: 'y', prediction: 'pred', bootstrap: 0 });
    const r = await runEvaluation(engine, { dataset: cur, label: 'y', prediction: 'pred', reference: mref, bootstrap: 0 });
    assert.equal(r.task, 'multiclass');
    for (const id of ['accuracy', 'f1Macro', 'recallMacro']) {
      const want = value(alone.metrics, id);
      assert.equal(typeof want, 'number', `${id} of the reference alone`);
      assert.ok(Math.abs(value(r.referenceMetrics, id)! - want!) <= 1e-12, `reference ${id}: ${value(r.referenceMetrics, id)} vs ${want}`);
    }
  });
});
