import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ChecksReport } from '../../../src/core/checks/types';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { copyToPostgres, sameReport } from './pgLoad';
import { pgSourceYaml, pgUrl } from './pgServer';
import { cli, root } from '../support/cli';
import { parseCommandArgs } from '../../../src/cli/args';
import { loadCheckConfig } from '../../../src/cli/checkSourceArgs';
import { isInputError } from '../../../src/core/errors';

const sample = join(root, 'sample');

/** A configuration of files only (as a team has it), plus a PostgreSQL source: `check --source` points a dataset at a table. */
function config(u: URL, withEvaluation: boolean): string {
  return `version: 1
${pgSourceYaml(u)}datasets:
  loans:
    reference: ${join(sample, 'loans_reference.csv')}
    current: ${join(sample, 'loans_current.csv')}
    label: approved
    prediction: predicted_approved
  pricing:
    current: ${join(sample, 'pricing_predictions.csv')}
  unchecked:
    current: ${join(sample, 'loans_current.csv')}
checks:
  drift:
    - dataset: loans
      exclude: [application_id, application_date, notes]
  health:
    - dataset: loans
      baseline: ${join(sample, '.modellens/baselines/loans_current.json')}
      now: 2026-11-01T00:00:00Z
  fairness:
    - dataset: loans
      sensitive: [gender, race]
      minGroupSize: 30
  rules:
    - dataset: pricing
      rules: ${join(sample, 'pricing.rules.yml')}
${withEvaluation ? `  evaluation:
    - dataset: loans
      score: score
      bootstrap: 0
  experiments:
    - dataset: loans
      variant: gender
      control: female
      metrics: [approved]
` : ''}`;
}

const LOAN_CHECKS = ['drift/loans', 'health/loans', 'fairness/loans'];

