import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { EvaluationReport } from '../../../src/core/evaluate/types';
import { FIGURES, scoredCsv } from './evalRefData';
import { copyToPostgres, sameReport } from './pgLoad';
import { pgUrl } from './pgServer';

const root = join(__dirname, '../../..');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 110_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every figure, with the reference's name (a file path or a source and filter) left out where the two sides name it differently. */
const figures = (r: EvaluationReport, names = true) => {
  const out: Record<string, unknown> = {};
  for (const k of FIGURES) out[k] = r[k];
  if (!names) {
    delete out['reference'];
    out['estimated'] = r.estimated ? { ...r.estimated, reference: '' } : null;
  }
  return out;
};

describe('model-lens evaluate --source --reference (real PostgreSQL): a reference file, rows of the table, or another table', function () {
  this.timeout(300_000);
  let dir: string;
  let cfg: string;
  let cur: string;
  let ref: string;
  let url: string;
  const CURRENT = "ts >= '2026-09-07'";
  const REFERENCE = "ts < '2026-09-07'";

  before(async function () {
    const u = await pgUrl();
    if (!u) return this.skip();
    url = u;
    const pgu = new URL(u);
    dir = mkdtempSync(join(tmpdir(), 'ml-evalref-pg-'));
    cur = join(dir, 'current.csv');
    ref = join(dir, 'reference.csv');
    writeFileSync(ref, scoredCsv(3, 2500, '2026-08-03', 28));
    writeFileSync(cur, scoredCsv(4, 4000, '2026-09-07', 49, { worseFrom: 28, labelsUntil: 42 }));
    const both = join(dir, 'both.csv');
    writeFileSync(both, readFileSync(ref, 'utf8') + readFileSync(cur, 'utf8').split('\n').slice(1).join('\n'));
    const engine = await Engine.create({ threads: 1 });
    try {
      await copyToPostgres(u, engine, await loadDataset(engine, both), 'ml_evalref', 'both');
      await copyToPostgres(u, engine, await loadDataset(engine, ref), 'ml_evalref', 'reference');
    } finally {
      engine.close();
    }
    cfg = join(dir, 'modellens.yml');
    const conn = `    engine: postgres\n    host: ${pgu.hostname}\n    port: ${pgu.port}\n    database: ${pgu.pathname.slice(1)}\n    user: ${pgu.username}\n`;
    writeFileSync(cfg, `version: 1\nsources:\n  pg:\n${conn}  other:\n${conn}`);
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  const json = (r: ReturnType<typeof cli>) => {
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return JSON.parse(r.stdout) as EvaluationReport & { computedIn: { bytesReceived: number } };
  };
  const fromFile = (...args: string[]) => json(cli('evaluate', cur, '--reference', ref, '--format', 'json', '--no-segments', ...args));
  const fromSource = (...args: string[]) => json(cli('evaluate', '--source', 'pg:ml_evalref.both', '--where', CURRENT, '--config', cfg, '--format', 'json', ...args));
  const WEEKS = ['--label', 'label', '--score', 'score', '--time-column', 'ts', '--window', 'week', '--bootstrap', '80', '--seed', '3'];

  it('--reference FILE: windows, flags, score drift, CBPE, reference metrics and verdict equal `evaluate current.csv --reference ref.csv` to 1e-12', () => {
    const a = fromFile(...WEEKS);
    const b = fromSource(...WEEKS, '--reference', ref);
    const d = sameReport(figures(b), figures(a));
    assert.equal(d, undefined, d);
    assert.ok(a.windows!.some((w) => w.flags.length > 0) && a.estimated!.windows.some((w) => w.labeledRows === 0));
    assert.ok(b.computedIn.bytesReceived < 300_000, `aggregates only: ${b.computedIn.bytesReceived} bytes`);
  });

  it('--reference-where (rows of the same table) and --reference-source (another table): the same figures, the reference named by its source', () => {
    const a = fromFile(...WEEKS);
    const b = fromSource(...WEEKS, '--reference-where', REFERENCE);
    const c = fromSource(...WEEKS, '--reference-source', 'pg:ml_evalref.reference');
    for (const x of [b, c]) assert.equal(sameReport(figures(x, false), figures(a, false)), undefined, sameReport(figures(x, false), figures(a, false)));
    assert.equal(b.reference, `pg:ml_evalref.both where ${REFERENCE}`);
    assert.equal(b.estimated!.reference, b.reference);
    assert.equal(c.reference, 'pg:ml_evalref.reference');
  });

  it('without windows: CBPE for the whole period calibrated on the reference rows equals the file path', () => {
    const args = ['--label', 'label', '--score', 'score', '--bootstrap', '60', '--seed', '1'];
    const a = fromFile(...args);
    const b = fromSource(...args, '--reference-where', REFERENCE);
    assert.equal(sameReport(figures(b, false), figures(a, false)), undefined, sameReport(figures(b, false), figures(a, false)));
    assert.equal(b.estimated!.windows.length, 1);
  });

  it('attacker and bad combinations: injection through --reference-where, an empty or unlabelled reference, mixed options; each refused with what to do', async () => {
    const S = ['--source', 'pg:ml_evalref.both', '--config', cfg, '--label', 'label', '--score', 'score', '--bootstrap', '0'];
    const cases: [string[], RegExp][] = [
      [[...S, '--reference-where', `${REFERENCE} or 1=1; DROP TABLE ml_evalref.both`], /--reference-where/],
      [[...S, '--reference-where', "ts < '2026-09-07'); DROP TABLE ml_evalref.both; --"], /--reference-where/],
      [[...S, '--reference-where', 'label"; DROP TABLE ml_evalref.both; -- = 1'], /--reference-where/],
      [[...S, '--reference-where', "ts < '2000-01-01'"], /the reference pg:ml_evalref\.both where ts < '2000-01-01' has no rows.*--reference-where that keeps/],
      [[...S, '--reference-where', "ts >= '2026-10-19'"], /The reference .* has no row with both a label .* labelled reference/],
      [[...S, '--reference-where', ' '], /--reference-where is empty/],
      [[...S, '--reference', ref, '--reference-where', REFERENCE], /give the reference one way/],
      [[...S, '--reference-source', 'other:ml_evalref.reference'], /--reference-source other:ml_evalref\.reference is in source 'other' but --source is in 'pg'/],
      [[...S, '--reference-source', 'pg:ml_evalref.nope'], /table 'nope' was not found/],
      [['--source', 'pg:ml_evalref.both', '--config', cfg, '--label', 'score', '--prediction', 'score', '--task', 'regression', '--reference-where', REFERENCE], /--reference is read for a binary score/],
      [[cur, '--label', 'label', '--score', 'score', '--reference-where', REFERENCE], /--reference-where and --reference-source choose reference rows of a --source table/],
    ];
    for (const [args, re] of cases) {
      const r = cli('evaluate', ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout.slice(0, 300)} ${r.stderr}`);
      assert.match(r.stderr, re, args.join(' '));
    }
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      assert.equal((await c.query('SELECT count(*)::int AS n FROM ml_evalref.both')).rows[0].n, 6500, 'the table is intact');
    } finally {
      await c.end();
    }
  });

  it('the help names the reference options', () => {
    const r = cli('evaluate', '--help');
    assert.match(r.stdout, /--reference-where R/);
    assert.match(r.stdout, /--reference-source S2/);
  });
});
