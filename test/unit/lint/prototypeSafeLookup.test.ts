// The lint rule that keeps lookups keyed by user text off Object.prototype (issue 17, item 5): what it reports and
// what it lets through, on small files type-checked in a scratch project.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

const CASES: Array<{ code: string; errors: number; why: string }> = [
  { code: 'export const f = (m: Record<string, number>, k: string) => m[k];', errors: 1, why: 'read keyed by a string' },
  { code: 'export function f(k: string) { const m: Record<string, number> = {}; m[k] = 1; return m; }', errors: 1, why: 'write into a plain object' },
  { code: 'export const f = (m: { [key: string]: string } | undefined, k: string) => m?.[k];', errors: 1, why: 'index signature behind optional chaining' },
  { code: 'export const f = (m: object, k: string) => k in m;', errors: 1, why: '`in` sees inherited keys' },
  { code: 'export const f = (m: any, k: string) => m[k];', errors: 1, why: 'any' },
  { code: 'export const f = (m: Record<string, number>, s: string) => m[`c${s}`];', errors: 1, why: "'c' + text can spell 'constructor'" },
  { code: 'export const f = (m: Record<string, number>, s: string) => m[`v${s}`];', errors: 1, why: "'v' starts valueOf" },
  { code: 'export const f = (m: Record<string, number>, i: number) => m[`c${i}_n`];', errors: 0, why: 'c + number' },
  { code: 'export const f = (m: Record<string, number>, s: string) => m[`d${s}`];', errors: 0, why: 'no member starts with d' },
  { code: "export const f = (m: Record<string, number>) => m['constructor'];", errors: 0, why: 'a literal is the code\u2019s own choice' },
  { code: "export const f = (m: Record<'a' | 'b', number>, k: 'a' | 'b') => m[k];", errors: 0, why: 'a closed set of keys' },
  { code: 'export const f = (m: number[], i: number) => m[i];', errors: 0, why: 'arrays' },
  { code: 'export const f = (m: Map<string, number>, k: string) => m.get(k);', errors: 0, why: 'a Map' },
  { code: 'export function f(k: string) { const m = Object.create(null) as Record<string, number>; m[k] = 1; return m; }', errors: 0, why: 'a null-prototype local' },
  { code: 'declare function dict<T>(): Record<string, T>;\nexport function f(k: string) { const m = dict<number>(); m[k] = 1; return m[k]; }', errors: 0, why: 'a dict() local' },
];

describe('lint rule model-lens/prototype-safe-lookup (issue 17, item 5)', function () {
  this.timeout(120000);
  let results: Array<{ file: string; count: number; messages: string[] }> = [];

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-lint-'));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'commonjs', lib: ['ES2022'], types: [] }, include: ['*.ts'] }));
    CASES.forEach((c, i) => writeFileSync(join(dir, `case${i}.ts`), `${c.code}\n`));
    const { ESLint } = (await import('eslint')) as typeof import('eslint');
    const tseslint = (await import('typescript-eslint')).default;
    const rule = (await import(join(root, 'scripts/eslint/prototypeSafeLookup.mjs'))).default;
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [{
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser, parserOptions: { project: join(dir, 'tsconfig.json'), tsconfigRootDir: dir } },
        plugins: { 'model-lens': { rules: { 'prototype-safe-lookup': rule } } },
        rules: { 'model-lens/prototype-safe-lookup': 'error' },
      }],
    });
    const out = await eslint.lintFiles(CASES.map((_c, i) => join(dir, `case${i}.ts`)));
    results = out.map((r) => ({ file: r.filePath, count: r.messages.length, messages: r.messages.map((m) => `${m.ruleId}: ${m.message}`) }));
  });

  CASES.forEach((c, i) => {
    it(`${c.errors ? 'reports' : 'allows'}: ${c.why}`, () => {
      const r = results.find((x) => x.file.endsWith(`case${i}.ts`));
      assert.ok(r, `case${i}.ts linted`);
      assert.ok(r.messages.every((m) => m.startsWith('model-lens/prototype-safe-lookup')), r.messages.join('\n'));
      assert.equal(r.count, c.errors, `${c.code}\n${r.messages.join('\n')}`);
    });
  });
});
