import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeCacheDir, loadCli, ownedByUser } from '../../../src/cli/launch';
import { xlsxBytes } from '../data/xlsxFixture';

const root = join(__dirname, '../../..');

/** A tiny CommonJS "bundle" whose main returns `value` (padded so two of them have the same length). */
function bundle(dir: string, name: string, value: number): string {
  const file = join(dir, name);
  writeFileSync(file, `'use strict';\nfunction answer() { return ${value}; }\nexports.main = async (argv) => answer() + argv.length;\n`);
  return file;
}

function cacheFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cache')) : [];
}

describe('CLI start-up: the V8 code cache (src/cli/launch.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ml-code-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is written after a successful command and accepted by the next run', async () => {
    const file = bundle(dir, 'a.js', 41);
    const cache = join(dir, 'cache');
    const first = loadCli(file, ['profile', 'x.csv'], cache);
    assert.equal(first.state, 'absent');
    assert.equal(await first.main(['x']), 42);
    assert.equal(first.save(0), true);
    assert.equal(cacheFiles(cache).length, 1);
    assert.match(cacheFiles(cache)[0]!, /^cli-profile-[0-9a-f]{16}-v\d+\.\d+\.\d+-\w+\.cache$/);
    const second = loadCli(file, ['profile', 'y.csv'], cache);
    assert.equal(second.state, 'accepted');
    assert.equal(await second.main([]), 41);
    assert.equal(second.save(0), false, 'an accepted cache is not written again');
    // Another command (and --help) has its own cache: each compiles other functions.
    assert.equal(loadCli(file, ['profile', '--help'], cache).state, 'absent');
    assert.equal(loadCli(file, ['drift'], cache).state, 'absent');
  });

  it('a cache someone else could have written is not run: a file or folder writable by others, or another user\'s', async () => {
    const file = bundle(dir, 'a.js', 7);
    const cache = join(dir, 'cache');
    loadCli(file, ['profile'], cache).save(0);
    const path = join(cache, cacheFiles(cache)[0]!);
    assert.equal(loadCli(file, ['profile'], cache).state, 'accepted');
    chmodSync(path, 0o666);
    const writable = loadCli(file, ['profile'], cache);
    assert.equal(writable.state, 'foreign');
    assert.equal(await writable.main([]), 7);
    chmodSync(path, 0o600);
    chmodSync(cache, 0o777);
    const shared = loadCli(file, ['profile'], cache);
    assert.equal(shared.state, 'foreign');
    assert.equal(shared.save(0), false, 'nothing is written into a folder others can write');
    chmodSync(cache, 0o700);
    assert.equal(loadCli(file, ['profile'], cache).state, 'accepted');
    // Another user's file (the check itself, as this test may run as any user).
    assert.equal(ownedByUser({ uid: 1234, mode: 0o100600 }, 1000), false);
    assert.equal(ownedByUser({ uid: 1000, mode: 0o100620 }, 1000), false);
    assert.equal(ownedByUser({ uid: 1000, mode: 0o100644 }, 1000), true);
    assert.equal(ownedByUser({ uid: 1234, mode: 0o100666 }, null), true, 'no owners to compare on Windows');
  });

  it('a corrupt or truncated cache file is ignored, the command gives the same result, and the file is rewritten', async () => {
    const file = bundle(dir, 'a.js', 1);
    const cache = join(dir, 'cache');
    loadCli(file, ['profile'], cache).save(0);
    const path = join(cache, cacheFiles(cache)[0]!);
    const good = readFileSync(path);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 10]! ^= 0xff; // a bit flip in V8's data, which V8 itself does not check
    for (const bad of [flipped, good.subarray(0, good.length - 7), Buffer.from('garbage'), Buffer.alloc(0)]) {
      writeFileSync(path, bad);
      const run = loadCli(file, ['profile'], cache);
      assert.equal(run.state, 'corrupt');
      assert.equal(await run.main(['a', 'b']), 3);
      assert.equal(run.save(0), true);
      assert.equal(loadCli(file, ['profile'], cache).state, 'accepted');
    }
  });

  it("another bundle's cache (same length, other code) is never used for this one", async () => {
    const a = bundle(dir, 'a.js', 11);
    const b = bundle(dir, 'b.js', 22);
    assert.equal(readFileSync(a).length, readFileSync(b).length);
    const cacheA = join(dir, 'ca');
    const first = loadCli(a, ['profile'], cacheA);
    await first.main([]);
    first.save(0);
    // Put a's cache where b's would be: V8 alone checks only the source's length and would accept it.
    const cacheB = join(dir, 'cb');
    const probe = loadCli(b, ['profile'], cacheB);
    probe.save(0);
    const nameB = cacheFiles(cacheB)[0]!;
    copyFileSync(join(cacheA, cacheFiles(cacheA)[0]!), join(cacheB, nameB));
    const run = loadCli(b, ['profile'], cacheB);
    assert.equal(run.state, 'corrupt');
    assert.equal(await run.main([]), 22);
  });

  it('an unwritable cache folder, a failed command or MODEL_LENS_CODE_CACHE=off write nothing and change nothing', async () => {
    const file = bundle(dir, 'a.js', 5);
    writeFileSync(join(dir, 'plain-file'), 'x');
    const unwritable = join(dir, 'plain-file', 'model-lens'); // under a file: mkdir fails
    const run = loadCli(file, ['profile'], unwritable);
    assert.equal(await run.main([]), 5);
    assert.equal(run.save(0), false);
    const cache = join(dir, 'cache');
    const failed = loadCli(file, ['nosuchcommand'], cache);
    assert.equal(failed.save(2), false, 'no cache for a command that exited 2 (a typo)');
    assert.equal(cacheFiles(cache).length, 0);
    assert.equal(codeCacheDir({ MODEL_LENS_CODE_CACHE: 'off' }), undefined);
    assert.equal(loadCli(file, ['profile'], undefined).state, 'off');
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x/y' }), join('/x/y', 'model-lens'));
  });

  it("writing removes the command's caches of older bundles, and only those", async () => {
    const cache = join(dir, 'cache');
    const old = bundle(dir, 'v1.js', 1);
    loadCli(old, ['profile'], cache).save(0);
    loadCli(old, ['drift'], cache).save(0);
    writeFileSync(old, readFileSync(old, 'utf8').replace('return 1;', 'return 2;'));
    loadCli(old, ['profile'], cache).save(0);
    const names = cacheFiles(cache);
    assert.equal(names.length, 2);
    assert.equal(names.filter((n) => n.startsWith('cli-profile-')).length, 1);
    assert.equal(loadCli(old, ['profile'], cache).state, 'accepted');
  });
});

