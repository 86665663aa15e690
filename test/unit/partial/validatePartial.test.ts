import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { isInputError } from '../../../src/core/errors';
import { mergeValidatePartials, parseValidatePartial, validatePartial, type ValidatePartial } from '../../../src/core/partial/validatePartial';
import { readRulesFile } from '../../../src/core/rules/readRulesFile';
import { validateDataset } from '../../../src/core/rules/validateDataset';
import { splitCsv } from './partialHelpers';

const root = join(__dirname, '../../..');
const DATA = join(root, 'sample/pricing_predictions.csv');
const RULES = join(root, 'sample/pricing.rules.yml');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
const cli = (...args: string[]) => spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

/** The sample split into files of the given sizes (rows in order, each with the header). */
const split = (dir: string, sizes: number[]): string[] => splitCsv(DATA, dir, sizes);

describe('validate --partial and merge: parts of a dataset add up to the report of the whole', function () {
  this.timeout(120_000);
  let engine: Engine;
  let dir: string;
  before(async () => {
    engine = await Engine.create({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'ml-partial-'));
  });
  after(() => engine?.close());

  const { rules, text } = readRulesFile(RULES);
  const report = async (file: string, maxExamples: number) => validateDataset(engine, await loadDataset(engine, file), rules, { maxExamples, label: file });

  for (const [name, sizes, examples] of [['three uneven parts, 5 examples', [7, 150, -1], 5], ['two parts, 40 examples (examples spanning both)', [300, -1], 40], ['an empty-of-violations first part', [1, -1], 3]] as const) {
    it(`${name}: counts, rates, statuses and first violating rows equal the one-file report`, async () => {
      const whole = await report(DATA, examples);
      const files = split(mkdtempSync(join(dir, 's-')), [...sizes]);
      const parts: ValidatePartial[] = [];
      for (const f of files) {
        const ds = await loadDataset(engine, f);
        // Through JSON and the parser, as the CLI writes and reads them.
        parts.push(parseValidatePartial(JSON.parse(JSON.stringify(validatePartial(await validateDataset(engine, ds, rules, { maxExamples: examples, label: f }), ds.rows, text, examples))), f));
      }
      const merged = mergeValidatePartials(parts);
      assert.deepEqual(JSON.parse(JSON.stringify({ ...merged, dataset: null })), JSON.parse(JSON.stringify({ ...whole, dataset: null })));
      assert.ok(whole.rules.some((r) => r.violations > 0 && r.examples.length > 0));
    });
  }

  it('the CLI: validate --partial per file, merge in order = validate of the whole file; parts that do not belong together are refused', () => {
    const [a, b] = split(mkdtempSync(join(dir, 'c-')), [123, -1]);
    const pa = join(dir, 'a.partial.json');
    const pb = join(dir, 'b.partial.json');
    for (const [f, out] of [[a!, pa], [b!, pb]] as [string, string][]) {
      const r = cli('validate', f, '--rules', RULES, '--partial', '--out', out);
      assert.equal(r.status, 0, r.stderr);
    }
    const merged = cli('merge', pa, pb);
    const whole = cli('validate', DATA, '--rules', RULES);
    assert.equal(merged.status, whole.status, merged.stderr);
    assert.deepEqual({ ...JSON.parse(merged.stdout), dataset: null }, { ...JSON.parse(whole.stdout), dataset: null });
    assert.match(JSON.parse(merged.stdout).dataset, /part-0\.csv \+ .*part-1\.csv/);
    // Other rules, other --examples, a file that is not a partial, --partial with --format.
    const other = join(dir, 'other.rules.yml');
    writeFileSync(other, readFileSync(RULES, 'utf8') + '\n');
    const po = join(dir, 'o.partial.json');
    assert.equal(cli('validate', b!, '--rules', other, '--partial', '--out', po).status, 0);
    const mixed = cli('merge', pa, po);
    assert.equal(mixed.status, 2);
    assert.match(mixed.stderr, /other rules/);
    const notPartial = cli('merge', pa, DATA);
    assert.equal(notPartial.status, 2);
    assert.match(notPartial.stderr, /not JSON/);
    assert.equal(cli('validate', a!, '--rules', RULES, '--partial', '--format', 'md').status, 2);
    // --out through a link to a part's data file is refused, and the data file is left as it was.
    const link = join(dir, 'report-link.json');
    symlinkSync(a!, link);
    const before = readFileSync(a!, 'utf8');
    const linked = cli('merge', pa, pb, '--out', link);
    assert.equal(linked.status, 2, linked.stderr);
    assert.match(linked.stderr, /input/);
    assert.equal(readFileSync(a!, 'utf8'), before);
  });

  it('a hostile partial is refused with the field named; prototype-named value keys stay data', () => {
    const good = validatePartial({ dataset: 'x', rules: [{ id: 'r', expr: 'a > 0', severity: 'error', violations: 1, rows: 2, nullResults: 0, rate: 0.5, maxRate: 0, status: 'fail', examples: [{ row: 1, values: { a: -1 } }] }], summary: { rules: 1, passed: 0, failed: 1 } }, 2, 'rules', 5);
    const doc = JSON.parse(JSON.stringify(good)) as Record<string, unknown> & { rules: Record<string, unknown>[] };
    const refused = (mutate: (d: typeof doc) => void, field: RegExp) => {
      const d = JSON.parse(JSON.stringify(doc)) as typeof doc;
      mutate(d);
      assert.throws(() => parseValidatePartial(d, 'p.json'), (e: unknown) => isInputError(e) && e.code === 'BAD_PARTIAL' && field.test(e.message) && e.message.startsWith('p.json'));
    };
    refused((d) => { d['analysis'] = 'drift'; }, /analysis/);
    refused((d) => { d['dataRows'] = -1; }, /dataRows/);
    refused((d) => { d.rules[0]!['violations'] = 1e300; }, /violations/);
    refused((d) => { d.rules[0]!['violations'] = 3; }, /more violations/);
    refused((d) => { (d.rules[0]!['examples'] as { row: number }[])[0]!.row = 99; }, /row/);
    refused((d) => { (d.rules[0]!['examples'] as { values: unknown }[])[0]!.values = { a: { nested: 1 } }; }, /'a' is not/);
    const proto = JSON.parse(JSON.stringify(doc).replace('"values":{"a":-1}', '"values":{"__proto__":-1,"constructor":"x"}')) as unknown;
    const parsed = parseValidatePartial(proto, 'p.json');
    const values = parsed.rules[0]!.examples[0]!.values;
    assert.equal(Object.getPrototypeOf(values), null);
    assert.deepEqual(Object.keys(values).sort(), ['__proto__', 'constructor']);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});
