import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Baseline, HealthReport } from '../../../src/core/health/types';

const root = join(__dirname, '../../..');
// The built CLI when present (npm test builds first), else the sources through tsx.
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('model-lens baseline / health', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ml-health-cli-'));
  const base = join(dir, 'baselines', 'loans.json');
  const ref = readFileSync(join(root, 'sample/loans_reference.csv'), 'utf8').trimEnd().split('\n');

  before(() => {
    // Issue 17 item 9: a missing folder is an error (exit 2, one line), never created silently.
    const missing = cli('baseline', 'sample/loans_reference.csv', '--out', base);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /^model-lens baseline: --out .*: the folder .*baselines does not exist\. Create it first/);
    assert.equal(existsSync(join(dir, 'baselines')), false);
    mkdirSync(join(dir, 'baselines'));
    const r = cli('baseline', 'sample/loans_reference.csv', '--out', base);
    assert.equal(r.code, 0, r.stderr);
  });

  it('writes a baseline with the source, row count and time column', () => {
    const b = JSON.parse(readFileSync(base, 'utf8')) as Baseline;
    assert.deepEqual(b.source, { files: ['loans_reference.csv'], format: 'csv' });
    assert.equal(b.rows, ref.length - 1);
    assert.equal(b.time?.column, 'application_date');
  });

  it('exit 0 when nothing fails (warnings only), with the JSON shape of the issue', () => {
    const r = cli('health', 'sample/loans_current.csv', '--baseline', base, '--now', '2026-11-02');
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as HealthReport;
    assert.deepEqual(Object.keys(report), ['dataset', 'baseline', 'now', 'checks', 'summary']);
    assert.deepEqual(Object.keys(report.checks[0]!), ['id', 'column', 'status', 'severity', 'message', 'observed', 'expected']);
    assert.equal(report.summary.fail, 0);
    assert.equal(report.summary.pass + report.summary.warn, report.checks.length);
    // The current sample adds a loan purpose the reference never had.
    assert.ok(report.checks.some((c) => c.id === 'categories' && c.column === 'loan_purpose' && c.status === 'warn' && /'crypto'/.test(c.message)));
  });

  it('exit 1 and JUnit failures when a check fails: a dropped column, staleness with --now', () => {
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, `${ref.map((l) => l.split(',').slice(0, 2).join(',')).join('\n')}\n`);
    const r = cli('health', broken, '--baseline', base, '--now', '2026-11-25T00:00:00Z', '--format', 'junit');
    assert.equal(r.code, 1, r.stderr);
    const cases = r.stdout.match(/<testcase /g)?.length ?? 0;
    const failures = [...r.stdout.matchAll(/<failure message="([^"]*)"/g)].map((m) => m[1]!.replace(/&#39;/g, "'"));
    assert.ok(failures.some((m) => m === "column 'age' was removed (it is in the baseline)"), failures.join('\n'));
    assert.ok(failures.some((m) => /56 days old/.test(m)));
    assert.match(r.stdout, new RegExp(`<testsuites name="model-lens health" tests="${cases}" failures="${failures.length}"`));
    assert.ok(r.stdout.includes('name="schema/age" classname="model-lens.health.schema"'));
  });

  it('md and html formats; --threshold and --severity override', () => {
    const md = cli('health', 'sample/loans_current.csv', '--baseline', base, '--now', '2026-11-02', '--format', 'md', '--severity', 'categories=error');
    assert.equal(md.code, 1);
    // The one verdict leads: Failed (exit 1) because the categories check was raised to error; it names the column,
    // then the other kinds of problem with their columns.
    assert.match(md.stdout, /^# Pipeline health: sample\/loans_current.csv\n\n\*\*Failed:\*\* 1 health check failed against the baseline: column 'loan_purpose': [^\n]*'crypto'[^\n]*; also out of range \(credit_score\) and unexpected distribution \(loan_purpose\)\.\n/);
    assert.match(md.stdout, /\| \*\*fail\*\* \| Unseen and vanished categories \| loan_purpose \|/);
    const html = cli('health', 'sample/loans_current.csv', '--baseline', base, '--now', '2026-11-02', '--format', 'html', '--threshold', 'staleness=0.5');
    assert.equal(html.code, 1, 'staleness over half a day fails');
    assert.match(html.stdout, /<tr class="fail"><td>fail<\/td><td>Staleness<\/td>/);
    assert.match(html.stdout, /<h1>Pipeline health: sample\/loans_current.csv<\/h1>\n<p class="verdict fail"><strong>Failed:<\/strong> 1 health check failed against the baseline: latest &#39;application_date&#39; is [^<]*days old/);
  });

  it('--merge of two partitions gives the baseline of the whole', () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, `${ref.slice(0, 1201).join('\n')}\n`);
    writeFileSync(b, `${[ref[0], ...ref.slice(1201)].join('\n')}\n`);
    assert.equal(cli('baseline', a, '--out', join(dir, 'a.json')).code, 0);
    assert.equal(cli('baseline', b, '--out', join(dir, 'b.json')).code, 0);
    const m = cli('baseline', '--merge', join(dir, 'a.json'), join(dir, 'b.json'));
    assert.equal(m.code, 0, m.stderr);
    const merged = JSON.parse(m.stdout) as Baseline;
    const whole = JSON.parse(readFileSync(base, 'utf8')) as Baseline;
    assert.deepEqual(merged.source.files, ['a.csv', 'b.csv']);
    assert.deepEqual({ ...merged, source: whole.source }, whole);
  });

  it('exit 2 with a clear message on bad input', () => {
    const missing = cli('health', 'sample/loans_current.csv', '--baseline', join(dir, 'nope.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /baseline .*nope\.json not found\. Create one with 'model-lens baseline/);
    const notJson = join(dir, 'bad.json');
    writeFileSync(notJson, '{"schema": "something else"}');
    const bad = cli('health', 'sample/loans_current.csv', '--baseline', notJson);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /is not a Model Lens health baseline: "schema" must be/);
    assert.equal(cli('health', 'sample/loans_current.csv', '--baseline', base, '--now', 'yesterday').code, 2);
    assert.equal(cli('health', 'sample/loans_current.csv', '--baseline', base, '--threshold', 'missing').code, 2);
    assert.equal(cli('health', 'sample/loans_current.csv').code, 2);
    const tc = cli('baseline', 'sample/loans_reference.csv', '--time-column', 'when');
    assert.equal(tc.code, 2);
    assert.match(tc.stderr, /time column 'when' not found/);
  });
});
