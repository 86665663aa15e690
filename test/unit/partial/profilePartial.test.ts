import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { isInputError } from '../../../src/core/errors';
import { profilePartial, type ProfilePartial } from '../../../src/core/partial/profilePartial';
import { mergeProfilePartials } from '../../../src/core/partial/profilePartialMerge';
import { parseProfilePartial } from '../../../src/core/partial/profilePartialParse';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { QUANTILE_KEYS, QUANTILE_LEVELS, type DatasetProfile } from '../../../src/core/profile/types';
import { assertClose, holedCsv, splitCsv } from './partialHelpers';

const root = join(__dirname, '../../..');
const DATA = join(root, 'sample/loans_current.csv');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
const cli = (...args: string[]) => spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

/** The sample with rows that repeat (duplicates across parts), rows 40–59 without income, notes and employment years (a part of only those reads them as empty text). */
const holedSample = (dir: string): string => holedCsv(DATA, dir, 'loans.csv', (i) => (i >= 40 && i < 60 ? ['income', 'notes', 'employment_years'] : []), [5, 2000, 2000, 3100]);

/** 24,000 rows: a continuous column, an id column (24,000 distinct values), a skewed one, a category, a text of 15,000 values. */
function wideValued(dir: string): string {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines = ['x,skew,id,cat,note'];
  for (let i = 0; i < 24_000; i++) {
    const u = rnd(), v = rnd();
    const x = Math.sqrt(-2 * Math.log(u + 1e-12)) * Math.cos(2 * Math.PI * v) * 10 + 50;
    lines.push(`${x.toFixed(6)},${Math.exp(3 * rnd()).toFixed(5)},ID-${(i * 7919) % 1_000_003},${['a', 'b', 'c', 'd'][i % 4]},w ${i % 15_000} z`);
  }
  lines.push(lines[17]!, lines[18]!);
  const f = join(dir, 'many.csv');
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

describe('profile --partial and merge: the parts of a dataset profile as the whole file', function () {
  this.timeout(180_000);
  let engine: Engine;
  let dir: string;
  before(async () => {
    engine = await Engine.create({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'ml-profile-partial-'));
  });
  after(() => engine?.close());
  const partialOf = async (file: string, bins = 20, top = 10): Promise<ProfilePartial> =>
    parseProfilePartial(JSON.parse(JSON.stringify(await profilePartial(engine, await loadDataset(engine, file, { allowFileView: true }), { bins, top }))), file);
  const profileOf = async (file: string, bins = 20, top = 10): Promise<DatasetProfile> => profileDataset(engine, await loadDataset(engine, file, { allowFileView: true }), { histogramBins: bins, topValues: top });

  it('exact: every figure (counts, missing, min/max, mean, std, quantiles, histograms, distinct, top values, kinds, duplicate rows, issues) equals the one-file profile, for every split', async () => {
    const whole = holedSample(dir);
    const expected = await profileOf(whole, 12, 5);
    assert.ok(expected.duplicateRows >= 3 && !expected.approximate);
    for (const sizes of [[1650, -1], [1, 1000, -1], [40, 20, -1]]) {
      const files = splitCsv(whole, mkdtempSync(join(dir, 's-')), sizes);
      const parts = await Promise.all(files.map((f) => partialOf(f, 12, 5)));
      const merged = mergeProfilePartials([...parts].reverse(), files);
      assertClose({ ...merged, path: null }, { ...expected, path: null }, 1e-12, `split ${sizes.join('/')}`);
      if (sizes[0] === 40) {
        // The middle part's income column is all empty (read as text there): merged as the number column it is.
        assert.equal(parts[1]!.columns.find((c) => c.name === 'income')!.nonNull, 0);
        // The comparison can fail: without a part the profile differs.
        assert.throws(() => assertClose(mergeProfilePartials(parts.slice(1)), expected, 1e-12, 'a part left out'), /a part left out/);
      }
    }
  });

  it('beyond the value-map limit: figures from the sketches are labelled estimates and stay within their stated error of the exact profile', async () => {
    const whole = wideValued(dir);
    const expected = await profileOf(whole);
    const files = splitCsv(whole, mkdtempSync(join(dir, 'w-')), [12_001, -1]);
    const parts = await Promise.all(files.map((f) => partialOf(f)));
    assert.equal(parts[0]!.columns[0]!.values, null, 'the part has more distinct values than it carries exactly');
    const merged = mergeProfilePartials(parts, files);
    const byName = (p: DatasetProfile, n: string) => p.columns.find((c) => c.name === n)!;
    // Exact figures stay exact.
    for (const n of ['x', 'skew']) {
      const [m, e] = [byName(merged, n).numeric!, byName(expected, n).numeric!];
      assertClose([m.min, m.max, m.mean, m.std, m.nonFinite], [e.min, e.max, e.mean, e.std, e.nonFinite], 1e-12, n);
      assert.equal(m.approximateQuantiles, true);
      assert.equal(m.quantileRelativeError, 0.01);
      assert.equal(m.approximateHistogram, true);
      // Each estimated quantile lies within 1% of a value between the exact order statistics around its rank.
      const sorted = readFileSync(whole, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[n === 'x' ? 0 : 1])).sort((a, b) => a - b);
      for (const k of QUANTILE_KEYS) {
        const h = (sorted.length - 1) * QUANTILE_LEVELS[k];
        const lo = sorted[Math.floor(h)]!, hi = sorted[Math.ceil(h)]!;
        const q = m.quantiles[k]!;
        assert.ok(q >= lo * 0.99 - 1e-9 && q <= hi * 1.01 + 1e-9, `${n} ${k}: ${q} not within 1% of [${lo}, ${hi}]`);
      }
      const moved = m.histogram!.counts.reduce((a, c, i) => a + Math.abs(c - e.histogram!.counts[i]!), 0) / 2;
      assert.deepEqual(m.histogram!.edges, e.histogram!.edges);
      console.log(`      ${n}: histogram ${moved} of ${expected.rows} rows in another bin; quantile errors ${QUANTILE_KEYS.map((k) => ((m.quantiles[k]! - e.quantiles[k]!) / e.quantiles[k]!).toExponential(1)).join(' ')}`);
      assert.ok(moved / expected.rows < 0.01, `${n}: ${moved} rows in another bin`);
    }
    for (const n of ['x', 'id']) {
      const [m, e] = [byName(merged, n), byName(expected, n)];
      assert.equal(m.approximateDistinct, true);
      console.log(`      ${n}: distinct ${m.distinct} vs ${e.distinct} exact (stated ±${m.distinctRelativeError!.toFixed(3)})`);
      assert.ok(Math.abs(m.distinct - e.distinct) / e.distinct <= 4 * m.distinctRelativeError!, `${n}: ${m.distinct} vs ${e.distinct} (±${m.distinctRelativeError})`);
    }
    // The category column fits its value map: exact top values and distinct count.
    assert.deepEqual(byName(merged, 'cat').top, byName(expected, 'cat').top);
    assert.equal(byName(merged, 'cat').approximateDistinct, false);
    assert.equal(merged.duplicateRows, expected.duplicateRows);
    assert.equal(merged.approximate, true);
    // A text column beyond the limit in both parts: top values merged from the parts' top lists, labelled; counts never above the exact ones.
    const [mt, et] = [byName(merged, 'note'), byName(expected, 'note')];
    assert.equal(mt.approximateTop, true);
    assert.equal(et.approximateTop, undefined);
    const exactCount = new Map(readFileSync(whole, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[4]!).reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>()));
    assert.equal(mt.top!.length, et.top!.length);
    for (const t of mt.top!) assert.ok(t.count <= exactCount.get(t.value)!, `${t.value}: ${t.count}`);
    console.log(`      note: merged top ${mt.top!.map((t) => `${t.value}:${t.count}`).join(', ')}; exact ${et.top!.map((t) => `${t.value}:${t.count}`).join(', ')}`);
  });

  it('parts profiled with other options, other columns or other column types are refused; a hostile partial is refused with the field named', async () => {
    const [a, b] = splitCsv(DATA, mkdtempSync(join(dir, 'm-')), [300, -1]);
    const pa = await partialOf(a!);
    const pb = await partialOf(b!);
    const refusedMerge = (parts: ProfilePartial[], what: RegExp) => assert.throws(() => mergeProfilePartials(parts, ['a', 'b']), (e: unknown) => isInputError(e) && e.code === 'PARTIAL_MISMATCH' && what.test(e.message));
    refusedMerge([pa, await partialOf(b!, 30)], /--bins 30/);
    refusedMerge([pa, { ...pb, columns: pb.columns.slice(1) }], /other columns/);
    refusedMerge([pa, { ...pb, columns: pb.columns.map((c) => (c.name === 'age' ? { ...c, type: 'VARCHAR' } : c)) }], /'age' reads as BIGINT in a and as VARCHAR in b/);
    const doc = JSON.parse(JSON.stringify(pa)) as Record<string, unknown> & { columns: Record<string, unknown>[] };
    const refused = (mutate: (d: typeof doc) => void, field: RegExp) => {
      const d = JSON.parse(JSON.stringify(doc)) as typeof doc;
      mutate(d);
      assert.throws(() => parseProfilePartial(d, 'p.json'), (e: unknown) => isInputError(e) && e.code === 'BAD_PARTIAL' && field.test(e.message) && e.message.startsWith('p.json'));
    };
    refused((d) => { d['analysis'] = 'bias'; }, /analysis/);
    refused((d) => { d['rows'] = 2 ** 60; }, /rows/);
    refused((d) => { d['bins'] = 1e9; }, /bins/);
    refused((d) => { d.columns[0]!['nonNull'] = 301; }, /columns\[0\]\.nonNull/);
    refused((d) => { d['rowHashes'] = ['12', '-1']; }, /rowHashes\[1\]/);
    refused((d) => { d['rowHashes'] = ['99999999999999999999']; }, /rowHashes\[0\]/);
    refused((d) => { d.columns[2]!['values'] = [['1', 1, 'x']]; }, /values\[0\]\[2\]/);
    refused((d) => { (d.columns[2]!['num'] as Record<string, unknown>)['sketch'] = { zero: 0, positive: [[0.5, 1]], negative: [] }; }, /bucket index/);
    refused((d) => { d.columns[1]!['values'] = new Array(10_001).fill(['a', 1]); }, /10001 entries/);
    // Category values named like prototype members stay data.
    const proto = JSON.parse(JSON.stringify(doc).replaceAll('"female"', '"__proto__"').replaceAll('"male"', '"constructor"')) as unknown;
    const merged = mergeProfilePartials([parseProfilePartial(proto, 'p.json')]);
    const top = merged.columns.find((c) => c.name === 'gender')!.top!.map((t) => t.value);
    assert.ok(top.includes('__proto__') && top.includes('constructor'), top.join(','));
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  it('the CLI: profile --partial per file, merge = profile of the whole file; a bias partial and a profile partial do not merge', () => {
    const [a, b] = splitCsv(DATA, mkdtempSync(join(dir, 'c-')), [1, -1]);
    const outs = [a!, b!].map((f, i) => {
      const out = join(dir, `part-${i}.profile.json`);
      const r = cli('profile', f, '--partial', '--bins', '8', '--out', out);
      assert.equal(r.status, 0, r.stderr);
      return out;
    });
    const merged = cli('merge', ...outs);
    const whole = cli('profile', DATA, '--bins', '8');
    assert.equal(merged.status, 0, merged.stderr);
    assertClose({ ...JSON.parse(merged.stdout), path: null }, { ...JSON.parse(whole.stdout), path: null }, 1e-12, 'CLI');
    const biasPart = join(dir, 'b.bias.json');
    assert.equal(cli('bias', b!, '--sensitive', 'gender', '--label', 'approved', '--prediction', 'predicted_approved', '--partial', '--out', biasPart).status, 0);
    const mixed = cli('merge', outs[0]!, biasPart);
    assert.equal(mixed.status, 2);
    assert.match(mixed.stderr, /partial result of bias, .* of profile/);
  });
});
