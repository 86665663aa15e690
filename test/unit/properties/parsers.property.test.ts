import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadConfig } from '../../../src/core/checks/config';
import { readModelFile } from '../../../src/core/models/readModelFile';
import { parseExpression } from '../../../src/core/rules/parser';
import { checkRulesFile } from '../../../src/core/rules/rulesFile';
import { readRulesFile } from '../../../src/core/rules/readRulesFile';
import { assertInputErrorOrOk, fixtures, outcome, params, sha256 } from './propertyHelpers';

const root = join(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'ml-prop-parse-'));
let n = 0;

/** Write `content` to a fresh file named `name`, run `read(path)`: it returns or throws an InputError naming the file; bytes unchanged; bounded. */
async function checkFile(name: string, content: string | Uint8Array, read: (path: string) => unknown): Promise<void> {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, content);
  const before = sha256(path);
  const t0 = Date.now();
  const e = await outcome(() => {
    const v = read(path) as { dispose?: () => void } | undefined;
    v?.dispose?.();
  });
  assertInputErrorOrOk(e, path);
  assert.equal(sha256(path), before, 'the input is unchanged');
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
}

const token = fc.constantFrom('a', 'price', '`odd name`', '`a``b`', '1', '1.5e3', '-2', '"s"', "'s'", "'", '"', '(', ')', 'and', 'or', 'not', 'in', 'between', 'is', 'null', 'true', 'false', '+', '-', '*', '/', '%', '>=', '<=', '==', '=', '!=', '<>', '<', '>', ',', 'abs(', 'round(', 'coalesce(', 'lower(', ' ', '\n', '\u0000', '[', ']', 'constructor', '__proto__', '1e999', '0x10', '.', '..', '$', '@', '#');
const expression = fc.oneof(fc.array(token, { maxLength: 40 }).map((t) => t.join(' ')), fc.array(token, { maxLength: 40 }).map((t) => t.join('')), fc.string({ maxLength: 60 }), fc.constantFrom('('.repeat(5000), `${'not '.repeat(5000)}x`, `${'-'.repeat(20000)}1`));

const ruleField = fc.oneof(expression, fc.jsonValue({ maxDepth: 2 }));
const rulesDoc = fc.oneof(
  fc.record({ rules: fc.array(fc.record({ id: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'a', 'a')), expr: ruleField, when: fc.option(ruleField), severity: fc.option(fc.oneof(fc.constantFrom('error', 'warning', 'info'), fc.string({ maxLength: 5 }))), max_violation_rate: fc.option(fc.oneof(fc.double(), fc.string({ maxLength: 4 }))) }, { requiredKeys: [] }), { maxLength: 6 }) }, { requiredKeys: [] }).map((d) => stringify(d)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => stringify(v)),
  fc.string({ maxLength: 200 }),
);

const configDoc = fc.oneof(
  fc.record({
    version: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 0 })),
    datasets: fc.dictionary(fc.constantFrom('loans', 'x', '__proto__', 'constructor'), fc.record({ reference: fc.constantFrom('loans_reference.csv', 'nope.csv', '../x', ''), current: fc.constantFrom('loans_current.csv', 'nope.csv'), label: fc.string({ maxLength: 6 }) }, { requiredKeys: [] }), { maxKeys: 3 }),
    models: fc.dictionary(fc.constantFrom('m', 'toString'), fc.record({ path: fc.constantFrom('models/loan_xgb.json', 'nope.json'), data: fc.constantFrom('loans_current.csv'), card: fc.string({ maxLength: 6 }) }, { requiredKeys: [] }), { maxKeys: 2 }),
    checks: fc.dictionary(fc.constantFrom('drift', 'fairness', 'rules', 'health', 'bogus'), fc.array(fc.dictionary(fc.constantFrom('dataset', 'sensitive', 'data', 'rules', 'exclude', 'driftShare', 'failOn'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }), { maxLength: 2 }), { maxKeys: 3 }),
  }, { requiredKeys: [] }).map((d) => stringify(d)),
  fc.string({ maxLength: 200 }),
);

