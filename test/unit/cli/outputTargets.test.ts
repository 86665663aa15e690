import assert from 'node:assert/strict';
import { chmodSync, existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, CURRENT, MODEL, root } from './modelCliHelpers';

const RULES = join(root, 'sample/pricing.rules.yml');
const PRICING = join(root, 'sample/pricing_predictions.csv');
const CONFIG = join(root, 'sample/modellens.yml');

/** One run per command with its inputs; `out` is appended as `--out <out>`. */
function commands(d: string): { name: string; args: string[]; inputs: string[] }[] {
  const data = join(d, 'data.csv');
  const model = join(d, 'model.json');
  copyFileSync(CURRENT, data);
  copyFileSync(MODEL, model);
  return [
    { name: 'profile', args: ['profile', data], inputs: [data] },
    { name: 'predict', args: ['predict', model, data], inputs: [model, data] },
    { name: 'explain', args: ['explain', model, data, '--rows', '0'], inputs: [model, data] },
    { name: 'validate', args: ['validate', PRICING, '--rules', RULES], inputs: [PRICING] },
    { name: 'baseline', args: ['baseline', data], inputs: [data] },
    { name: 'check', args: ['check', '--no-history', '--config', CONFIG], inputs: [CONFIG] },
    { name: 'diff', args: ['diff', model, join(root, 'sample/models/loan_xgb_v2.json')], inputs: [model] },
  ];
}

describe('--out targets (issue 17 items 1 and 9)', function () {
  this.timeout(300000);

  it('a symbolic or hard link to an input is refused with exit 2 and the input is unchanged (profile, predict, explain, diff)', () => {
    const d = mkdtempSync(join(tmpdir(), 'ml-links-'));
    const cmds = commands(d).filter((c) => ['profile', 'predict', 'explain', 'diff'].includes(c.name));
    for (const c of cmds) {
      const input = c.inputs[c.inputs.length - 1]!;
      const before = readFileSync(input);
      for (const [kind, make] of [['symlink', symlinkSync], ['hardlink', linkSync]] as const) {
        const link = join(d, `${c.name}-${kind}.out`);
        make(input, link);
        const r = cli(...c.args, '--out', link);
        assert.equal(r.code, 2, `${c.name} ${kind}: ${r.stderr}`);
        assert.match(r.stderr, /refusing to overwrite an input/, c.name);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
        assert.deepEqual(readFileSync(input), before, `${c.name} ${kind}: the input was rewritten`);
      }
    }
  });

  it('an input that is a symbolic link to the --out path is refused', () => {
    const d = mkdtempSync(join(tmpdir(), 'ml-links-'));
    const out = join(d, 'report.csv');
    copyFileSync(CURRENT, out);
    symlinkSync(out, join(d, 'in.csv'));
    const before = readFileSync(out);
    const r = cli('profile', join(d, 'in.csv'), '--out', out);
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(readFileSync(out), before);
  });

  it('a missing folder, a folder, /dev/full and a read-only file: one line, exit 2, for every writing command; baseline creates no folder', () => {
    const d = mkdtempSync(join(tmpdir(), 'ml-targets-'));
    const ro = join(d, 'readonly.out');
    writeFileSync(ro, 'keep');
    chmodSync(ro, 0o444);
    const targets: [string, RegExp][] = [
      [join(d, 'missing', 'out'), /folder .* does not exist/],
      [d, /is a folder/],
      [ro, /read-only/],
    ];
    if (existsSync('/dev/full')) targets.push(['/dev/full', /no space left/]);
    // Every command meets a missing folder (checked before any work) and one of the other targets in turn; check,
    // the slowest, a folder (also refused before any work).
    commands(d).forEach((c, i) => {
      for (const [target, why] of [targets[0]!, targets[c.name === 'check' ? 1 : 1 + (i % (targets.length - 1))]!]) {
        const r = cli(...c.args, '--out', target);
        assert.equal(r.code, 2, `${c.name} --out ${target}: ${r.stderr}`);
        assert.equal(r.stderr.trim().split('\n').length, 1, `${c.name} --out ${target}: one line: ${r.stderr}`);
        assert.match(r.stderr, why, `${c.name} --out ${target}`);
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
      }
      assert.equal(existsSync(join(d, 'missing')), false, `${c.name} created the missing folder`);
      assert.equal(readFileSync(ro, 'utf8'), 'keep');
    });
    assert.ok(!readdirSync(d).some((f) => f.includes('model-lens-tmp')), 'no temporary file left');
  });

  it('--out /dev/null and a replaced file work; the replaced file is complete', () => {
    const d = mkdtempSync(join(tmpdir(), 'ml-targets-'));
    const out = join(d, 'pred.csv');
    writeFileSync(out, 'old');
    assert.equal(cli('predict', MODEL, CURRENT, '--out', '/dev/null').code, 0);
    const r = cli('predict', MODEL, CURRENT, '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.equal(lines[0], 'index,prediction,margin');
    assert.equal(lines.length, readFileSync(CURRENT, 'utf8').trimEnd().split('\n').length);
    assert.deepEqual(readdirSync(d), ['pred.csv']);
  });
});
