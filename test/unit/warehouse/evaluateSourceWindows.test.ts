import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
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
 * Ten weeks of scored rows: a timestamp (hours, so days and Monday-started weeks are cut inside the data; the
 * first row is a Sunday 23:00, the next a Monday 00:00), a date column, tie-heavy scores, NULL/NaN scores,
 * NULL labels, NULL times, the last two weeks unlabelled (CBPE estimates only) and a worse model from week 6.
 */
function rowsCsv(n: number): string {
  const rnd = mulberry32(11);
  const lines = ['id,ts,day,score,label'];
  const t0 = Date.parse('2026-09-06T23:00:00Z'); // a Sunday
  for (let i = 0; i < n; i++) {
    const t = t0 + Math.floor((i / n) * 70 * 24) * 3600_000;
    const week = Math.floor((t - t0) / (7 * 86400_000));
    const label = rnd() < 0.4 ? 1 : 0;
    const sep = week >= 6 ? 0.06 : 0.24;
    const raw = Math.min(1, Math.max(0, 0.5 + (label ? sep : -sep) + (rnd() - 0.5) * 0.7));
    const score = i % 97 === 3 ? '' : i % 89 === 5 ? 'nan' : raw.toFixed(2);
    const lab = week >= 8 || i % 53 === 7 ? '' : String(label);
    const ts = i % 101 === 9 ? '' : new Date(t).toISOString().slice(0, 19).replace('T', ' ');
    lines.push(`${i},${ts},${ts.slice(0, 10)},${score},${lab}`);
  }
  return lines.join('\n') + '\n';
}

const pick = (r: EvaluationReport) => ({
  positive: r.positive, threshold: r.threshold, classes: r.classes, rows: r.rows, labeledRows: r.labeledRows, unlabeledRows: r.unlabeledRows,
  excludedRows: r.excludedRows, metrics: r.metrics, curves: r.curves, confusion: r.confusion, thresholds: r.thresholds, bootstrap: r.bootstrap,
  windows: r.windows, referenceMetrics: r.referenceMetrics, estimated: r.estimated, verdict: r.verdict, columns: r.columns,
  issues: r.issues.filter((i) => i.code === 'NO_TIME' || i.code === 'EXCLUDED_ROWS').sort((a, b) => a.code.localeCompare(b.code)),
});

describe('model-lens evaluate --source --time-column --window (real PostgreSQL): the file\'s performance over time', function () {
  this.timeout(240_000);
  let dir: string;
  let cfg: string;
  let file: string;
  let url: string;

  before(async function () {
    const u = await pgUrl();
    if (!u) return this.skip();
    url = u;
    const pgu = new URL(u);
    dir = mkdtempSync(join(tmpdir(), 'ml-eval-win-'));
    file = join(dir, 'scored.csv');
    writeFileSync(file, rowsCsv(6000));
    const engine = await Engine.create({ threads: 1 });
    try {
      await copyToPostgres(u, engine, await loadDataset(engine, file), 'ml_evalwin', 'scored');
    } finally {
      engine.close();
    }
    cfg = join(dir, 'modellens.yml');
    writeFileSync(cfg, `version: 1\nsources:\n  pg:\n    engine: postgres\n    host: ${pgu.hostname}\n    port: ${pgu.port}\n    database: ${pgu.pathname.slice(1)}\n    user: ${pgu.username}\n`);
  });

  const fromFile = (...args: string[]) => {
    const r = cli('evaluate', file, '--format', 'json', '--no-segments', ...args);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return JSON.parse(r.stdout) as EvaluationReport;
  };
  const fromSource = (...args: string[]) => {
    const r = cli('evaluate', '--source', 'pg:ml_evalwin.scored', '--config', cfg, '--format', 'json', ...args);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return JSON.parse(r.stdout) as EvaluationReport & { computedIn: { bytesReceived: number; queries: number } };
  };

  for (const [column, window] of [['ts', 'week'], ['ts', 'day'], ['day', 'month'], ['day', 'week']] as const) {
    it(`--time-column ${column} --window ${window}: windows, flags, score drift, low-confidence share, CBPE and the overall figures equal the file's`, () => {
      const args = ['--label', 'label', '--score', 'score', '--time-column', column, '--window', window, '--bootstrap', '120', '--seed', '5'];
      const a = fromFile(...args);
      const b = fromSource(...args);
      const diff = sameReport(pick(b), pick(a));
      assert.equal(diff, undefined, diff);
      assert.ok(a.windows!.length >= 2);
      if (window === 'week') {
        assert.equal(a.windows!.length, 11, 'a Sunday 23:00 row is its own week (weeks start on Monday)');
        assert.equal(a.windows![0]!.start.slice(0, 10), '2026-08-31');
        assert.ok(a.windows!.some((w) => w.flags.length > 0), 'windows worse than the reference are flagged (flags are compared too)');
        assert.ok(a.windows!.some((w) => w.scoreDrift?.drifted), 'the scores drift in the later weeks');
        assert.ok(a.estimated!.windows.some((w) => w.labeledRows === 0), 'unlabelled weeks are estimated only');
        assert.ok(b.computedIn.bytesReceived < 200_000, `only aggregates: ${b.computedIn.bytesReceived} bytes`);
      }
      if (column === 'ts') assert.ok(a.issues.some((i) => i.code === 'NO_TIME'), 'rows without a time are in no window');
    });
  }

  it('refusals: N chunks, a regression over time, a lone --window; injection through the time column and --where', async () => {
    const cases: [string[], RegExp][] = [
      [['--label', 'label', '--score', 'score', '--time-column', 'ts', '--window', '4chunks'], /--window 4chunks cuts the rows into chunks .* use --window day, week or month/],
      [['--label', 'label', '--score', 'score', '--time-column', 'ts'], /--time-column and --window together/],
      [['--label', 'label', '--score', 'score', '--time-column', 'ts', '--window', "week'; DROP TABLE ml_evalwin.scored; --"], /--window must be day, week, month/],
      [['--label', 'label', '--score', 'score', '--time-column', 'ts"; DROP TABLE ml_evalwin.scored; --', '--window', 'week'], /--time-column 'ts"; DROP TABLE ml_evalwin\.scored; --' is not a column/],
      [['--label', 'label', '--score', 'score', '--time-column', 'score', '--window', 'week'], /must be a DATE or TIMESTAMP/],
      [['--label', 'label', '--score', 'score', '--time-column', 'ts', '--window', 'week', '--where', "ts > '2026-01-01' or 1=1; DROP TABLE ml_evalwin.scored"], /--where/],
    ];
    for (const [args, re] of cases) {
      const r = cli('evaluate', '--source', 'pg:ml_evalwin.scored', '--config', cfg, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout.slice(0, 300)}`);
      assert.match(r.stderr, re, args.join(' '));
    }
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      assert.equal((await c.query('SELECT count(*)::int AS n FROM ml_evalwin.scored')).rows[0].n, 6000);
    } finally {
      await c.end();
    }
  });
});
