// The `model-lens` command's entry (dist/cli.js). It loads the bundled CLI (dist/cliMain.js) through a V8 code
// cache, so a run does not compile the ~2.5 MB bundle from scratch: users run the CLI in CI once per check, and
// at 1M rows a profile takes ~2 s, of which start-up was ~0.25 CPU-s. Only Node built-ins here: this file must
// stay small, as everything it imports is compiled on every run.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Script } from 'node:vm';

type CliMain = (argv: string[]) => Promise<number>;

/** What happened to the code cache of one run (MODEL_LENS_TRACE_CODE_CACHE=1 prints it on stderr). */
export type CodeCacheState = 'off' | 'absent' | 'accepted' | 'rejected' | 'corrupt' | 'foreign';

/** First bytes of a cache file: the format's name, then a SHA-256 of (bundle digest, Node, V8 data). */
const MAGIC = Buffer.from('model-lens-v8-cache-1\n');
const CHECK_BYTES = 32;

/**
 * The folder of the code caches: $XDG_CACHE_HOME/model-lens (else ~/.cache/model-lens; on Windows
 * %LOCALAPPDATA%\model-lens). MODEL_LENS_CODE_CACHE=off turns the cache off.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['MODEL_LENS_CODE_CACHE'] === 'off') return undefined;
  const base = env['XDG_CACHE_HOME'] || (process.platform === 'win32' ? env['LOCALAPPDATA'] : undefined) || join(homedir(), '.cache');
  return resolve(base, 'model-lens');
}

/**
 * One cache per command (each compiles other functions; --help runs none of them), per bundle (its SHA-256: V8
 * checks only the source's length, so a cache of another bundle of the same length would run that bundle's code),
 * per Node version and architecture (whose V8 would reject it anyway).
 */
function cacheKey(argv: readonly string[]): string {
  const [name] = argv;
  if (!name || argv.includes('--help') || argv.includes('-h') || !/^[a-z]{1,32}$/.test(name)) return 'help';
  return name;
}

/** The integrity check of a cache file's V8 data: a flipped bit in it could crash V8, which checks no sum. */
function checksum(bundleDigest: string, data: Buffer): Buffer {
  return createHash('sha256').update(`${bundleDigest}\0${process.version}\0${process.arch}\0`).update(data).digest();
}

/**
 * Whether a cache file or folder is the user's own: owned by the user running the command and writable by no one else
 * (POSIX). The checksum catches damage, not intent: anyone who can write the file can compute it, and V8 runs the
 * cached code as it finds it. A cache folder someone else can write (a shared XDG_CACHE_HOME such as /tmp) is not used.
 */
export function ownedByUser(st: Pick<Stats, 'uid' | 'mode'>, uid: number | null = process.getuid?.() ?? null): boolean {
  return uid === null || (st.uid === uid && (st.mode & 0o022) === 0);
}

function ownFolder(dir: string): boolean {
  try {
    return ownedByUser(statSync(dir));
  } catch {
    return true; // absent: it is created with mode 0700
  }
}

function readCache(file: string, bundleDigest: string): Buffer | 'absent' | 'corrupt' | 'foreign' {
  let bytes: Buffer;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return 'absent';
  }
  try {
    // Checked on the open file: what is read is what was checked.
    if (!ownFolder(dirname(file)) || !ownedByUser(fstatSync(fd))) return 'foreign';
    bytes = readFileSync(fd);
  } catch {
    return 'absent';
  } finally {
    closeSync(fd);
  }
  if (bytes.length <= MAGIC.length + CHECK_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return 'corrupt';
  const data = bytes.subarray(MAGIC.length + CHECK_BYTES);
  return checksum(bundleDigest, data).equals(bytes.subarray(MAGIC.length, MAGIC.length + CHECK_BYTES)) ? data : 'corrupt';
}

/**
 * Written to a temporary name, then renamed: a reader sees a whole file or none. The command's caches of other
 * bundles or Node versions (an upgrade's leftovers) are removed. Any failure is ignored.
 */
function writeCache(dir: string, file: string, prefix: string, bundleDigest: string, data: Buffer): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!ownFolder(dir)) return false;
    writeFileSync(tmp, Buffer.concat([MAGIC, checksum(bundleDigest, data), data]), { mode: 0o600 });
    renameSync(tmp, file);
    for (const old of readdirSync(dir)) if (old.startsWith(prefix) && old.endsWith('.cache') && old !== basename(file)) rmSync(join(dir, old), { force: true });
    return true;
  } catch {
    try { rmSync(tmp, { force: true }); } catch { /* nothing to clean */ }
    return false;
  }
}

export interface LoadedCli {
  main: CliMain;
  state: CodeCacheState;
  /**
   * Writes the cache if it was absent or unusable, after the command ran (so its functions are compiled too) and
   * succeeded (exit code 0 or 1: no cache for a mistyped command).
   */
  save(code: number): boolean;
}

/** Compile and run `bundle` as a CommonJS module, with a code cache under `cacheDir` (none if undefined). */
export function loadCli(bundle: string, argv: readonly string[], cacheDir: string | undefined): LoadedCli {
  const bytes = readFileSync(bundle);
  const digest = createHash('sha256').update(bytes).digest('hex');
  const prefix = `cli-${cacheKey(argv)}-`;
  const file = cacheDir && join(cacheDir, `${prefix}${digest.slice(0, 16)}-${process.version}-${process.arch}.cache`);
  const cached = file ? readCache(file, digest) : 'absent';
  // An ASCII bundle is decoded as Latin-1: the same text, a one-byte string, decoded ~2× faster than UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const script = new Script(Module.wrap(source), { filename: bundle, ...(Buffer.isBuffer(cached) ? { cachedData: cached } : {}) });
  const state: CodeCacheState = !file ? 'off' : Buffer.isBuffer(cached) ? (script.cachedDataRejected ? 'rejected' : 'accepted') : cached;
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(bundle));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, dirname(bundle));
  mod.loaded = true;
  const { main } = mod.exports as { main: CliMain };
  return { main, state, save: (code) => (file !== undefined && state !== 'accepted' && (code === 0 || code === 1) ? writeCache(cacheDir!, file, prefix, digest, script.createCachedData()) : false) };
}

/** The CLI: runs `model-lens <argv>` and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  const cli = loadCli(join(__dirname, 'cliMain.js'), argv, codeCacheDir());
  const code = await cli.main(argv);
  const saved = cli.save(code);
  if (process.env['MODEL_LENS_TRACE_CODE_CACHE'] === '1') process.stderr.write(`[code cache] ${cli.state}${saved ? ', written' : ''}\n`);
  return code;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
