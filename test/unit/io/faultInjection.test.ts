import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURRENT, MODEL, root } from '../cli/modelCliHelpers';

const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The process state letter from /proc (T = stopped). */
function state(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
  } catch {
    return undefined;
  }
}

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * Kill -9 a run at the moment it has written part of its output (the output module stops the process there when
 * MODEL_LENS_TEST_STOP_WHILE_WRITING=1): the previous file must be intact and no partial file may remain.
 */
async function killWhileWriting(args: string[], dir: string, target: string): Promise<void> {
  writeFileSync(target, 'PREVIOUS\n');
  const before = readdirSync(dir).sort();
  const child = spawn(process.execPath, [...entry, ...args, '--out', target], { cwd: root, stdio: 'ignore', env: { ...process.env, MODEL_LENS_TEST_STOP_WHILE_WRITING: '1' } });
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
  await until(`${args[0]} to stop while writing`, () => state(child.pid!) === 'T', 90000);
  const temps = readdirSync(dir).filter((f) => f.endsWith('.model-lens-tmp'));
  assert.equal(temps.length, 1, `a temporary file while writing: ${readdirSync(dir).join(', ')}`);
  assert.ok(statSync(join(dir, temps[0]!)).size > 0, 'part of the output was written when the run was killed');
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  assert.equal(readFileSync(target, 'utf8'), 'PREVIOUS\n', `${args[0]}: the previous file is intact`);
  // The watcher removes the temporary file once the killed process is gone.
  await until('the temporary file to be removed', () => readdirSync(dir).every((f) => !f.endsWith('.model-lens-tmp')), 5000);
  assert.deepEqual(readdirSync(dir).sort(), before, 'no partial file remains');
}

describe('fault injection: a run killed while it writes (issue 17 item 1)', function () {
  if (process.platform !== 'linux') return;
  this.timeout(300000);
  const dir = mkdtempSync(join(tmpdir(), 'ml-kill-'));
  const data = join(dir, 'data.csv');
  copyFileSync(CURRENT, data);

  it('a report (profile --out)', () => killWhileWriting(['profile', data], dir, join(dir, 'report.json')));
  it('predictions (predict --out)', () => killWhileWriting(['predict', MODEL, data], dir, join(dir, 'predictions.csv')));
  it('a baseline (baseline --out)', () => killWhileWriting(['baseline', data], dir, join(dir, 'baseline.json')));
  it('a merged baseline (baseline --merge --out)', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, readFileSync(join(root, 'sample/.modellens/baselines/loans_current.json')));
    writeFileSync(b, readFileSync(join(root, 'sample/.modellens/baselines/loans_current.json')));
    await killWhileWriting(['baseline', '--merge', a, b], dir, join(dir, 'merged.json'));
  });
});