/** A JSON document with one value replaced at a random path (numbers kept small: see the pending fixtures). */
function mutateJson(doc: unknown, pick: number, replacement: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    paths.push(p);
    if (paths.length > 5000) return;
    if (Array.isArray(v)) v.slice(0, 50).forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
  };
  walk(doc, []);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return replacement;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = replacement;
  return copy;
}
const smallValue = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }).map(String), fc.double({ min: -1e6, max: 1e6 }), fc.constantFrom(null, true, false, '', 'constructor', '__proto__', 'binary:logistic', 'multi:softprob', 'reg:squarederror', [], {}, [1, 2], { a: 1 }, 'NaN', '1e999'));

const xgbJson = JSON.parse(readFileSync(join(root, 'test/fixtures/models/binary.model.json'), 'utf8')) as unknown;
const ubj = readFileSync(join(root, 'test/fixtures/models/binary.model.ubj'));
const lgb = readFileSync(join(root, 'test/fixtures/models/lgb_binary.model.txt'), 'utf8').split('\n');

const byteEdits = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'cut', 'insert')), { minLength: 1, maxLength: 4 });
function editBytes(bytes: Buffer, edits: [number, number, string][]): Buffer {
  let b = Buffer.from(bytes);
  for (const [at, value, kind] of edits) {
    const i = at % Math.max(1, b.length);
    if (kind === 'set') b[i] = value;
    else if (kind === 'cut') b = b.subarray(0, i);
    else b = Buffer.concat([b.subarray(0, i), Buffer.from([value]), b.subarray(i)]);
  }
  return b;
}
const lineEdits = fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'dup', 'value', 'garbage', 'cut'), fc.oneof(fc.integer({ min: -5, max: 1000 }).map(String), fc.constantFrom('', 'nan', 'inf', '-', 'x', '1,2', '0 0 0', '1e999'))), { minLength: 1, maxLength: 4 });
function editLines(lines: string[], edits: [number, string, string][]): string {
  const out = [...lines];
  for (const [at, kind, value] of edits) {
    const i = at % Math.max(1, out.length);
    if (kind === 'drop') out.splice(i, 1);
    else if (kind === 'dup') out.splice(i, 0, out[i] ?? '');
    else if (kind === 'value') out[i] = (out[i] ?? '').replace(/=.*$/, `=${value}`);
    else if (kind === 'garbage') out[i] = value;
    else out.length = i;
  }
  return out.join('\n');
}

describe('property: parsers (rules expressions, rules YAML, modellens.yml, XGBoost JSON/UBJSON, LightGBM text)', function () {
  this.timeout(120000);

  it('rules lexer and parser: an expression or an InputError, in bounded time', () => {
    fc.assert(fc.property(expression, (text) => {
      const t0 = Date.now();
      try {
        parseExpression(text);
      } catch (e) {
        assertInputErrorOrOk(e);
      }
      assert.ok(Date.now() - t0 < 2000);
    }), params(undefined, 3000));
  });

  it('rules YAML: problems are reported, never thrown; readRulesFile names the file', async () => {
    await fc.assert(fc.asyncProperty(rulesDoc, async (text) => {
      assert.doesNotThrow(() => checkRulesFile(text));
      await checkFile('x.rules.yml', text, readRulesFile);
    }), params(undefined, 400));
  });

  it('modellens.yml: a configuration or an InputError naming the file', async () => {
    await fc.assert(fc.asyncProperty(configDoc, (text) => checkFile('modellens.yml', text, loadConfig)), params(undefined, 400));
  });

  it('XGBoost JSON with one value changed', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(), smallValue, (pick, value) => checkFile('m.json', JSON.stringify(mutateJson(xgbJson, pick, value)), readModelFile)), params(undefined, 300));
  });

  it('XGBoost UBJSON with bytes changed, cut or inserted', async () => {
    await fc.assert(fc.asyncProperty(byteEdits, (edits) => checkFile('m.ubj', editBytes(ubj, edits), readModelFile)), params(undefined, 300));
  });

  it('LightGBM text with lines dropped, repeated, changed or cut', async () => {
    await fc.assert(fc.asyncProperty(lineEdits, (edits) => checkFile('model.txt', editLines(lgb, edits), readModelFile)), params(undefined, 300));
  });

  for (const [reader, read] of [['rules', readRulesFile], ['config', loadConfig], ['models', readModelFile]] as const) {
    for (const f of fixtures(reader)) {
      (f.pending ? it.skip : it)(`kept counterexample ${reader}/${f.name}${f.pending ? ` (pending: ${f.pending})` : ''}`, () => checkFile(f.name.replace(/^pending-[a-z0-9-]+\./, ''), readFileSync(f.path), read));
    }
  }
});
