import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { EvaluationReport } from '../../../src/core/evaluate/types';
import { mulberry32 } from '../../../src/core/random';
import { copyToPostgres, sameReport } from './pgLoad';
import { pgUrl } from './pgServer';

const root = join(__dirname, '../../..');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 110_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Rows with tie-heavy scores (two decimals), NULL and NaN scores, NULL labels, a group that holds only
 * negatives (a single-class slice), and a regression pair with a zero label (MAPE's ε).
 */
function rowsCsv(n: number, decimals: number): string {
  const rnd = mulberry32(7);
  const lines = ['id,grp,score,label,y_reg,p_reg'];
  for (let i = 0; i < n; i++) {
    const grp = i % 10 === 0 ? 'neg_only' : i % 2 ? 'a' : 'b';
    const label = grp === 'neg_only' ? 0 : rnd() < 0.4 ? 1 : 0;
    const raw = Math.min(1, Math.max(0, (label ? 0.62 : 0.38) + (rnd() - 0.5) * 0.7));
    const score = i % 97 === 3 ? '' : i % 89 === 5 ? 'nan' : raw.toFixed(decimals);
    const lab = i % 53 === 7 ? '' : String(label);
    const y = i % 71 === 0 ? 0 : 10 + 50 * rnd();
    const p = i % 61 === 2 ? '' : (y + (rnd() - 0.5) * 8).toString();
    lines.push(`${i},${grp},${score},${lab},${y},${p}`);
  }
  return lines.join('\n') + '\n';
}

const pick = (r: EvaluationReport) => ({
  task: r.task, positive: r.positive, threshold: r.threshold, classes: r.classes, rows: r.rows, labeledRows: r.labeledRows, unlabeledRows: r.unlabeledRows,
  excludedRows: r.excludedRows, metrics: r.metrics, curves: r.curves, confusion: r.confusion, thresholds: r.thresholds, bootstrap: r.bootstrap, verdict: r.verdict,
});

describe('model-lens evaluate --source (real PostgreSQL): the file\'s report from aggregates', function () {
  this.timeout(240_000);
  let dir: string;
  let cfg: string;
  let file: string;
  let negFile: string;

  before(async function () {
    const u = await pgUrl();
    if (!u) return this.skip();
    const url = new URL(u);
    dir = mkdtempSync(join(tmpdir(), 'ml-eval-src-'));
    file = join(dir, 'scored.csv');
    writeFileSync(file, rowsCsv(3000, 2));
    negFile = join(dir, 'neg_only.csv');
    writeFileSync(negFile, rowsCsv(3000, 2).split('\n').filter((l, i) => i === 0 || l.includes(',neg_only,')).join('\n') + '\n');
    const fine = join(dir, 'fine.csv');
    writeFileSync(fine, rowsCsv(9000, 6));
    const engine = await Engine.create({ threads: 1 });
    try {
      await copyToPostgres(u, engine, await loadDataset(engine, file), 'ml_eval', 'scored');
      await copyToPostgres(u, engine, await loadDataset(engine, fine), 'ml_eval', 'fine');
    } finally {
      engine.close();
    }
    cfg = join(dir, 'modellens.yml');
    writeFileSync(cfg, `version: 1\nsources:\n  pg:\n    engine: postgres\n    host: ${url.hostname}\n    port: ${url.port}\n    database: ${url.pathname.slice(1)}\n    user: ${url.username}\n`);
  });

  const fromFile = (f: string, ...args: string[]) => {
    const r = cli('evaluate', f, '--format', 'json', '--no-segments', ...args);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return JSON.parse(r.stdout) as EvaluationReport;
  };
  const fromSource = (table: string, ...args: string[]) => {
    const r = cli('evaluate', '--source', table, '--config', cfg, '--format', 'json', ...args);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return JSON.parse(r.stdout) as EvaluationReport & { computedIn: { engine: string; bytesReceived: number; queries: number } };
  };

  it('binary: every metric, interval, curve, confusion matrix and best threshold equals the file\'s (tie-heavy scores, NULL/NaN scores and labels)', () => {
    const a = fromFile(file, '--label', 'label', '--score', 'score', '--bootstrap', '200', '--seed', '3');
    const b = fromSource('pg:ml_eval.scored', '--label', 'label', '--score', 'score', '--bootstrap', '200', '--seed', '3');
    assert.equal(sameReport(pick(b), pick(a)), undefined, sameReport(pick(b), pick(a)));
    assert.ok(a.metrics.every((m) => m.name === 'rocAuc' || m.value !== null), 'metrics are defined');
    assert.ok(a.excludedRows > 0 && a.unlabeledRows > 0, 'the data has unusable scores and unlabelled rows');
    assert.equal(b.computedIn.engine, 'postgres');
    assert.ok(b.computedIn.bytesReceived > 0 && b.computedIn.bytesReceived < 50_000, `only aggregates: ${b.computedIn.bytesReceived} bytes`);
    assert.deepEqual(b.segments, []);
    assert.ok(b.issues.some((i) => i.code === 'NO_SEGMENTS'));
  });

  it('binary with more distinct scores than bootstrap cells (binned intervals) still equals the file\'s', () => {
    const a = fromFile(join(dir, 'fine.csv'), '--label', 'label', '--score', 'score', '--bootstrap', '100', '--threshold', '0.42');
    const b = fromSource('pg:ml_eval.fine', '--label', 'label', '--score', 'score', '--bootstrap', '100', '--threshold', '0.42');
    assert.equal(a.bootstrap.exact, false, 'more distinct scores than cells: binned bootstrap');
    assert.equal(sameReport(pick(b), pick(a)), undefined, sameReport(pick(b), pick(a)));
  });

  it('a single-class slice (--where) gives the same undefined metrics with the same reasons as the file of those rows', () => {
    const a = fromFile(negFile, '--label', 'label', '--score', 'score', '--bootstrap', '50', '--positive', '1');
    const b = fromSource('pg:ml_eval.scored', '--where', "grp = 'neg_only'", '--label', 'label', '--score', 'score', '--bootstrap', '50', '--positive', '1');
    assert.equal(sameReport(pick(b), pick(a)), undefined, sameReport(pick(b), pick(a)));
    assert.equal(b.metrics.find((m) => m.name === 'rocAuc')!.value, null);
  });

  it('regression: mae, rmse, r2, mape and the residual quantiles equal the file\'s to 1e-12 (exact percentile_cont)', () => {
    const a = fromFile(file, '--label', 'y_reg', '--prediction', 'p_reg', '--task', 'regression', '--bootstrap', '0');
    const b = fromSource('pg:ml_eval.scored', '--label', 'y_reg', '--prediction', 'p_reg', '--task', 'regression');
    for (const m of a.metrics) {
      const x = b.metrics.find((y) => y.name === m.name)!;
      assert.ok(Math.abs(x.value! - m.value!) <= 1e-12 * Math.max(1, Math.abs(m.value!)), `${m.name}: ${x.value} vs ${m.value}`);
    }
    assert.equal(sameReport(b.residualQuantiles, a.residualQuantiles), undefined);
    assert.equal(b.excludedRows, a.excludedRows);
    assert.equal(b.labeledRows, a.labeledRows);
  });

  it('the transfer limit: above --max-scores a clear refusal naming the option; raising it runs', () => {
    const r = cli('evaluate', '--source', 'pg:ml_eval.fine', '--config', cfg, '--label', 'label', '--score', 'score', '--max-scores', '500');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /distinct scores/);
    assert.match(r.stderr, /--max-scores \d+000 \(the figures stay exact\)/);
    const ok = cli('evaluate', '--source', 'pg:ml_eval.fine', '--config', cfg, '--label', 'label', '--score', 'score', '--bootstrap', '0', '--max-scores', '20000');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /Computed in PostgreSQL.*received \(aggregates only\)/);
  });

  it('refuses --model, regression windows, a regression --reference, 0/1 predictions with a message saying what to do', () => {
    const cases: [string[], RegExp][] = [
      [['--model', join(root, 'sample', 'models', 'loan_xgb.json'), '--label', 'label'], /--model scores every row.*--score COLUMN/],
      [['--prediction', 'p_reg', '--label', 'y_reg', '--task', 'regression', '--time-column', 'id', '--window', 'week'], /--time-column\/--window evaluate binary scores .* export the rows to Parquet/],
      [['--prediction', 'y_reg', '--label', 'y_reg', '--task', 'regression', '--reference', file], /--reference is read for a binary score .*export both to Parquet/],
      [['--prediction', 'grp', '--label', 'grp'], /give --task.*0\/1 predictions.*export the rows/],
      [['--score', 'score', '--label', 'label', '--max-scores', '0'], /--max-scores must be/],
    ];
    for (const [args, re] of cases) {
      const r = cli('evaluate', '--source', 'pg:ml_eval.scored', '--config', cfg, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, re, args.join(' '));
    }
  });

  it('injection through --where and column names is refused or read as a name, never run as SQL', () => {
    const bad = cli('evaluate', '--source', 'pg:ml_eval.scored', '--config', cfg, '--label', 'label', '--score', 'score', '--where', "grp = 'a'; DROP TABLE ml_eval.scored");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--where/);
    const col = cli('evaluate', '--source', 'pg:ml_eval.scored', '--config', cfg, '--label', 'label', '--score', 'score"; DROP TABLE ml_eval.scored; --');
    assert.equal(col.code, 2);
    assert.match(col.stderr, /Score column 'score"; DROP TABLE ml_eval.scored; --' not found/);
    const still = fromSource('pg:ml_eval.scored', '--label', 'label', '--score', 'score', '--bootstrap', '0');
    assert.ok(still.rows > 0, 'the table is still there');
  });
});
