import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { params, sha256 } from './propertyHelpers';

const root = join(__dirname, '../../..');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

describe('property: CLI argument parsing through the real command (exit 0/1/2, never 3 or a signal; inputs unchanged)', function () {
  this.timeout(180000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-prop-cli-'));
  const files = ['loans_current.csv', 'loans_reference.parquet', 'pricing.rules.yml', 'models/loan_xgb.json', 'modellens.yml'].map((f) => {
    const to = join(dir, f.replace('models/', ''));
    copyFileSync(join(root, 'sample', f), to);
    return to;
  });
  const hashes = files.map(sha256);
  mkdirSync(join(dir, 'outdir'));

  const value = fc.oneof(fc.constantFrom(...files, join(dir, 'missing.csv'), dir, '-1', '-0.5', '0', '1', '1e400', 'NaN', '', ' ', 'json', 'md', 'html', 'csv', 'a,b', 'approved', 'gender', '__proto__', 'constructor', 'x=1', '=', '0-9', 'all', '\u001b[31m'), fc.string({ maxLength: 8 }));
  const option = fc.constantFrom('--format', '--out', '--top', '--bins', '--rows', '--label', '--prediction', '--sensitive', '--min-group-size', '--drift-share', '--threshold', '--test', '--columns', '--rules', '--examples', '--model', '--method', '--background', '--seed', '--baseline', '--config', '--only', '--bogus', '-h', '--', '-x');
  const argv = fc.tuple(
    fc.constantFrom('profile', 'drift', 'validate', 'predict', 'explain', 'bias', 'baseline', 'health', 'diff', 'abtest', 'check', 'nope'),
    fc.array(fc.oneof({ weight: 3, arbitrary: fc.tuple(option, value).map(([o, v]) => [o, v]) }, { weight: 2, arbitrary: value.map((v) => [v]) }), { maxLength: 5 }),
  ).map(([cmd, rest]) => [cmd, ...rest.flat()]);

  it('random command lines', async () => {
    await fc.assert(fc.asyncProperty(argv, async (args) => {
      // --out only into a folder of its own (existing or missing), so a run may write there but over no input.
      const safe = args.map((a, i) => (args[i - 1] === '--out' ? join(dir, a.length % 2 ? 'outdir' : 'missing', 'report') : a));
      const r = spawnSync(process.execPath, ['--max-old-space-size=1024', ...entry, ...safe], { cwd: dir, encoding: 'utf8', timeout: 60000, env: { ...process.env, MODEL_LENS_MEMORY_LIMIT: '512MB' } });
      assert.equal(r.signal, null, `${safe.join(' ')}: killed by ${r.signal}`);
      assert.ok([0, 1, 2].includes(r.status!), `${safe.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 2000)}`);
      if (r.status === 2) assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr.slice(0, 500)}`);
      assert.deepEqual(files.map(sha256), hashes, `${safe.join(' ')} changed an input`);
      assert.ok(readdirSync(dir).every((f) => !f.endsWith('.model-lens-tmp')), 'no temporary file left');
    }), params(20000, 25));
  });
});
