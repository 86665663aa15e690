import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, type AuditOptions } from '../../../src/core/bias/audit';
import { evaluateChecks, parseFailOn } from '../../../src/core/bias/checks';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { isInputError } from '../../../src/core/errors';
import { biasPartial, type BiasPartial } from '../../../src/core/partial/biasPartial';
import { mergeBiasPartials } from '../../../src/core/partial/biasPartialMerge';
import { parseBiasPartial } from '../../../src/core/partial/biasPartialParse';
import { assertClose, holedCsv, splitCsv } from './partialHelpers';

const root = join(__dirname, '../../..');
const DATA = join(root, 'sample/loans_current.csv');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
const cli = (...args: string[]) => spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

/**
 * The sample with holes that parts make hard: rows 40–59 have no score and no race (a part of only those rows reads
 * both columns as empty text), rows 100–104 no label, row 200 no prediction.
 */
const holedSample = (dir: string): string => holedCsv(DATA, dir, 'loans.csv', (i) => (i >= 40 && i < 60 ? ['score', 'race'] : i >= 100 && i < 105 ? ['approved'] : i === 200 ? ['predicted_approved'] : []));

const CONFIGS: [string, Omit<AuditOptions, 'dataset'>, string[]][] = [
  ['prediction, two attributes, bootstrap intervals', { sensitive: ['gender', 'race'], label: 'approved', prediction: 'predicted_approved', bootstrap: { draws: 200, seed: 7 } }, ['disparateImpact<0.8']],
  ['score with threshold, privileged group, small groups', { sensitive: ['gender', 'region'], label: 'approved', score: 'score', threshold: 0.6, privileged: { gender: 'male' }, minGroupSize: 150 }, ['demographicParityDifference>0.05']],
  ['multiclass (one-vs-rest)', { sensitive: ['region'], label: 'approved', prediction: 'predicted_approved', task: 'multiclass' }, ['disparateImpact<0.8']],
  ['regression', { sensitive: ['gender', 'marital_status'], label: 'income', prediction: 'loan_amount', task: 'regression' }, ['disparateImpact<0.8']],
];
const SPLITS: [string, number[]][] = [['two even parts', [1650, -1]], ['three uneven parts, one of a single row', [1, 1000, -1]], ['a part of only the rows without score and race', [40, 20, -1]]];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a partial's JSON, mutated freely to make it hostile
type Doc = Record<string, any>;

