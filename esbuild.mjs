// Builds the three worlds: the extension host bundle, the CLI and the webview bundles.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// Native or runtime-resolved modules stay outside the bundle.
const nodeExternals = ['vscode', '@duckdb/node-api', '@duckdb/node-bindings', 'onnxruntime-node'];

function filesUnder(dir, suffix) {
  let out = [];
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p, suffix));
    else if (p.endsWith(suffix)) out.push(p);
  }
  return out;
}

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info', legalComments: 'none' };

const builds = [
  { ...common, entryPoints: { extension: 'src/extension/extension.ts', cli: 'src/cli/launch.ts', rules: 'src/core/rules/index.ts', evaluateWorker: 'src/core/evaluate/windowWorker.ts', driftWorker: 'src/core/drift/keptWorker.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals },
  // The CLI's bundle, loaded by dist/cli.js (src/cli/launch.ts) through a V8 code cache: without comments and
  // whitespace it is ASCII (a one-byte string to decode and hold) and ~25% smaller; names stay (the source map maps lines).
  // DuckDB's JavaScript API is inside it (only the native binding stays outside): its ~180 files were resolved and
  // compiled on every run, ~0.1 CPU-s; in the bundle they are compiled once, into the code cache.
  { ...common, minifyWhitespace: true, entryPoints: { cliMain: 'src/cli/main.ts' }, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals.filter((m) => m !== '@duckdb/node-api') },
  { ...common, entryPoints: Object.fromEntries(readdirSync('webview').filter((d) => statSync(join('webview', d)).isDirectory() && d !== 'common').map((d) => [d, `webview/${d}/main.ts`])), outdir: 'dist/webview', platform: 'browser', format: 'iife', target: 'es2022' },
  // Integration tests run inside the real extension host; they are bundled like the extension.
  { ...common, entryPoints: filesUnder('test/integration', '.ts'), outdir: 'out/test/integration', outbase: 'test/integration', platform: 'node', format: 'cjs', target: 'node20', external: [...nodeExternals, 'mocha'] },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
