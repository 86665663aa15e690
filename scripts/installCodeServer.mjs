// Installs code-server (a full VS Code server + web workbench) into .cache/code-server/ for the host tests
// and `npm start`. Idempotent: a marker file holding the version makes a second run a fast no-op.
// Usage: node scripts/installCodeServer.mjs [--force]
// Quirks handled (see docs/testing.md): root postinstall needs npm_config_unsafe_perm, node-pty's `npx node-gyp`
// needs npm_config_yes, and @vscode/ripgrep's GitHub download is replaced by a cache tarball of Debian's rg.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
// @vscode/ripgrep version pinned by code-server 4.100.3 and the rg release it asks for.
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// MODEL_LENS_CODE_SERVER_DIR relocates the install (e.g. to try a from-scratch install beside a working one).
export const installDir = process.env.MODEL_LENS_CODE_SERVER_DIR ? resolve(process.env.MODEL_LENS_CODE_SERVER_DIR) : join(repoRoot, '.cache', 'code-server');
const markerFile = join(installDir, '.installed-version');
/** Entry point of the installed server; run it with the current node. */
export const codeServerEntry = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function log(msg) {
  process.stdout.write(`[install-code-server] ${msg}\n`);
}

const pkgDir = join(installDir, 'node_modules', 'code-server');
/** Artifacts whose absence means the install (or one of its postinstall steps) did not complete. */
const requiredFiles = [
  codeServerEntry,
  join(pkgDir, 'lib', 'vscode', 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
  join(pkgDir, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
];

/** The pinned version is unpacked and its native parts and rg are in place. */
function verifyInstall() {
  try {
    const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
    return version === CODE_SERVER_VERSION && requiredFiles.every((f) => existsSync(f));
  } catch {
    return false;
  }
}

/**
 * True when the pinned version is installed. A complete install without the marker (e.g. made by an earlier
 * version of this script) is verified and adopted instead of being reinstalled.
 */
export function isInstalled() {
  const marked = existsSync(markerFile) && readFileSync(markerFile, 'utf8').trim() === CODE_SERVER_VERSION;
  if (!verifyInstall()) return false;
  if (!marked) writeFileSync(markerFile, `${CODE_SERVER_VERSION}\n`);
  return true;
}

/** Debian packages the install needs: rg replaces a GitHub download; kerberos builds against libkrb5. */
const SYSTEM_PACKAGES = ['ripgrep', 'libkrb5-dev', 'pkg-config', 'g++', 'make'];

/**
 * Installs missing Debian packages when running as root with apt-get (a fresh machine, CI); otherwise says
 * exactly which command to run. Only asked when code-server itself has to be installed.
 */
async function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter((p) => {
    try {
      return !execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('install ok installed');
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) throw new Error(`missing system packages: ${missing.join(', ')}. Install them first: sudo ${command}`);
  log(`installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-q'], { env });
  await run('apt-get', ['install', '-y', '-q', ...missing], { env });
}

function findRg() {
  for (const p of ['/usr/bin/rg', '/usr/local/bin/rg']) if (existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('ripgrep (rg) not found. Install it first: apt-get install -y ripgrep');
  }
}

/** Puts a tarball with the system rg where @vscode/ripgrep's postinstall looks before downloading. */
function prepareRipgrepCache(tmpDir) {
  const cacheDir = join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PKG_VERSION}`);
  mkdirSync(cacheDir, { recursive: true });
  const tarball = join(cacheDir, RIPGREP_ASSET);
  if (existsSync(tarball)) return;
  const rg = findRg();
  execFileSync('tar', ['-czf', tarball, '-C', dirname(rg), 'rg']);
  log(`ripgrep cache tarball from ${rg}: ${tarball}`);
}

function run(cmd, args, opts) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolvePromise() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`))));
  });
}

/** Installs code-server unless the marker says it is already there. Returns the entry point path. */
export async function installCodeServer({ force = false } = {}) {
  if (!force && isInstalled()) {
    log(`code-server ${CODE_SERVER_VERSION} already installed in ${installDir}`);
    return codeServerEntry;
  }
  const started = Date.now();
  await ensureSystemPackages();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${installDir} (~300 MB, a few minutes)`);
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'model-lens-code-server', private: true }, null, 2));
  const tmpDir = join(installDir, '..', `${basename(installDir)}-install-tmp`);
  mkdirSync(tmpDir, { recursive: true });
  prepareRipgrepCache(tmpDir);
  const env = {
    ...process.env,
    TMPDIR: tmpDir,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  await run('npm', ['install', '--no-save', '--no-package-lock', '--omit=dev', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: installDir, env });
  if (!verifyInstall()) throw new Error(`npm finished but the install is incomplete; missing one of: ${requiredFiles.join(', ')}`);
  writeFileSync(markerFile, `${CODE_SERVER_VERSION}\n`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return codeServerEntry;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  installCodeServer({ force: process.argv.includes('--force') }).catch((err) => {
    process.stderr.write(`[install-code-server] FAILED: ${err.message}\n`);
    process.exit(1);
  });
}
