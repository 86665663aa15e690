import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const ref = join(root, 'sample/loans_reference.csv');
const cur = join(root, 'sample/loans_current.csv');

// The built CLI when present (npm test builds first), else the sources through tsx.
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 90000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Json { reference: { rows: number }; columns: { column: string; drifted: boolean; details: { unseenCategories?: string[] } }[]; dataset: { drifted: boolean; driftedColumns: number; totalColumns: number }; target?: { column: string }; windows?: unknown[] }

describe('model-lens CLI (drift)', function () {
  this.timeout(120000);
  it('--help documents every option and the exit codes', () => {
    const r = cli('drift', '--help');
    assert.equal(r.code, 0);
    for (const opt of ['--columns a,b', '--exclude c', '--test <id>', '--threshold x', '--time-column t', '--window w', '--drift-share s', '--label y', '--prediction p', '--format json|md|html', '--out F']) assert.ok(r.stdout.includes(opt), `help mentions ${opt}`);
    assert.match(r.stdout, /0 no dataset drift, 1 dataset drift detected/);
    assert.match(cli('--help').stdout, /\n\s+drift\s+Compare a current dataset/);
  });
  it('exit 0 with JSON when the drifted share is below --drift-share (4 of 15 columns drift in the sample with --label only)', () => {
    const r = cli('drift', ref, cur, '--label', 'approved');
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Json;
    assert.equal(j.reference.rows, 3300);
    assert.deepEqual({ d: j.dataset.driftedColumns, t: j.dataset.totalColumns, drifted: j.dataset.drifted }, { d: 4, t: 15, drifted: false });
    assert.equal(j.target?.column, 'approved');
    assert.deepEqual(j.columns.find((c) => c.column === 'loan_purpose')?.details.unseenCategories, ['crypto']);
  });
  it('--no-config tests the label and prediction as features (16 of them), with no note', () => {
    const r = cli('drift', ref, cur, '--no-config');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const j = JSON.parse(r.stdout) as Json;
    assert.deepEqual({ d: j.dataset.driftedColumns, t: j.dataset.totalColumns, target: j.target }, { d: 4, t: 16, target: undefined });
  });
  it('exit 1 when dataset drift is detected (lower --drift-share, per-column --test/--threshold, --columns)', () => {
    assert.equal(cli('drift', ref, cur, '--drift-share', '0.25', '--format', 'md', '--out', '/dev/null').code, 1);
    const r = cli('drift', ref, cur, '--columns', 'income,region', '--test', 'region=chisquare', '--threshold', 'income=0.5');
    assert.equal(r.code, 1, r.stderr);
    const j = JSON.parse(r.stdout) as Json;
    assert.deepEqual(j.columns.map((c) => [c.column, c.drifted]), [['income', false], ['region', true]]);
  });
  it('writes Markdown and a self-contained, escaped HTML report', () => {
    const d = mkdtempSync(join(tmpdir(), 'ml-drift-cli-'));
    const r1 = cli('drift', ref, cur, '--format', 'md', '--out', join(d, 'r.md'));
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(r1.stdout, '');
    const md = readFileSync(join(d, 'r.md'), 'utf8');
    // Label and prediction come from sample/modellens.yml (dataset 'loans'), as in the editor's "Compare Datasets".
    assert.match(r1.stderr, /label 'approved' and prediction 'predicted_approved' from dataset 'loans' in sample\/modellens\.yml/);
    // The one verdict leads (the same status and headline as the panel and the Checks view; exit 0: no dataset drift).
    assert.match(md, /^# Drift report\n\n\*\*Needs attention:\*\* Some drift, below the dataset-drift share \(28\.6% &lt; 50%\): 4 of 14 features drifted \(income, loan_purpose, credit_score and 1 more\)\.\n/);
    assert.match(md, /\| loan_purpose \| categorical \| jensenshannon \| .* \| \*\*yes\*\* \| .* \| crypto \|/);
    // A column name and category with markup must come out escaped.
    const a = join(d, 'a.csv');
    const b = join(d, 'b.csv');
    writeFileSync(a, `"<b>x</b>",y\n${Array.from({ length: 40 }, (_v, i) => `${['p', 'q'][i % 2]},${i}`).join('\n')}\n`);
    writeFileSync(b, `"<b>x</b>",y\n${Array.from({ length: 40 }, (_v, i) => `${i < 5 ? '<script>' : 'p'},${i + 3}`).join('\n')}\n`);
    const r2 = cli('drift', a, b, '--format', 'html', '--out', join(d, 'r.html'));
    assert.ok(r2.code === 0 || r2.code === 1, r2.stderr);
    const html = readFileSync(join(d, 'r.html'), 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.ok(!/<script/i.test(html) && !/<b>x/.test(html), 'no raw markup from the data');
    assert.ok(html.includes('&lt;b&gt;x&lt;/b&gt;') && html.includes('&lt;script&gt;'));
    assert.ok(!/(src|href)=/.test(html), 'no external resources');
    assert.match(html, /<svg /);
    assert.match(html, /<h1>Drift report<\/h1>\n<p class="verdict (pass|warn|fail)"><strong>(Passed|Needs attention|Failed):<\/strong> /);
  });
  it('one file with --time-column/--window: windows in the JSON', () => {
    const r = cli('drift', ref, '--time-column', 'application_date', '--window', 'week', '--columns', 'income');
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const j = JSON.parse(r.stdout) as Json;
    assert.equal(j.windows?.length, 4);
  });
  it('bad input: exit 2 with a one-line error on stderr', () => {
    const cases: [string[], RegExp][] = [
      [['drift', ref, cur, '--columns', 'nope'], /'nope' is not a column/],
      [['drift', ref, cur, '--test', 'nope'], /Valid ids are: ks, chisquare/],
      [['drift', ref, cur, '--test', 'region=ks'], /does not apply to categorical column 'region'/],
      [['drift', ref, '--time-column', 'application_date', '--window', 'fortnight'], /--window must be day, week, month or <N>chunks/],
      [['drift', ref, cur, '--threshold', 'abc'], /--threshold must be a number/],
      [['drift', ref, cur, '--drift-share', '0'], /--drift-share must be a number in \(0, 1\]/],
      [['drift', ref, cur, '--format', 'xml'], /--format must be one of json, md, html/],
      [['drift', ref], /expected|--time-column/],
      [['drift', ref, join(root, 'nope.csv')], /nope\.csv/],
      [['drift', ref, cur, '--bogus'], /bogus/],
      [['drift', ref, cur, '--out', cur], /refusing to overwrite/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      assert.equal(r.code, 2, `${args.slice(1).join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.match(r.stderr, /^model-lens drift: /);
      assert.match(r.stderr, message);
    }
  });
});
