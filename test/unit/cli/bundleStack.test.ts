import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { mapBundleStack } from '../../../src/cli/bundleStack';
import { loadCli } from '../../../src/cli/launch';

/**
 * A real esbuild bundle (one long line, like dist/cliMain.js), loaded the way the CLI loads its bundle (loadCli,
 * Module.wrap), whose main throws from a known line of its TypeScript source.
 */
function bundleThatThrows(dir: string, sourceMap: boolean): string {
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'src', 'deep.ts'), ['export function deep(n: number): number {', '  if (n > 0) {', "    throw new Error('boom');", '  }', '  return n;', '}', ''].join('\n'));
  writeFileSync(join(dir, 'src', 'main.ts'), ["import { deep } from './deep';", '', 'export async function main(argv: string[]): Promise<number> {', '  return deep(argv.length);', '}', ''].join('\n'));
  const outfile = join(dir, 'dist', 'cliMain.js');
  buildSync({ entryPoints: [join(dir, 'src', 'main.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', minifyWhitespace: true, sourcemap: sourceMap, logLevel: 'silent' });
  return outfile;
}

async function stackOf(bundle: string): Promise<string> {
  const cli = loadCli(bundle, ['x'], undefined);
  const caught = await cli.main(['x']).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  assert.ok(caught?.stack, 'the bundle threw');
  return caught.stack;
}

describe('CLI internal errors: stack frames of the bundle mapped to the sources (src/cli/bundleStack.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ml-bundle-stack-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the TypeScript file, line and column of each frame, from the package folder', async () => {
    const bundle = bundleThatThrows(dir, true);
    const stack = await stackOf(bundle);
    assert.match(stack, /cliMain\.js:1:\d+/, 'the raw stack points into the bundle');
    const mapped = mapBundleStack(stack, bundle);
    assert.match(mapped, /^Error: boom$/m);
    // `throw new Error('boom')` is line 3 of deep.ts (column 11: `new Error`); main calls deep on its line 4.
    assert.match(mapped, /at deep \(src\/deep\.ts:3:11\)/);
    assert.match(mapped, /at (Object\.)?main \(src\/main\.ts:4:10\)/);
    assert.doesNotMatch(mapped, /cliMain\.js/);
  });

  it('leaves the stack as it is when the bundle has no source map (a production build) and other files\' frames alone', async () => {
    const bundle = bundleThatThrows(dir, false);
    const stack = await stackOf(bundle);
    assert.equal(mapBundleStack(stack, bundle), stack);
    const other = 'Error: x\n    at f (/somewhere/else.js:1:100)\n    at node:internal/process/task_queues:95:5';
    assert.equal(mapBundleStack(other, bundleThatThrows(join(dir, 'again'), true)), other);
  });
});
