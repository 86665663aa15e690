import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ColumnInfo } from '../../../src/core/data/dataset';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { evaluateBinary, evaluateBinaryCounts } from '../../../src/core/evaluate/binary/evaluateBinary';
import { sortScores } from '../../../src/core/evaluate/binary/sortedScores';
import { runEvaluation } from '../../../src/core/evaluate/runEvaluation';
import { runSourceEvaluation } from '../../../src/core/evaluate/source/evaluateSource';
import { binaryCountsPlan, binarySizePlan, labelValuesPlan, regressionSumsPlan, regressionTotalPlan } from '../../../src/core/evaluate/source/sourcePlans';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { Source } from '../../../src/core/plan/plan';
import { renderPlan } from '../../../src/core/plan/render';
import { mulberry32 } from '../../../src/core/random';
import { WAREHOUSE_DIALECTS } from '../../../src/core/warehouse/dialects';
import { assertSelectOnly } from '../../../src/core/warehouse/selectOnly';
import { sameReport } from './pgLoad';

const SAMPLE = join(__dirname, '..', '..', '..', 'sample');
const GOLDEN = join(__dirname, '..', '..', 'fixtures', 'warehouse', 'golden');

describe('evaluate --source: weighted distinct scores, plans and golden SQL', function () {
  this.timeout(60_000);

  it('evaluateBinaryCounts equals evaluateBinary on the rows the counts describe (ties, exact and binned cells)', () => {
    for (const [n, grid] of [[2000, 100], [30000, 1e6]] as const) {
      const rnd = mulberry32(n);
      const y = new Float64Array(n);
      const s = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        y[i] = rnd() < 0.3 ? 1 : 0;
        s[i] = Math.round(Math.min(1, Math.max(0, 0.35 * y[i]! + 0.65 * rnd())) * grid) / grid;
      }
      const counts = new Map<number, [number, number]>();
      for (let i = 0; i < n; i++) {
        const c = counts.get(s[i]!) ?? [0, 0];
        c[y[i] === 1 ? 0 : 1]++;
        counts.set(s[i]!, c);
      }
      const scores = Float64Array.from(counts.keys()).sort().reverse();
      const a = evaluateBinary(sortScores(y, s), { threshold: 0.4 });
      const b = evaluateBinaryCounts(scores, Float64Array.from(scores, (v) => counts.get(v)![0]), Float64Array.from(scores, (v) => counts.get(v)![1]), { threshold: 0.4 });
      const plain = (r: typeof a) => ({ ...r, values: [...r.values], cells: { ...r.cells, pos: [...r.cells.pos], neg: [...r.cells.neg], lossPos: [...r.cells.lossPos], brierNeg: [...r.cells.brierNeg], bin: [...r.cells.bin] } });
      assert.equal(sameReport(plain(b), plain(a), 0), undefined, `n=${n}`);
      assert.equal(a.cells.exact, grid === 100, 'both the exact and the binned cells are covered');
    }
    assert.throws(() => evaluateBinaryCounts(Float64Array.from([0.1, 0.2]), Float64Array.from([1, 1]), Float64Array.from([0, 0]), { threshold: 0.5 }), /strictly descending/);
  });

  it('through the embedded engine\'s executor the source path gives the file path\'s report (binary and regression)', async () => {
    const engine = await Engine.create({ threads: 1 });
    try {
      const file = join(SAMPLE, 'loans_reference.csv');
      const ds = await loadDataset(engine, file);
      const exec = new DuckDbExecutor(engine);
      const a = await runEvaluation(engine, { dataset: file, label: 'approved', score: 'score', bootstrap: 100, seed: 5, segments: false });
      const b = await runSourceEvaluation(exec, ds, { label: 'approved', score: 'score', bootstrap: 100, seed: 5 });
      for (const k of ['metrics', 'curves', 'confusion', 'thresholds', 'bootstrap', 'rows', 'labeledRows', 'excludedRows', 'positive', 'classes', 'verdict'] as const) {
        assert.equal(sameReport(b[k], a[k]), undefined, `${k}: ${sameReport(b[k], a[k])}`);
      }
      const ra = await runEvaluation(engine, { dataset: file, label: 'income', prediction: 'loan_amount', task: 'regression', bootstrap: 0, segments: false });
      const rb = await runSourceEvaluation(exec, ds, { label: 'income', prediction: 'loan_amount', task: 'regression' });
      for (const m of ra.metrics) assert.ok(Math.abs(rb.metrics.find((x) => x.name === m.name)!.value! - m.value!) <= 1e-12 * Math.max(1, Math.abs(m.value!)), m.name);
      assert.equal(sameReport(rb.residualQuantiles, ra.residualQuantiles), undefined);
      await assert.rejects(runSourceEvaluation(exec, ds, { label: 'approved', score: 'score', maxScores: 10 }), /--max-scores/);
      await assert.rejects(runSourceEvaluation(exec, ds, { label: 'approved', prediction: 'predicted_approved' }), /--task multiclass\); give --task/);
      await ds.release();
    } finally {
      engine.close();
    }
  });

  const table: Source = { kind: 'table', path: ['sales', 'orders'] };
  const label: ColumnInfo = { name: 'approved', type: 'BIGINT' };
  const score: ColumnInfo = { name: 'score', type: 'DOUBLE' };
  const textLabel: ColumnInfo = { name: 'Outcome "class"', type: 'VARCHAR' };
  for (const [name, dialect] of Object.entries(WAREHOUSE_DIALECTS)) {
    it(`golden SQL of the evaluate plans in ${name}`, () => {
      const plans = [
        labelValuesPlan(table, label), binarySizePlan(table, label, score, '1'), binaryCountsPlan(table, label, score, '1'),
        binaryCountsPlan(table, textLabel, score, "it's yes"),
        regressionSumsPlan(table, { name: 'income', type: 'BIGINT' }, { name: 'predicted_income', type: 'DOUBLE' }, dialect.capabilities.exactQuantiles),
        regressionTotalPlan(table, { name: 'income', type: 'BIGINT' }, { name: 'predicted_income', type: 'DOUBLE' }, 51234.5),
      ];
      const sql = plans.map((p) => renderPlan(p, dialect));
      for (const text of sql) assertSelectOnly(text, { backslashEscapes: name === 'bigquery' || name === 'databricks' || name === 'snowflake' });
      const body = `${sql.join(';\n\n')};\n`;
      const file = join(GOLDEN, `evaluate.${name}.sql`);
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, body);
      }
      assert.equal(body, readFileSync(file, 'utf8'), `golden SQL changed: ${file} (UPDATE_GOLDEN=1 after reviewing the diff)`);
    });
  }
});
