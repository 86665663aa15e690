// `npm run package`: a platform-specific .vsix (DuckDB ships a native binary per platform, so the package
// carries the binding of the platform it is built on). Build first (npm run package does).
// Usage: node scripts/package.mjs [--target linux-x64]  → model-lens-<version>-<target>.vsix
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const arch = { x64: 'x64', arm64: 'arm64' }[process.arch] ?? process.arch;
const platform = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform] ?? process.platform;
const i = process.argv.indexOf('--target');
const target = i >= 0 ? process.argv[i + 1] : `${platform}-${arch}`;
const out = `model-lens-${pkg.version}-${target}.vsix`;
// onnxruntime-node ships its native binding for every platform (~290 MB); keep only the target's.
const [os, cpu] = target.split('-');
const others = ['linux/x64', 'linux/arm64', 'darwin/x64', 'darwin/arm64', 'win32/x64', 'win32/arm64'].filter((p) => p !== `${os}/${cpu}`);
const root = new URL('..', import.meta.url);
const ignoreFile = new URL('.cache/vscodeignore', root);
mkdirSync(new URL('.cache/', root), { recursive: true });
writeFileSync(ignoreFile, `${readFileSync(new URL('.vscodeignore', root), 'utf8')}\n${others.map((p) => `node_modules/onnxruntime-node/bin/napi-v6/${p}/**`).join('\n')}\n`);
execFileSync('npx', ['vsce', 'package', '--target', target, '--allow-missing-repository', '--no-rewrite-relative-links', '--ignoreFile', ignoreFile.pathname, '--out', out], { stdio: 'inherit', cwd: root });
console.log(`packaged ${out}`);
