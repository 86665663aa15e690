// Installs code-server (a full VS Code server + web workbench) into the user's cache folder
// (~/.cache/model-lens/code-server-<version>/, outside the repository) for the host tests and `npm start`.
// Idempotent: a marker file holding the version makes a second run a fast no-op.
// Usage: node scripts/installCodeServer.mjs [--force]
// Quirks handled (see docs/testing.md): root postinstall needs npm_config_unsafe_perm, node-pty's `npx node-gyp`
// needs npm_config_yes, and @vscode/ripgrep's GitHub download is replaced by a cache tarball of Debian's rg.
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
// @vscode/ripgrep version pinned by code-server 4.100.3 and the rg release it asks for.
const RIPGREP_PKG_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Outside the repository: the repository is the extension's development folder, and a code-server installed inside
// it loses its built-in extensions in the workbench (no colour or file-icon themes: every workbench showed the
// fallback theme and the design tests' dark and high-contrast runs were light). MODEL_LENS_CODE_SERVER_DIR
// relocates the install (e.g. to try a from-scratch install beside a working one).
const userCache = process.env.XDG_CACHE_HOME ? resolve(process.env.XDG_CACHE_HOME) : join(homedir(), '.cache');
export const installDir = process.env.MODEL_LENS_CODE_SERVER_DIR ? resolve(process.env.MODEL_LENS_CODE_SERVER_DIR) : join(userCache, 'model-lens', `code-server-${CODE_SERVER_VERSION}`);
if (isInside(installDir, repoRoot)) {
  process.stderr.write(`[install-code-server] warning: ${installDir} is inside the repository, the extension's development folder; the workbench will miss its built-in themes. Choose a folder outside it.\n`);
}

function isInside(child, parent) {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
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

/** The packages of `wanted` that dpkg does not list as installed (all of them when dpkg-query is missing). */
export function missingPackages(wanted = SYSTEM_PACKAGES, query = dpkgInstalled) {
  return wanted.filter((p) => !query(p));
}

function dpkgInstalled(p) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('install ok installed');
  } catch {
    return false;
  }
}

/**
 * What to tell a user who is not root: the exact command, with sudo on each apt-get (a `sudo a && b` line runs
 * the second half without sudo), or the package names when the machine has no apt-get.
 */
export function installAdvice(missing, { hasApt = existsSync('/usr/bin/apt-get'), hasSudo = commandExists('sudo') } = {}) {
  const names = missing.join(' ');
  if (!hasApt) return `missing system packages: ${names}. This machine has no apt-get: install the equivalent packages with its package manager (ripgrep provides rg; libkrb5-dev the Kerberos headers), then run the command again.`;
  const sudo = hasSudo ? 'sudo ' : '';
  const line = `${sudo}apt-get update && ${sudo}apt-get install -y ${names}`;
  return `missing system packages: ${names}. Install them once${hasSudo ? ' (as a user allowed to use sudo)' : ' as root (su -c "…")'}, then run the command again:\n\n  ${hasSudo ? line : `su -c '${line}'`}\n`;
}

/** apt-get's exit status 100 with a lock message: another apt or dpkg process (often unattended-upgrades) holds it. */
export function aptLockAdvice(output) {
  if (!/Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock directory/i.test(output)) return undefined;
  const holder = /held by process (\d+) \(([^)]+)\)/.exec(output);
  return `apt is busy: ${holder ? `process ${holder[1]} (${holder[2]})` : 'another apt-get, dpkg or unattended-upgrades process'} holds its lock, and it was still held after waiting ${APT_LOCK_WAIT_S} s. Wait until that process finishes (ps -C apt-get,dpkg,unattended-upgr shows it), then run the command again. Do not delete the lock files.`;
}

const APT_LOCK_WAIT_S = 120;

function commandExists(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs missing Debian packages when running as root with apt-get (a fresh machine, CI); otherwise says
 * exactly which command to run. Only asked when code-server itself has to be installed. apt waits up to
 * APT_LOCK_WAIT_S for a lock held by another apt process and explains it if it is still held.
 */
async function ensureSystemPackages(logFile) {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) throw new Error(installAdvice(missing));
  log(`installing system packages: ${missing.join(' ')} (apt output: ${logFile})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', `DPkg::Lock::Timeout=${APT_LOCK_WAIT_S}`];
  for (const args of [[...lock, 'update', '-q'], [...lock, 'install', '-y', '-q', ...missing]]) {
    try {
      await run('apt-get', args, { env }, logFile);
    } catch (err) {
      throw new Error(aptLockAdvice(err.output ?? '') ?? `${err.message}; see ${logFile}`);
    }
  }
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

/**
 * Runs a command with its output appended to `logFile` (not the terminal). Rejects with an error carrying the
 * last 8 KB of output (`err.output`) and naming the log.
 */
function run(cmd, args, opts, logFile) {
  return new Promise((resolvePromise, reject) => {
    appendFileSync(logFile, `\n$ ${cmd} ${args.join(' ')}\n`);
    const out = openSync(logFile, 'a');
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', out, out] });
    const fail = (msg) => {
      const text = readFileSync(logFile, 'utf8');
      const err = new Error(msg);
      err.output = text.slice(-8192);
      reject(err);
    };
    child.on('error', (e) => { closeSync(out); fail(`${cmd}: ${e.message}`); });
    child.on('exit', (code, signal) => {
      closeSync(out);
      if (code === 0) resolvePromise();
      else fail(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`);
    });
  });
}

/** The last `n` lines of a failed step's output, indented, for the terminal. */
function tailLines(text, n = 25) {
  return text.trimEnd().split('\n').slice(-n).map((l) => `    ${l}`).join('\n');
}

/** Installs code-server unless the marker says it is already there. Returns the entry point path. */
export async function installCodeServer({ force = false } = {}) {
  if (!force && isInstalled()) {
    log(`code-server ${CODE_SERVER_VERSION} already installed in ${installDir}`);
    return codeServerEntry;
  }
  const started = Date.now();
  mkdirSync(dirname(installDir), { recursive: true });
  const logFile = `${installDir}-install.log`;
  writeFileSync(logFile, `code-server ${CODE_SERVER_VERSION} install, ${new Date().toISOString()}\n`);
  await ensureSystemPackages(logFile);
  log(`installing code-server@${CODE_SERVER_VERSION} into ${installDir} (~300 MB, 2-5 minutes, once; details: ${logFile})`);
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
    // The project's .npmrc sets ignore-scripts, and npm passes it on to scripts it runs (`npm start`): code-server
    // needs its postinstall, so turn it back on for this install.
    npm_config_ignore_scripts: 'false',
  };
  const ticker = setInterval(() => log(`… still installing (${((Date.now() - started) / 1000).toFixed(0)} s)`), 30_000);
  try {
    await run('npm', ['install', '--no-save', '--no-package-lock', '--omit=dev', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: installDir, env }, logFile);
  } catch (err) {
    throw new Error(`${err.message}. Last lines of ${logFile}:\n${tailLines(err.output ?? '')}`);
  } finally {
    clearInterval(ticker);
  }
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