describe('CLI start-up: the built model-lens command', function () {
  this.timeout(120000);
  const built = existsSync(join(root, 'dist/cli.js')) && existsSync(join(root, 'dist/cliMain.js'));
  const sample = join(root, 'sample/loans_reference.csv');

  function cli(env: Record<string, string>, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [join(root, 'bin/model-lens.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60000, env: { ...process.env, MODEL_LENS_TRACE_CODE_CACHE: '1', ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('gives the same profile with no cache, a fresh cache, a corrupt cache and an unwritable cache folder', function () {
    if (!built) this.skip(); // npm test builds dist first
    const home = mkdtempSync(join(tmpdir(), 'ml-xdg-'));
    try {
      const env = { XDG_CACHE_HOME: home };
      const first = cli(env, 'profile', sample, '--format', 'json');
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /\[code cache\] absent, written/);
      const second = cli(env, 'profile', sample, '--format', 'json');
      assert.match(second.stderr, /\[code cache\] accepted/);
      assert.equal(second.stdout, first.stdout);
      const dir = join(home, 'model-lens');
      const [name] = cacheFiles(dir);
      const bytes = readFileSync(join(dir, name!));
      bytes[bytes.length >> 1]! ^= 0x55;
      writeFileSync(join(dir, name!), bytes);
      const corrupt = cli(env, 'profile', sample, '--format', 'json');
      assert.match(corrupt.stderr, /\[code cache\] corrupt, written/);
      assert.equal(corrupt.stdout, first.stdout);
      writeFileSync(join(home, 'file'), '');
      const unwritable = cli({ XDG_CACHE_HOME: join(home, 'file') }, 'profile', sample, '--format', 'json');
      assert.equal(unwritable.code, 0, unwritable.stderr);
      assert.match(unwritable.stderr, /\[code cache\] absent\n/);
      assert.equal(unwritable.stdout, first.stdout);
      const off = cli({ ...env, MODEL_LENS_CODE_CACHE: 'off' }, 'profile', sample, '--format', 'json');
      assert.match(off.stderr, /\[code cache\] off\n/);
      assert.equal(off.stdout, first.stdout);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('writes nothing beside the installed bundle (a read-only install works) and `node dist/cli.js` runs the CLI', function () {
    if (!built) this.skip();
    const install = join(root, '.cache', `ro-install-${process.pid}`);
    const home = mkdtempSync(join(tmpdir(), 'ml-xdg-'));
    try {
      mkdirSync(install, { recursive: true });
      for (const f of ['cli.js', 'cliMain.js']) copyFileSync(join(root, 'dist', f), join(install, f));
      const r = spawnSync(process.execPath, [join(install, 'cli.js'), 'profile', sample, '--format', 'json'], { cwd: root, encoding: 'utf8', timeout: 60000, env: { ...process.env, XDG_CACHE_HOME: home } });
      assert.equal(r.status, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { rows: number }).rows, 3300);
      assert.deepEqual(readdirSync(install).sort(), ['cli.js', 'cliMain.js']);
      assert.equal(cacheFiles(join(home, 'model-lens')).length, 1);
    } finally {
      rmSync(install, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('the bundle is ASCII (decoded as Latin-1: half the string, ~30 ms less start-up than UTF-8)', function () {
    if (!built) this.skip();
    const bytes = readFileSync(join(root, 'dist/cliMain.js'));
    const at = bytes.findIndex((b) => b > 0x7f);
    assert.equal(at, -1, `non-ASCII at byte ${at}: ${bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8')} (write \\u escapes in regular expressions)`);
  });

  it('the xlsx reader and apache-arrow load only for such files (graceful-fs no longer patches fs in every command)', function () {
    if (!built) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'ml-lazy-'));
    try {
      const book = join(dir, 'book.xlsx');
      writeFileSync(book, xlsxBytes([['x', 'name'], [1, 'a'], [2, 'b'], [3, 'a']]));
      // One process: after a CSV profile fs is unpatched; the xlsx and Arrow profiles then load their readers.
      const probe = `const fs = require('fs'); const q = Symbol.for('graceful-fs.queue'); const { main } = require(process.argv[1]);
        (async () => {
          const out = [];
          out.push(await main(['profile', process.argv[2], '--out', process.argv[5] + '/a.json']), fs[q] === undefined);
          out.push(await main(['profile', process.argv[3], '--out', process.argv[5] + '/b.json']), fs[q] === undefined);
          out.push(await main(['profile', process.argv[4], '--out', process.argv[5] + '/c.json']));
          console.log(JSON.stringify(out));
        })();`;
      const r = spawnSync(process.execPath, ['-e', probe, join(root, 'dist/cli.js'), sample, book, join(root, 'sample/loans_reference.arrow'), dir], { cwd: root, encoding: 'utf8', timeout: 60000, env: { ...process.env, MODEL_LENS_CODE_CACHE: 'off' } });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), [0, true, 0, false, 0]);
      assert.equal((JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as { rows: number }).rows, 3);
      assert.equal((JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as { rows: number }).rows, 3300);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("DuckDB's JavaScript API is inside the bundle (not ~180 files resolved and compiled on every run)", function () {
    if (!built) this.skip();
    const probe = "const { main } = require(process.argv[1]); main(['--version']).then(() => console.log(Object.keys(require.cache).filter((k) => k.includes('node-api')).length));";
    const r = spawnSync(process.execPath, ['-e', probe, join(root, 'dist/cli.js')], { cwd: root, encoding: 'utf8', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').pop(), '0');
  });

  it('loading the CLI starts no ICU number formatting (~30 ms of every command)', function () {
    if (!built) this.skip();
    const probe = "Number.prototype.toLocaleString = () => { throw new Error('toLocaleString at load'); }; const { main } = require(process.argv[1]); main(['--version']).then((c) => { process.exitCode = c; });";
    const r = spawnSync(process.execPath, ['-e', probe, join(root, 'dist/cli.js')], { cwd: root, encoding: 'utf8', timeout: 60000, env: { ...process.env, MODEL_LENS_CODE_CACHE: 'off' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '0.1.0');
  });
});
