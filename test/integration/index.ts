// Mocha entry point for the real VS Code extension host (the `extensionTestsPath` that
// scripts/hostTest.mjs passes to code-server's workbench). VS Code calls `run()`; a rejected promise or a
// thrown error makes the workbench report exit code 1.
// Counts reach the runner two ways: a JSON file named by MODEL_LENS_HOST_RESULTS (written by this module),
// and a final console line `host tests: N passed, N failed, N pending` as a fallback.
// The extension host's console reaches the browser page's console, mixed with the workbench's own logging;
// every line of this run is prefixed with HOST_LOG_PREFIX so the runner can forward just those.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export const HOST_LOG_PREFIX = '[host]';

function log(...args: unknown[]): void {
  for (const line of format(...args).split('\n')) console.log(`${HOST_LOG_PREFIX} ${line}`);
}

/** What scripts/hostTest.mjs reads back. */
export interface HostResults {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

function writeResults(results: HostResults): void {
  const file = process.env['MODEL_LENS_HOST_RESULTS'];
  if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2));
  log(`host tests: ${results.passed} passed, ${results.failed} failed, ${results.pending} pending`);
}

export function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = log; // the spec reporter prints through this
  const grep = process.env['MODEL_LENS_HOST_GREP'];
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', ...(grep ? { grep } : {}) });
  const files = testFiles(__dirname);
  for (const f of files) mocha.addFile(f);
  const results: HostResults = { passed: 0, failed: 0, pending: 0, failures: [] };
  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      writeResults(results);
      reject(new Error(`no *.test.js files under ${__dirname}: run npm run build first`));
      return;
    }
    try {
      const runner = mocha.run(() => {
        writeResults(results);
        if (results.failed > 0) reject(new Error(`${results.failed} host test(s) failed`));
        else resolve();
      });
      runner.on('pass', () => { results.passed += 1; });
      runner.on('pending', () => { results.pending += 1; });
      runner.on('fail', (test, err: unknown) => {
        results.failed += 1;
        const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
        results.failures.push({ title: test.fullTitle(), error });
      });
    } catch (err) {
      // A test module that throws while loading: count it as one failure so the run cannot look green.
      results.failed += 1;
      results.failures.push({ title: 'loading test files', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      writeResults(results);
      reject(err);
    }
  });
}