describe('bias --partial and merge: the parts of a dataset audit as the whole file', function () {
  this.timeout(180_000);
  let engine: Engine;
  let dir: string;
  let whole: string;
  before(async () => {
    engine = await Engine.create({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'ml-bias-partial-'));
    whole = holedSample(dir);
  });
  after(() => engine?.close());

  const partialOf = async (file: string, o: Omit<AuditOptions, 'dataset'>, failOn: string[]): Promise<BiasPartial> => {
    const ds = await loadDataset(engine, file, { allowFileView: true });
    // Through JSON and the parser, as the CLI writes and reads them.
    return parseBiasPartial(JSON.parse(JSON.stringify(await biasPartial((sql) => engine.run(sql), ds.relation, { ...o, dataset: file }, failOn))), file);
  };

  for (const [name, o, failOn] of CONFIGS) {
    it(`${name}: merged report = the whole file's report (every figure to 1e-12, counts, groups, warnings and checks identical), for every split`, async () => {
      const ds = await loadDataset(engine, whole, { allowFileView: true });
      const report = await audit((sql) => engine.run(sql), ds.relation, { ...o, dataset: whole });
      const expected = { ...report, checks: evaluateChecks(report, failOn.map(parseFailOn)) };
      for (const [splitName, sizes] of SPLITS) {
        const files = splitCsv(whole, mkdtempSync(join(dir, 's-')), sizes);
        const parts = await Promise.all(files.map((f) => partialOf(f, o, failOn)));
        const merged = await mergeBiasPartials([...parts].reverse(), files);
        assertClose({ ...merged, dataset: null }, { ...expected, dataset: null }, 1e-12, `${name}, ${splitName}`);
        // The comparison can fail: without the first part the report differs.
        if (sizes[0] === 1650) {
          const short = await mergeBiasPartials(parts.slice(1), files.slice(1));
          assert.throws(() => assertClose({ ...short, dataset: null }, { ...expected, dataset: null }, 1e-12, 'one part left out'), /one part left out/);
        }
      }
      // The audit really has what the merge must reproduce.
      const text = JSON.stringify(expected);
      if (o.bootstrap) assert.match(text, /"overallCi":\{"/);
      if (o.minGroupSize) assert.match(text, /fewer than 150/);
    });
  }

  it('parts audited with other settings or with other columns are refused, naming the setting', async () => {
    const [a, b] = splitCsv(whole, mkdtempSync(join(dir, 'm-')), [1000, -1]);
    const base = CONFIGS[0]![1];
    const pa = await partialOf(a!, base, ['disparateImpact<0.8']);
    const mismatch = async (o: Omit<AuditOptions, 'dataset'>, failOn: string[], setting: RegExp) => {
      const pb = await partialOf(b!, o, failOn);
      await assert.rejects(mergeBiasPartials([pa, pb], [a!, b!]), (e: unknown) => isInputError(e) && e.code === 'PARTIAL_MISMATCH' && setting.test(e.message) && /same options/.test(e.message));
    };
    await mismatch({ ...base, sensitive: ['gender'] }, ['disparateImpact<0.8'], /sensitive/);
    await mismatch({ ...base, prediction: undefined, score: 'score' }, ['disparateImpact<0.8'], /prediction/);
    await mismatch({ ...base, favorable: 0 }, ['disparateImpact<0.8'], /favorable/);
    await mismatch({ ...base, bootstrap: { draws: 200, seed: 8 } }, ['disparateImpact<0.8'], /bootstrap/);
    await mismatch(base, ['disparateImpact<0.9'], /failOn/);
    const s1 = await partialOf(a!, CONFIGS[1]![1], CONFIGS[1]![2]);
    await assert.rejects(mergeBiasPartials([s1, await partialOf(b!, { ...CONFIGS[1]![1], threshold: 0.5 }, CONFIGS[1]![2])]), /threshold/);
    const other = { ...pa, columns: pa.columns.slice(1) };
    await assert.rejects(mergeBiasPartials([pa, other]), (e: unknown) => isInputError(e) && e.code === 'PARTIAL_MISMATCH' && /other columns/.test(e.message));
    // A sensitive column read as numbers in one part and as text in another would group differently: refused.
    const typed = { ...pa, columns: pa.columns.map((c) => (c.name === 'race' ? { ...c, type: 'BIGINT' } : c)) };
    await assert.rejects(mergeBiasPartials([pa, typed], ['a.json', 'b.json']), (e: unknown) => isInputError(e) && e.code === 'PARTIAL_MISMATCH' && /'race' reads as/.test(e.message));
  });

  it('too many distinct scores for an exact AUC in a part: the merged AUC says why it is unavailable (never a wrong AUC)', async () => {
    const [a, b] = splitCsv(whole, mkdtempSync(join(dir, 'r-')), [1000, -1]);
    const o = CONFIGS[1]![1];
    const pa = await partialOf(a!, o, []);
    const pb = await partialOf(b!, o, []);
    pb.scores!.ranks = null;
    pb.scores!.distinctRanked = 250_000;
    const merged = await mergeBiasPartials([pa, pb], [a!, b!]);
    const groups = merged.attributes.flatMap((x) => x.groups);
    assert.ok(groups.length > 4);
    for (const g of groups) {
      assert.equal(g['auc'], null);
      assert.match((g['undefined'] as Record<string, string>)['auc']!, /part-1\.csv has 250,000 distinct .*round the scores/);
    }
    assert.equal(merged.attributes[0]!.overall['auc'], null);
  });

  it('a hostile partial is refused with the field named; prototype-named keys stay data', async () => {
    const [a] = splitCsv(whole, mkdtempSync(join(dir, 'h-')), [300, -1]);
    const good = JSON.parse(JSON.stringify(await biasPartial((sql) => engine.run(sql), (await loadDataset(engine, a!)).relation, { ...CONFIGS[1]![1], dataset: a! }, []))) as Doc;
    const refused = (mutate: (d: Doc) => void, field: RegExp) => {
      const d = JSON.parse(JSON.stringify(good)) as Doc;
      mutate(d);
      assert.throws(() => parseBiasPartial(d, 'p.json'), (e: unknown) => isInputError(e) && e.code === 'BAD_PARTIAL' && field.test(e.message) && e.message.startsWith('p.json'));
    };
    refused((d) => { d['analysis'] = 'validate'; }, /analysis/);
    refused((d) => { d['modelLensPartial'] = 2; }, /modelLensPartial/);
    refused((d) => { d['rows'] = 1e300; }, /rows/);
    refused((d) => { d['cells'][0].n = -1; }, /cells\[0\]\.n/);
    refused((d) => { d['cells'][0].n = d['rows'] + 1; }, /cells\[0\]\.n/);
    refused((d) => { d['cells'][0].k = ['x']; }, /cells\[0\]\.k/);
    refused((d) => { d['cells'][0].y = { nested: 1 }; }, /cells\[0\]\.y/);
    refused((d) => { d['scores'].hist[0].bin = 1e9; }, /hist\[0\]\.bin/);
    refused((d) => { d['scores'].sums[0].sumS = 'NaN'; }, /sumS/);
    refused((d) => { d['scores'].ranks = new Array(200_001).fill(d['scores'].ranks[0]); }, /scores\.ranks has 200001 entries/);
    refused((d) => { d['attributes'][0].values = new Array(1001).fill('x'); }, /values has 1001 entries/);
    refused((d) => { d['settings'].bootstrap = { draws: 1e12, seed: 0 }; }, /bootstrap\.draws/);
    refused((d) => { d['settings'].failOn = ['rm -rf'];
    }, /failOn/);
    refused((d) => { d['settings'] = [1]; }, /settings/);
    // Group values named like prototype members are data: groups of the report, no polluted prototypes.
    const proto = JSON.parse(JSON.stringify(good).replaceAll('"female"', '"__proto__"').replaceAll('"male"', '"constructor"')) as unknown;
    const merged = await mergeBiasPartials([parseBiasPartial(proto, 'p.json')]);
    const groups = merged.attributes.find((x) => x.attribute === 'gender')!.groups.map((g) => g.group);
    assert.ok(groups.includes('__proto__') && groups.includes('constructor'), groups.join(','));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('the CLI: bias --partial per file, merge = bias of the whole file (exit code, checks); other options, a non-partial and --out onto a data file are refused', () => {
    const [a, b] = splitCsv(whole, mkdtempSync(join(dir, 'c-')), [1, -1]);
    const args = ['--sensitive', 'gender,race', '--label', 'approved', '--prediction', 'predicted_approved', '--bootstrap', '100', '--seed', '3', '--fail-on', 'disparateImpact<0.95'];
    const outs = [a!, b!].map((f, i) => {
      const out = join(dir, `part-${i}.bias.json`);
      const r = cli('bias', f, ...args, '--partial', '--out', out);
      assert.equal(r.status, 0, r.stderr);
      return out;
    });
    const merged = cli('merge', ...outs);
    const full = cli('bias', whole, ...args);
    assert.equal(merged.status, full.status, merged.stderr);
    assert.equal(full.status, 1, 'the check fails on the whole file, so the merge must fail too');
    assert.match(merged.stderr, /check failed: disparateImpact<0\.95/);
    assertClose({ ...JSON.parse(merged.stdout), dataset: null }, { ...JSON.parse(full.stdout), dataset: null }, 1e-12, 'CLI');
    const other = join(dir, 'other.bias.json');
    assert.equal(cli('bias', b!, ...args.slice(0, -2), '--fail-on', 'disparateImpact<0.8', '--partial', '--out', other).status, 0);
    const mixed = cli('merge', outs[0]!, other);
    assert.equal(mixed.status, 2);
    assert.match(mixed.stderr, /failOn/);
    const link = join(dir, 'bias-report-link.json');
    symlinkSync(b!, link);
    const before = readFileSync(b!, 'utf8');
    const linked = cli('merge', ...outs, '--out', link);
    assert.equal(linked.status, 2, linked.stderr);
    assert.match(linked.stderr, /input/);
    assert.equal(readFileSync(b!, 'utf8'), before);
  });
});
