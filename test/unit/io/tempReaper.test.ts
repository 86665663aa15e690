import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { octalEscapes } from '../../../src/core/io/tempReaper';

const reaper = resolve(__dirname, '../../../src/core/io/tempReaper.ts');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a node process that (optionally) prepares the spare watcher, creates the files, watches them in that order,
 * renames those listed into place (name + '.done') and releases them, as a committed output does, prints the watchers' pids and "ready", then waits to be killed with SIGKILL, when no code of
 * its own runs; answers the watchers' pids once it is gone. `exit` ends it normally instead.
 */
async function runAndKill(files: readonly string[], options: { prepare: boolean; release?: readonly number[]; exit?: boolean }): Promise<number[]> {
  const script = `
    const { writeFileSync } = require('node:fs');
    const r = require(${JSON.stringify(reaper)});
    const cp = require('node:child_process');
    const pids = [];
    const spawnOrig = cp.spawn;
    cp.spawn = (...a) => { const c = spawnOrig(...a); pids.push(c.pid); return c; };
    if (${options.prepare}) r.prepareTempWatch();
    const files = JSON.parse(process.env.FILES);
    const watches = files.map((f) => { writeFileSync(f, 'partial'); return r.watchTempFile(f); });
    for (const i of ${JSON.stringify(options.release ?? [])}) { require('node:fs').renameSync(files[i], files[i] + '.done'); watches[i].release(); }
    process.stdout.write(JSON.stringify(pids) + '\\nready\\n');
    if (!${options.exit === true}) setInterval(() => undefined, 1000);
  `;
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], { env: { ...process.env, FILES: JSON.stringify(files) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  await until('the child to watch its files', () => out.includes('ready\n'), 60000);
  if (!options.exit) child.kill('SIGKILL');
  await exited;
  return JSON.parse(out.split('\n')[0]!) as number[];
}

describe('core/io/tempReaper: the temporary file of a killed run is removed (issue 17 item 1, issue 18)', function () {
  if (process.platform !== 'linux') return;
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'model-lens-reaper-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const odd = ['plain.tmp', 'line\nbreak.tmp', 'trailing newlines\n\n', "quote's \"double\" and \\back\\slash", '%b %s %% \\0101 \\n', '-leading dash', '$(touch pwned) `x` ;|&', 'ünïcødé 測試 🙂', ' spaced '];

  it('the octal escapes are what printf %b reads back, byte for byte', async () => {
    for (const name of odd) {
      const got = await new Promise<string>((r) => {
        const c = spawn('/bin/sh', ['-c', 'IFS= read -r p; f=$(printf "%bx" "$p"); printf %s "${f%x}"'], { stdio: ['pipe', 'pipe', 'inherit'] });
        let out = '';
        c.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
        c.on('exit', () => r(out));
        c.stdin.end(`${octalEscapes(name)}\n`);
      });
      assert.equal(got, name);
    }
  });

  it('the spare watcher removes an oddly named file when the process is killed, and only that file', async () => {
    for (const name of odd) {
      const files = [join(dir, name), join(dir, `second ${name}`)];
      const pids = await runAndKill(files, { prepare: true });
      assert.equal(pids.length, 2, 'the spare takes the first file, a watcher of its own the second');
      await until(`${JSON.stringify(name)} to be removed`, () => files.every((f) => !existsSync(f)));
    }
    assert.equal(existsSync(join(dir, 'pwned')), false, 'no part of a name ran as a command');
    assert.deepEqual(readdirSync(dir), []);
  });

  it('without a spare (the extension host), each file gets its own watcher, as before', async () => {
    const files = [join(dir, 'a.tmp'), join(dir, 'b\n.tmp')];
    const pids = await runAndKill(files, { prepare: false });
    assert.equal(pids.length, 2);
    await until('both files to be removed', () => files.every((f) => !existsSync(f)));
  });

  it('a committed file is left in place, its watcher ends at release, and an unused spare ends with the process', async () => {
    const files = [join(dir, 'committed\n.tmp'), join(dir, 'partial.tmp')];
    const [first] = await runAndKill(files, { prepare: true, release: [0] });
    await until('the partial file to be removed', () => !existsSync(files[1]!));
    assert.equal(existsSync(`${files[0]}.done`), true, 'the committed file is where it was put');
    assert.equal(alive(first!), false, 'the released watcher has ended');
    rmSync(`${files[0]}.done`);
    const [spare] = await runAndKill([], { prepare: true, exit: true });
    await until('the unused spare watcher to exit', () => !alive(spare!));
  });
});
