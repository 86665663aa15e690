// `npm run test:host`: runs the tests that need a real VS Code, then prints `N passed, N failed`.
//  1. integration: test/integration (mocha, bundled to out/test/integration by `npm run build`) inside the real
//     extension host of code-server, with test/fixtures/workspace open; the workbench is driven by headless
//     Chromium and reports through window.codeAutomationExit / codeAutomationLog (shared/HOST_TESTING.md).
//  2. e2e: test/e2e/*.e2e.mjs (mocha, bdd) drive the workbench UI as a person would.
// Options: --only integration|e2e, --grep <regex> (both suites), --extension <dir> (default: the repo root).
// Env: MODEL_LENS_KEEP_SCRATCH=1 keeps every scratch folder (logs, profile) under .cache/code-server-runs/.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { installCodeServer } from './installCodeServer.mjs';
import { launchChromium, repoRoot, startCodeServer, workbenchUrl } from './codeServer.mjs';

const INTEGRATION_TIMEOUT_MS = 6 * 60_000;
const E2E_TEST_TIMEOUT_MS = 5 * 60_000;

function option(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const only = option('--only');
const grep = option('--grep');
const extensionPath = resolve(option('--extension') ?? process.env.MODEL_LENS_EXTENSION_PATH ?? repoRoot);
process.env.MODEL_LENS_EXTENSION_PATH = extensionPath; // read by test/e2e/helpers.mjs

function say(message) {
  process.stdout.write(`[test:host] ${message}\n`);
}

/** Runs test/integration inside the extension host; resolves to { passed, failed }. */
async function runIntegration() {
  const testsIndex = join(repoRoot, 'out', 'test', 'integration', 'index');
  for (const f of [`${testsIndex}.js`, join(extensionPath, 'package.json')]) {
    if (!existsSync(f)) {
      say(`missing ${f}: run \`npm run build\` first`);
      return { passed: 0, failed: 1 };
    }
  }
  const workspace = join(repoRoot, 'test', 'fixtures', 'workspace');
  const resultsFile = join(repoRoot, '.cache', `host-results-${process.pid}.json`);
  rmSync(resultsFile, { force: true });
  const started = Date.now();
  const server = await startCodeServer({
    workspace,
    name: 'integration',
    env: { MODEL_LENS_HOST_RESULTS: resultsFile, ...(grep ? { MODEL_LENS_HOST_GREP: grep } : {}) },
  });
  say(`code-server ${server.url} (log: ${server.logFile})`);
  const browser = await launchChromium();
  const logLines = [];
  let exitCode;
  try {
    const page = await browser.newPage();
    const exited = new Promise((res) => {
      page.exposeFunction('codeAutomationExit', (code) => res(code));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      logLines.push(text);
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    const drainLog = forwardHostLog(page, logLines);
    const url = workbenchUrl(server, workspace, { extensionDevelopmentPath: extensionPath, extensionTestsPath: testsIndex });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 90_000 });
    let timer;
    const timedOut = new Promise((res) => { timer = setTimeout(() => res('timeout'), INTEGRATION_TIMEOUT_MS); });
    exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    await page.waitForTimeout(300); // let the last console events arrive
    await drainLog();
    if (exitCode === 'timeout') {
      say(`integration run did not finish within ${INTEGRATION_TIMEOUT_MS / 60_000} min`);
      await page.screenshot({ path: join(repoRoot, 'test-results', 'integration-timeout.png') }).catch(() => {});
    }
  } finally {
    await browser.close();
    await server.stop({ keep: exitCode !== 0 });
    if (exitCode !== 0) say(`kept the scratch folder for debugging: ${server.scratch}`);
  }
  say(`integration finished in ${((Date.now() - started) / 1000).toFixed(1)} s with exit code ${exitCode}`);
  return countIntegration(resultsFile, logLines, exitCode);
}

/**
 * The extension host's console arrives in the page console as ('%c INFO', 'color: …', format, ...args).
 * Lines that test/integration/index.ts prefixed with [host] are printed (and kept for counting);
 * MODEL_LENS_PAGE_LOG=1 prints every page console message, which helps when the host never starts.
 */
function forwardHostLog(page, logLines) {
  let queue = Promise.resolve();
  page.on('console', (m) => {
    queue = queue.then(async () => {
      const args = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => '?')));
      const rest = typeof args[0] === 'string' && args[0].startsWith('%c') ? args.slice(2) : args;
      const text = rest.length ? format(...rest) : m.text();
      if (text.startsWith('[host] ')) {
        const line = text.slice('[host] '.length);
        logLines.push(line);
        process.stdout.write(`${line}\n`);
      } else if (process.env.MODEL_LENS_PAGE_LOG) {
        process.stdout.write(`[page ${m.type()}] ${text}\n`);
      }
    });
  });
  return () => queue;
}

/** Counts from the results file written by test/integration/index.ts, else from its last console line. */
function countIntegration(resultsFile, logLines, exitCode) {
  let counts;
  if (existsSync(resultsFile)) {
    const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
    rmSync(resultsFile, { force: true });
    counts = { passed: r.passed, failed: r.failed };
    for (const f of r.failures) say(`FAILED ${f.title}`);
  } else {
    const line = [...logLines].reverse().find((l) => /^host tests: \d+ passed, \d+ failed/.test(l));
    const m = line && /(\d+) passed, (\d+) failed/.exec(line);
    counts = m ? { passed: Number(m[1]), failed: Number(m[2]) } : { passed: 0, failed: 0 };
  }
  // The exit code is the authority: a run that crashed or timed out is a failure even with no failed test counted.
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  say(`integration: ${counts.passed} passed, ${counts.failed} failed`);
  return counts;
}

/** Runs test/e2e/*.e2e.mjs with mocha in this process; resolves to { passed, failed }. */
async function runE2E() {
  const dir = join(repoRoot, 'test', 'e2e');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.e2e.mjs')).sort() : [];
  if (files.length === 0) {
    say('no test/e2e/*.e2e.mjs files');
    return { passed: 0, failed: 0 };
  }
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'bdd', timeout: E2E_TEST_TIMEOUT_MS, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const f of files) mocha.addFile(join(dir, f));
  try {
    await mocha.loadFilesAsync();
  } catch (err) {
    say(`could not load the e2e tests: ${err instanceof Error ? err.stack : String(err)}`);
    return { passed: 0, failed: 1 };
  }
  const stats = await new Promise((res) => {
    const runner = mocha.run(() => res(runner.stats));
  });
  say(`e2e: ${stats.passes} passed, ${stats.failures} failed`);
  return { passed: stats.passes, failed: stats.failures };
}

async function main() {
  await installCodeServer();
  const total = { passed: 0, failed: 0 };
  const suites = [['integration', runIntegration], ['e2e', runE2E]].filter(([name]) => !only || only === name);
  for (const [name, run] of suites) {
    say(`--- ${name} ---`);
    let r;
    try {
      r = await run();
    } catch (err) {
      say(`${name} suite crashed: ${err instanceof Error ? err.stack : String(err)}`);
      r = { passed: 0, failed: 1 };
    }
    total.passed += r.passed;
    total.failed += r.failed;
  }
  if (total.passed + total.failed === 0) say('no test ran: that is a failure');
  process.stdout.write(`${total.passed} passed, ${total.failed} failed\n`);
  process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
