// Starts code-server (installed by installCodeServer.mjs) on 127.0.0.1 with scratch user-data and extensions
// folders, and XDG_* / TMPDIR pointed into .cache/ so nothing is written under the home folder.
// Used by the host test runner, the e2e helpers and `npm start`.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerEntry, installCodeServer } from './installCodeServer.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runsDir = join(repoRoot, '.cache', 'code-server-runs');

/** Servers not yet stopped: ended synchronously if this process exits first (they run in their own process group). */
const live = new Map(); // child process -> its short TMPDIR
process.on('exit', () => {
  for (const [child, tmp] of live) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    rmSync(tmp, { recursive: true, force: true });
  }
});
// Ctrl+C: exit (which runs the handler above) unless the program installed its own handler for the signal.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(130);
  });
}

/** User settings that keep a fresh profile quiet and offline. */
const defaultSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

/** Resolves with `preferred` when it is free on `host` (default 127.0.0.1), else with a free port chosen by the OS. */
export function freePort(preferred = 0, host = '127.0.0.1') {
  const tryListen = (port) =>
    new Promise((res, rej) => {
      const srv = createServer();
      srv.once('error', rej);
      srv.listen(port, host, () => {
        const { port: chosen } = srv.address();
        srv.close(() => res(chosen));
      });
    });
  return tryListen(preferred).catch(() => tryListen(0));
}

async function waitForHealth(url, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with code ${child.exitCode} before answering; see ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s; see ${logFile}:\n${tail(logFile)}`);
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts code-server and waits for /healthz.
 * @param {object} o
 * @param {string} o.workspace       folder to open (absolute or relative to the repo root)
 * @param {number} [o.port]          preferred port (falls back to a free one); 0 = any free port
 * @param {string} [o.extensionsDir] extensions folder; default: a scratch folder
 * @param {object} [o.env]           extra environment, passed through to the extension host
 * @param {object} [o.settings]      user settings merged over the quiet defaults
 * @param {string} [o.name]          prefix of the scratch folder under .cache/code-server-runs/
 * @param {boolean} [o.keepScratch]  keep the scratch folder (logs, profile) after stop()
 * @param {boolean} [o.workspaceTrust] enable Workspace Trust (default off: every folder is trusted), e.g. to test restricted mode
 * @param {string} [o.host]          address to listen on (default 127.0.0.1); `url` still uses 127.0.0.1 when it is 0.0.0.0
 * @param {string} [o.password]      require this password (code-server --auth password); default: no login (--auth none)
 * @returns {Promise<{url: string, port: number, workspace: string, scratch: string, logFile: string, extensionsDir: string, stop: (o?: {keep?: boolean}) => Promise<void>}>}
 */
export async function startCodeServer(o) {
  await installCodeServer();
  const workspace = resolve(repoRoot, o.workspace);
  mkdirSync(runsDir, { recursive: true });
  const scratch = mkdtempSync(join(runsDir, `${o.name ?? 'run'}-`));
  const dirs = { userData: 'user-data', extensions: 'extensions', config: 'xdg-config', data: 'xdg-data', cache: 'xdg-cache' };
  for (const [k, v] of Object.entries(dirs)) {
    dirs[k] = join(scratch, v);
    mkdirSync(dirs[k], { recursive: true });
  }
  // TMPDIR holds the server's IPC sockets, whose paths must stay under 107 characters (code-server warns and the
  // integrated terminal's `code` CLI breaks otherwise), so it is a short folder in /tmp, removed by stop().
  dirs.tmp = mkdtempSync(join(tmpdir().length <= 20 ? tmpdir() : '/tmp', 'mlcs-'));
  const extensionsDir = o.extensionsDir ?? dirs.extensions;
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...defaultSettings, ...(o.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {}), ...o.settings }, null, 2));

  const host = o.host ?? '127.0.0.1';
  const port = await freePort(o.port ?? 0, host);
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
  const logFile = join(scratch, 'code-server.log');
  const log = createWriteStream(logFile);
  const args = [
    codeServerEntry,
    '--bind-addr', `${host.includes(':') ? `[${host}]` : host}:${port}`,
    '--auth', o.password ? 'password' : 'none',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(o.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    workspace,
  ];
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
    ...o.env,
  };
  if (o.password) env.PASSWORD = o.password;
  else delete env.PASSWORD;
  // detached: the server gets its own process group, so stop() can end it and its children together.
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);

  let stopped = false;
  live.set(child, dirs.tmp);
  /** Ends the server's process group; keeps the scratch folder (logs) when asked or MODEL_LENS_KEEP_SCRATCH is set. */
  const stop = async ({ keep = false } = {}) => {
    if (stopped) return;
    stopped = true;
    live.delete(child);
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    rmSync(dirs.tmp, { recursive: true, force: true });
    if (!keep && !o.keepScratch && !process.env.MODEL_LENS_KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, logFile, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, host, port, workspace, scratch, scratchDir: scratch, logFile, extensionsDir, stop };
}

/**
 * Workbench URL that opens `workspace`; with `payload` entries (e.g. extensionDevelopmentPath) encoded the way
 * VS Code's browser integration tests pass them.
 * @param {{url: string, port: number}} server
 * @param {string} workspace absolute folder
 * @param {{extensionDevelopmentPath?: string, extensionTestsPath?: string}} [payload]
 */
export function workbenchUrl(server, workspace, payload = {}) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const entries = [];
  if (payload.extensionDevelopmentPath) entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
  if (payload.extensionTestsPath) entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
  entries.push(['skipWelcome', 'true']);
  return `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags measured to work headless as root on this kind of machine (shared/HOST_TESTING.md). */
export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Launches Debian's Chromium through playwright-core (no browser download). HEADED=1 shows the window. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, headless: !process.env.HEADED, args: chromiumArgs });
}
