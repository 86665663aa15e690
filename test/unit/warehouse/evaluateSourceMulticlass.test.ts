import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { evaluateMulticlass } from '../../../src/core/evaluate/multiclass';
import { runEvaluation } from '../../../src/core/evaluate/runEvaluation';
import { runSourceEvaluation } from '../../../src/core/evaluate/source/evaluateSource';
import { confusionPlan, multiclassFromConfusion, valuesPlan } from '../../../src/core/evaluate/source/sourceMulticlass';
import type { EvaluationReport } from '../../../src/core/evaluate/types';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { Source } from '../../../src/core/plan/plan';
import { renderPlan } from '../../../src/core/plan/render';
import { mulberry32 } from '../../../src/core/random';
import { WAREHOUSE_DIALECTS } from '../../../src/core/warehouse/dialects';
import { assertSelectOnly } from '../../../src/core/warehouse/selectOnly';
import { copyToPostgres, sameReport } from './pgLoad';
import { pgUrl } from './pgServer';

const root = join(__dirname, '../../..');
const GOLDEN = join(__dirname, '..', '..', 'fixtures', 'warehouse', 'golden');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 110_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Four text classes (one predicted but never a label, one a label but never predicted), integer classes, NULLs. */
function rowsCsv(n: number): string {
  const rnd = mulberry32(5);
  const names = ['bird', 'cat', 'dog', 'eel'];
  const lines = ['id,animal,predicted,grade,grade_pred'];
  for (let i = 0; i < n; i++) {
    const y = Math.floor(rnd() * 3); // bird, cat, dog: eel is never a label
    const p = rnd() < 0.7 ? y : rnd() < 0.2 ? 3 : Math.floor(rnd() * 2); // dog predicted only when right; eel sometimes
    const g = Math.floor(rnd() * 5);
    const gp = rnd() < 0.6 ? g : Math.floor(rnd() * 6);
    lines.push(`${i},${i % 41 === 3 ? '' : names[y]},${i % 37 === 1 ? '' : names[p]},${g},${i % 29 === 0 ? '' : gp}`);
  }
  return lines.join('\n') + '\n';
}

const pick = (r: EvaluationReport) => ({
  task: r.task, classes: r.classes, rows: r.rows, labeledRows: r.labeledRows, unlabeledRows: r.unlabeledRows, excludedRows: r.excludedRows,
  metrics: r.metrics, perClass: r.perClass, confusion: r.confusion, bootstrap: r.bootstrap, verdict: r.verdict,
});

describe('evaluate --source --task multiclass: the file path\'s report from GROUP BY (label, prediction) counts', function () {
  this.timeout(180_000);
  let dir: string;
  let file: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ml-eval-mc-'));
    file = join(dir, 'classes.csv');
    writeFileSync(file, rowsCsv(4000));
  });

  it('multiclassFromConfusion is evaluateMulticlass of the rows the confusion matrix describes', () => {
    const rnd = mulberry32(3);
    const k = 4;
    const y = Int32Array.from({ length: 500 }, () => Math.floor(rnd() * 3));
    const pred = Int32Array.from(y, (v) => (rnd() < 0.6 ? v : Math.floor(rnd() * k)));
    const a = evaluateMulticlass({ y, pred, loss: null, k });
    const cm = new Float64Array(k * k);
    y.forEach((v, i) => { cm[v * k + pred[i]!]! += 1; });
    const b = multiclassFromConfusion(cm, k);
    const plain = (r: typeof a) => ({ ...r, values: [...r.values], confusion: [...r.confusion], present: [...r.present], cells: { ...r.cells, count: [...r.cells.count], lossSum: [...r.cells.lossSum], cmIndex: [...r.cells.cmIndex] } });
    assert.equal(sameReport(plain(b), plain(a), 0), undefined);
  });

  it('through the embedded engine\'s executor: text and integer classes equal the file path (metrics, intervals, per class, confusion)', async () => {
    const engine = await Engine.create({ threads: 1 });
    try {
      const ds = await loadDataset(engine, file);
      for (const [label, prediction] of [['animal', 'predicted'], ['grade', 'grade_pred']] as const) {
        const a = await runEvaluation(engine, { dataset: file, label, prediction, task: 'multiclass', bootstrap: 150, seed: 4, segments: false });
        const b = await runSourceEvaluation(new DuckDbExecutor(engine), ds, { label, prediction, task: 'multiclass', bootstrap: 150, seed: 4 });
        assert.equal(sameReport(pick(b), pick(a)), undefined, `${label}: ${sameReport(pick(b), pick(a))}`);
        assert.ok(a.perClass!.length >= 4 && a.excludedRows > 0 && (label === 'grade' || a.unlabeledRows > 0), label);
      }
      await ds.release();
    } finally {
      engine.close();
    }
  });

  it('on a real PostgreSQL the report equals the file\'s', async function () {
    const u = await pgUrl();
    if (!u) return this.skip();
    const pgu = new URL(u);
    const engine = await Engine.create({ threads: 1 });
    try {
      await copyToPostgres(u, engine, await loadDataset(engine, file), 'ml_evalmc', 'classes');
    } finally {
      engine.close();
    }
    const cfg = join(dir, 'modellens.yml');
    writeFileSync(cfg, `version: 1\nsources:\n  pg:\n    engine: postgres\n    host: ${pgu.hostname}\n    port: ${pgu.port}\n    database: ${pgu.pathname.slice(1)}\n    user: ${pgu.username}\n`);
    const args = ['--label', 'animal', '--prediction', 'predicted', '--task', 'multiclass', '--bootstrap', '150', '--seed', '4', '--format', 'json'];
    const fa = cli('evaluate', file, '--no-segments', ...args);
    const fb = cli('evaluate', '--source', 'pg:ml_evalmc.classes', '--config', cfg, ...args);
    assert.ok(fa.code === 0 || fa.code === 1, fa.stderr);
    assert.ok(fb.code === 0 || fb.code === 1, fb.stderr);
    const a = JSON.parse(fa.stdout) as EvaluationReport;
    const b = JSON.parse(fb.stdout) as EvaluationReport;
    assert.equal(sameReport(pick(b), pick(a)), undefined, sameReport(pick(b), pick(a)));
    const win = cli('evaluate', '--source', 'pg:ml_evalmc.classes', '--config', cfg, '--label', 'animal', '--prediction', 'predicted', '--task', 'multiclass', '--time-column', 'id', '--window', 'week');
    assert.equal(win.code, 2);
    assert.match(win.stderr, /--time-column\/--window evaluate binary scores/);
  });

  const table: Source = { kind: 'table', path: ['sales', 'orders'] };
  for (const [name, dialect] of Object.entries(WAREHOUSE_DIALECTS)) {
    it(`golden SQL of the multiclass plans in ${name}`, () => {
      const label = { name: 'animal', type: 'VARCHAR' };
      const pred = { name: 'predicted "class"', type: 'DOUBLE' };
      const sql = [valuesPlan(table, label, 101), valuesPlan(table, pred, 101), confusionPlan(table, label, pred)].map((p) => renderPlan(p, dialect));
      for (const text of sql) assertSelectOnly(text, { backslashEscapes: name === 'bigquery' || name === 'databricks' || name === 'snowflake' });
      const body = `${sql.join(';\n\n')};\n`;
      const golden = join(GOLDEN, `evaluate-multiclass.${name}.sql`);
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(golden)) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(golden, body);
      }
      assert.equal(body, readFileSync(golden, 'utf8'), `golden SQL changed: ${golden} (UPDATE_GOLDEN=1 after reviewing the diff)`);
    });
  }
});
