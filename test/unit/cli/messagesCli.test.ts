import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, CURRENT, MODEL, root } from './modelCliHelpers';

const REF = join(root, 'sample/loans_reference.csv');
const dir = mkdtempSync(join(tmpdir(), 'ml-msg-cli-'));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

/** Exit 2, one line on stderr that starts with 'model-lens', no stack, no raw control character. */
function oneLineError(r: { code: number | null; stderr: string }, pattern: RegExp, what: string): void {
  assert.equal(r.code, 2, `${what}: ${r.stderr}`);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, `${what}: one line: ${r.stderr}`);
  assert.match(r.stderr, /^model-lens /, what);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at |[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, what);
  assert.match(r.stderr, pattern, what);
}

describe('CLI messages (issue 17 items 13 and 15)', function () {
  this.timeout(300000);

  it('negative numbers for --top, --rows, --min-group-size, --drift-share say what the option accepts', () => {
    oneLineError(cli('profile', REF, '--top', '-1'), /--top must be a whole number from 1 to 1000 \(got '-1'\)/, '--top');
    oneLineError(cli('explain', MODEL, CURRENT, '--rows', '-1'), /--rows: '-1' is not a row or range/, '--rows');
    oneLineError(cli('bias', REF, '--sensitive', 'gender', '--label', 'approved', '--prediction', 'predicted_approved', '--min-group-size', '-5'), /--min-group-size must be a whole number from 1/, '--min-group-size');
    oneLineError(cli('drift', REF, CURRENT, '--drift-share', '-0.5'), /--drift-share must be a number in \(0, 1\]; got '-0\.5'/, '--drift-share');
    const r = cli('drift', REF, CURRENT, '--drift-share', '-0.5');
    assert.doesNotMatch(r.stderr, /ambiguous|drift: drift:/);
  });

  it('random bytes named .onnx / .ubj are not "not valid JSON", and ONNX and LightGBM are listed', () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 2654435761) >>> 24));
    for (const name of ['random.onnx', 'random.ubj']) {
      const r = cli('predict', file(name, bytes), CURRENT);
      oneLineError(r, /not a model file Model Lens can read.*ONNX.*LightGBM|LightGBM.*ONNX/, name);
      assert.doesNotMatch(r.stderr, /not valid JSON/, name);
    }
  });

  it('deep YAML rules, a deep modellens.yml and a deep UBJSON model: a clear message, not "Maximum call stack size exceeded"', () => {
    const cases: [string[], string][] = [
      [['validate', CURRENT, '--rules', file('deep.rules.yml', `rules: ${'['.repeat(20000)}${']'.repeat(20000)}\n`)], 'rules'],
      [['check', '--config', file('modellens.yml', `version: 1\ndatasets: ${'['.repeat(20000)}${']'.repeat(20000)}\n`)], 'config'],
      [['predict', file('deep.ubj', Buffer.concat([Buffer.from('{U\x07learner'), Buffer.alloc(100000, '[')])), CURRENT], 'ubj'],
    ];
    for (const [args, what] of cases) oneLineError(cli(...args), /nests too deeply/, what);
  });

  it('a FIFO or a device as a model, rules file or dataset is named as such', () => {
    const fifo = join(dir, 'pipe.csv');
    spawnSync('mkfifo', [fifo]);
    oneLineError(cli('profile', fifo), /named pipe \(FIFO\)/, 'dataset fifo');
    oneLineError(cli('predict', fifo, CURRENT), /model file .* is a named pipe/, 'model fifo');
    oneLineError(cli('validate', CURRENT, '--rules', '/dev/zero'), /rules file \/dev\/zero is a character device/, 'rules device');
  });

  it('ESC/OSC and other control bytes from a file never reach the terminal raw', () => {
    // A column name with an OSC title sequence and a bidi override, echoed by "column not found".
    const data = file('esc.csv', `ok,"x\u001b]0;pwned\u0007\u202e"\n${'1,2\n'.repeat(50)}`);
    const rules = file('esc.rules.yml', 'rules:\n  - id: r\n    expr: missing_column > 0\n');
    const r = cli('validate', data, '--rules', rules);
    oneLineError(r, /\\x1B\]0;pwned\\x07\\u202E/, 'validate');
    const named = cli('profile', join(dir, 'no\u001b[31mred.csv'));
    oneLineError(named, /no\\x1B\[31mred\.csv/, 'file name');
  });

  it('15: the engine running out of memory is exit 2 naming the limit and how to raise it, never "internal error"', () => {
    const columns = 300;
    const header = Array.from({ length: columns }, (_, i) => `c${i}`).join(',');
    const row = (r: number) => Array.from({ length: columns }, (_, i) => ((r * 7919 + i * 104729) % 100003) / 7).join(',');
    const wide = file('wide.csv', `${header}\n${Array.from({ length: 2000 }, (_, r) => row(r)).join('\n')}\n`);
    const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
    const r = spawnSync(process.execPath, [...entry, 'profile', wide], { encoding: 'utf8', timeout: 120000, env: { ...process.env, MODEL_LENS_MEMORY_LIMIT: '24MB' } });
    oneLineError({ code: r.status, stderr: r.stderr }, /ran out of memory.*MODEL_LENS_MEMORY_LIMIT=4GB/, 'wide file');
    const bad = spawnSync(process.execPath, [...entry, 'profile', REF], { encoding: 'utf8', env: { ...process.env, MODEL_LENS_MEMORY_LIMIT: 'lots' } });
    oneLineError({ code: bad.status, stderr: bad.stderr }, /memory limit 'lots' is not a size/, 'bad limit');
  });
});
