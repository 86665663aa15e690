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
    for (const opt of ['--format json|md', '--out F', '--bins N', '--top N']) assert.ok(sub.stdout.includes(opt), `help mentions ${opt}`);
  });
  it('prints a JSON profile with exit code 0', () => {
    const r = cli('profile', sample);
    assert.equal(r.code, 0, r.stderr);
    const p = JSON.parse(r.stdout) as { rows: number; columns: { name: string }[] };
    assert.equal(p.rows, 3300);
    assert.equal(p.columns.length, 19);
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