describe('model-lens check --source (a dataset read from a table; real PostgreSQL)', function () {
  this.timeout(180_000);
  let dir: string;
  let yml: string;
  let withEval: string;
  let url: string;
  let files: ChecksReport;

  before(async function () {
    const u = await pgUrl();
    if (!u) return this.skip();
    url = u;
    const engine = await Engine.create({ threads: 1 });
    try {
      for (const [file, table] of [['loans_reference.csv', 'loans_reference'], ['loans_current.csv', 'loans_current']] as const) {
        await copyToPostgres(u, engine, await loadDataset(engine, join(sample, file)), 'ml_chkflag', table);
      }
    } finally {
      engine.close();
    }
    const c = new pg.Client({ connectionString: u });
    await c.connect();
    try {
      await c.query('DROP TABLE IF EXISTS ml_chkflag.loans_all; CREATE TABLE ml_chkflag.loans_all AS SELECT * FROM ml_chkflag.loans_reference UNION ALL SELECT * FROM ml_chkflag.loans_current');
    } finally {
      await c.end();
    }
    dir = mkdtempSync(join(tmpdir(), 'ml-check-flag-'));
    yml = join(dir, 'modellens.yml');
    withEval = join(dir, 'with-evaluation.yml');
    writeFileSync(yml, config(new URL(u), false));
    writeFileSync(withEval, config(new URL(u), true));
    const r = cli('check', '--config', yml, '--format', 'json', '--no-history');
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    files = JSON.parse(r.stdout) as ChecksReport;
  });

  function sameAsFiles(report: ChecksReport, tableText: RegExp): void {
    assert.deepEqual(report.checks.map((c) => c.id).sort(), [...LOAN_CHECKS].sort(), 'only the checks of the replaced dataset run');
    for (const id of LOAN_CHECKS) {
      const a = files.checks.find((c) => c.id === id)!;
      const b = report.checks.find((c) => c.id === id)!;
      assert.notEqual(b.status, 'error', `${id}: ${b.summary}`);
      assert.equal(b.status, a.status, id);
      assert.deepEqual(b.metrics, a.metrics, id);
      const part = (x: unknown) => { const o = x as Record<string, unknown>; return o['columns'] ?? o['checks'] ?? o['attributes']; };
      const diff = sameReport(part(a.report), part(b.report));
      assert.equal(diff, undefined, `${id}: ${diff}`);
      assert.deepEqual(b.files.filter((f) => f.endsWith('.csv')), [], `${id} reads no file`);
    }
    assert.match(report.checks.find((c) => c.id === 'drift/loans')!.title, tableText);
    assert.ok(report.checks.some((c) => c.status !== 'pass'), 'the sample has findings: equal statuses are not all trivially pass');
  }

  it('two --source tables (reference, current) give the files\' reports for the dataset\'s checks, and only those', () => {
    const r = cli('check', '--config', yml, '--source', 'pg:ml_chkflag.loans_reference', '--source', 'pg:ml_chkflag.loans_current', '--dataset', 'loans', '--format', 'json', '--no-history');
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    sameAsFiles(JSON.parse(r.stdout) as ChecksReport, /pg:ml_chkflag\.loans_current vs pg:ml_chkflag\.loans_reference/);
  });

  it('one --source with --where / --current-where splits one table into reference and current', () => {
    const r = cli('check', '--config', yml, '--source', 'pg:ml_chkflag.loans_all', '--dataset', 'loans', '--where', "application_date < '2026-10-01'", '--current-where', "application_date >= '2026-10-01'", '--format', 'json', '--no-history');
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    sameAsFiles(JSON.parse(r.stdout) as ChecksReport, /loans_all where application_date >= '2026-10-01'/);
  });

  it('--only narrows the dataset\'s checks; a file-only check of the dataset is refused unless --only leaves it out', () => {
    const only = cli('check', '--config', withEval, '--source', 'pg:ml_chkflag.loans_reference', '--source', 'pg:ml_chkflag.loans_current', '--dataset', 'loans', '--only', 'fairness/loans', '--format', 'json', '--no-history');
    assert.ok(only.code === 0 || only.code === 1, only.stderr);
    assert.deepEqual((JSON.parse(only.stdout) as ChecksReport).checks.map((c) => c.id), ['fairness/loans']);
    const refused = cli('check', '--config', withEval, '--source', 'pg:ml_chkflag.loans_reference', '--source', 'pg:ml_chkflag.loans_current', '--dataset', 'loans', '--no-history');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /with-evaluation\.yml:\d+:\d+: checks\.experiments\[0\]: experiment\/loans reads dataset 'loans', which --source pg:ml_chkflag\.loans_reference --source pg:ml_chkflag\.loans_current replaces with a table/);
    assert.match(refused.stderr, /Leave it out with --only/);
    assert.doesNotMatch(refused.stderr, /checks\.evaluation/, 'the evaluation check runs on the table');
  });

  it('the dataset\'s evaluation check runs on the tables (two tables, or one split by the filters) and equals the files\' evaluation', () => {
    const fileRun = cli('check', '--config', withEval, '--only', 'evaluation/loans', '--format', 'json', '--no-history');
    assert.ok(fileRun.code === 0 || fileRun.code === 1, fileRun.stderr);
    const a = (JSON.parse(fileRun.stdout) as ChecksReport).checks.find((c) => c.id === 'evaluation/loans')!;
    assert.notEqual(a.status, 'error', a.summary);
    const part = (x: unknown) => {
      const e = x as { metrics: unknown; referenceMetrics: unknown; estimated: { windows: unknown } | null; verdict: unknown };
      return { metrics: e.metrics, referenceMetrics: e.referenceMetrics, estimated: e.estimated?.windows, verdict: e.verdict };
    };
    assert.ok((part(a.report).referenceMetrics as unknown[]).length > 0, 'the file check has reference metrics to compare');
    const runs: [string[], RegExp][] = [
      [['--source', 'pg:ml_chkflag.loans_reference', '--source', 'pg:ml_chkflag.loans_current'], /on pg:ml_chkflag\.loans_current against pg:ml_chkflag\.loans_reference/],
      [['--source', 'pg:ml_chkflag.loans_all', '--where', "application_date < '2026-10-01'", '--current-where', "application_date >= '2026-10-01'"], /on pg:ml_chkflag\.loans_all where application_date >= '2026-10-01' against pg:ml_chkflag\.loans_all where application_date < '2026-10-01'/],
    ];
    for (const [args, title] of runs) {
      const r = cli('check', '--config', withEval, ...args, '--dataset', 'loans', '--only', 'evaluation/loans', '--format', 'json', '--no-history');
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      const b = (JSON.parse(r.stdout) as ChecksReport).checks.find((c) => c.id === 'evaluation/loans')!;
      assert.notEqual(b.status, 'error', `${args.join(' ')}: ${b.summary}`);
      assert.equal(b.status, a.status, args.join(' '));
      assert.equal(sameReport(b.metrics, a.metrics), undefined, args.join(' ')); // sums in another order: 1e-12
      const diff = sameReport(part(a.report), part(b.report));
      assert.equal(diff, undefined, `${args.join(' ')}: ${diff}`);
      assert.match(b.title, title);
      assert.deepEqual(b.files.filter((f) => f.endsWith('.csv')), [], 'reads no file');
    }
  });

  it('ambiguous or useless combinations are refused with what to do', () => {
    const cases: [string[], RegExp][] = [
      [['--source', 'pg:ml_chkflag.loans_all', '--current-where', 'age > 30'], /declares 3 datasets \(loans, pricing, unchecked\); name the one the table replaces with --dataset NAME/],
      [['--source', 'pg:ml_chkflag.loans_all', '--dataset', 'nope'], /--dataset 'nope' is not declared .*declared: loans, pricing, unchecked/],
      [['--where', 'age > 30'], /--where goes with --source/],
      [['--dataset', 'loans'], /--dataset goes with --source/],
      [['--source', 'pg:a', '--source', 'pg:b', '--source', 'pg:c', '--dataset', 'loans'], /at most two --source values/],
      [['--source', 'pg:a', '--source', 'other:b', '--dataset', 'loans'], /same source/],
      [['--source', 'nowhere:public.t', '--dataset', 'loans'], /unknown source 'nowhere'.*declared in .*: pg/],
      [['--source', 'pg:ml_chkflag.loans_all', '--dataset', 'loans', '--where', ' '], /--where is empty/],
      [['--source', 'pg:ml_chkflag.loans_all', '--dataset', 'loans', '--current-where', 'age > 1', '--only', 'rules/pricing'], /--only: check 'rules\/pricing' does not read dataset 'loans'/],
      [['--source', 'pg:ml_chkflag.loans_all', '--dataset', 'unchecked', '--current-where', 'age > 1'], /no check in .* reads dataset 'unchecked'; add one under 'checks:'/],
      [['--source', 'pg:ml_chkflag.loans_all', '--dataset', 'loans', '--only', 'drift/loans'], /needs two sides[\s\S]*'referenceWhere' is --where, 'currentWhere' is --current-where/],
    ];
    for (const [args, want] of cases) {
      const { values } = parseCommandArgs('check', args, { source: { type: 'string', multiple: true }, where: { type: 'string' }, 'current-where': { type: 'string' }, dataset: { type: 'string' }, only: { type: 'string' } });
      const only = (values['only'] as string | undefined)?.split(',');
      assert.throws(() => loadCheckConfig(yml, values, only), (e: unknown) => isInputError(e) && want.test(e.message), args.join(' '));
    }
    const r = cli('check', '--config', yml, '--no-history', '--source', 'pg:ml_chkflag.loans_all', '--current-where', 'age > 30');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--dataset NAME/);
  });

  it('injection through --where, --current-where and the table name is refused; the table is still there', async () => {
    const attempts: string[][] = [
      ['--source', 'pg:ml_chkflag.loans_all', '--where', "age > 1; DROP TABLE ml_chkflag.loans_current", '--current-where', 'age > 1'],
      ['--source', 'pg:ml_chkflag.loans_all', '--where', 'age > 1', '--current-where', "gender = 'x' or 1=1) --"],
      ['--source', 'pg:ml_chkflag."loans_all; DROP TABLE ml_chkflag.loans_current"', '--where', 'age > 1', '--current-where', 'age > 2'],
    ];
    for (const a of attempts) {
      const r = cli('check', '--config', yml, '--no-history', '--dataset', 'loans', '--only', 'drift/loans', '--format', 'json', ...a);
      assert.equal(r.code, 2, `${a.join(' ')}: ${r.stderr}`);
      const report = JSON.parse(r.stdout) as ChecksReport;
      assert.equal(report.checks[0]!.status, 'error', a.join(' '));
    }
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const { rows } = await c.query('SELECT count(*)::int AS n FROM ml_chkflag.loans_current');
      assert.equal(rows[0].n, 3300);
    } finally {
      await c.end();
    }
  });
});
