// `npm run package`: a platform-specific .vsix (DuckDB ships a native binary per platform, so the package
// carries the binding of the platform it is built on). Build first (npm run package does).
// Usage: node scripts/package.mjs [--target linux-x64]  → model-lens-<version>-<target>.vsix
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const arch = { x64: 'x64', arm64: 'arm64' }[process.arch] ?? process.arch;
const platform = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform] ?? process.platform;
const i = process.argv.indexOf('--target');
const target = i >= 0 ? process.argv[i + 1] : `${platform}-${arch}`;
const out = `model-lens-${pkg.version}-${target}.vsix`;
execFileSync('npx', ['vsce', 'package', '--target', target, '--allow-missing-repository', '--out', out], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
console.log(`packaged ${out}`);
