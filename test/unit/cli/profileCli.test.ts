import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const sample = join(root, 'sample/loans_reference.csv');

// The built CLI when present (npm test builds first), else the sources through tsx.
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('model-lens CLI (profile)', function () {
  this.timeout(60000);
  it('--help lists every command; <command> --help documents every option', () => {
    const top = cli('--help');
    assert.equal(top.code, 0);
    assert.match(top.stdout, /Commands:\n\s+profile\s+Profile a dataset/);
    const sub = cli('profile', '--help');
    assert.equal(sub.code, 0);
    for (const opt of ['--format json|md', '--out F', '--bins N', '--top N', '--exact']) assert.ok(sub.stdout.includes(opt), `help mentions ${opt}`);
  });
  it('prints a JSON profile with exit code 0', () => {
    const r = cli('profile', sample);
    assert.equal(r.code, 0, r.stderr);
    const p = JSON.parse(r.stdout) as { rows: number; columns: { name: string }[] };
    assert.equal(p.rows, 3300);
    assert.equal(p.columns.length, 19);
  });
  it('above the exact-size limit flags estimated duplicates with their error; --exact counts them exactly', () => {
    // 210,000 rows (limit 200,000): 200,000 distinct rows, 10,000 of them written twice.
    const dir = mkdtempSync(join(tmpdir(), 'ml-cli-big-'));
    const file = join(dir, 'big.csv');
    const lines = ['id,group'];
    for (let i = 0; i < 200_000; i++) lines.push(`${i},${i % 7}`);
    for (let i = 0; i < 10_000; i++) lines.push(`${i * 3},${(i * 3) % 7}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const est = cli('profile', file, '--format', 'md');
    assert.equal(est.code, 0, est.stderr);
    const m = /- Duplicate rows: ≈ (\d+), estimated \(±(\d+(?:\.\d+)?)%\)\n/.exec(est.stdout);
    assert.ok(m, est.stdout.slice(0, 400));
    assert.ok(Math.abs(Number(m[1]) - 10_000) <= 4 * (Number(m[2]) / 100) * Number(m[1]), `${m[1]} ± ${m[2]}%`);
    const exact = cli('profile', file, '--exact');
    assert.equal(exact.code, 0, exact.stderr);
    const p = JSON.parse(exact.stdout) as { duplicateRows: number; duplicateRowsEstimate?: unknown; approximate: boolean };
    assert.deepEqual([p.duplicateRows, p.duplicateRowsEstimate, p.approximate], [10_000, undefined, false]);
  });
  it('writes Markdown to --out', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ml-cli-')), 'p.md');
    const r = cli('profile', sample, '--format', 'md', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(readFileSync(out, 'utf8'), /^# Profile: .*loans_reference\.csv\n[\s\S]*- Rows: 3300\n/);
  });
  it('bad input: exit 2 with a one-line error on stderr', () => {
    for (const args of [['profile', join(root, 'nope.csv')], ['profile', sample, '--format', 'xml'], ['profile'], ['profile', sample, '--bogus'], ['frobnicate']]) {
      const r = cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
      assert.match(r.stderr, /^model-lens/);
    }
  });
  it('refuses to overwrite the input with --out', () => {
    const d = mkdtempSync(join(tmpdir(), 'ml-cli-'));
    const f = join(d, 'data.csv');
    writeFileSync(f, 'a\n1\n');
    const r = cli('profile', f, '--out', f);
    assert.equal(r.code, 2);
    assert.equal(readFileSync(f, 'utf8'), 'a\n1\n');
  });
});
