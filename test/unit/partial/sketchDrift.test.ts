import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { ColumnDrift, DriftReport } from '../../../src/core/drift/driftReport';
import { runDrift } from '../../../src/core/drift/runDrift';
import { driftToMarkdown } from '../../../src/core/drift/driftMarkdown';
import { driftVerdict } from '../../../src/core/verdict/drift';
import { isInputError } from '../../../src/core/errors';
import { mulberry32 } from '../../../src/core/random';
import { compareCdfs } from '../../../src/core/partial/cdfBounds';
import { driftFromPartials } from '../../../src/core/partial/driftFromPartials';
import { profilePartial, type ProfilePartial } from '../../../src/core/partial/profilePartial';
import { parseProfilePartial } from '../../../src/core/partial/profilePartialParse';
import { assertClose } from './partialHelpers';

const root = join(__dirname, '../../..');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];
const cli = (...args: string[]) => spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

const ROWS = 20_000;
const CITIES = ['Lyon', 'Paris', 'Nantes', 'Lille'];

/**
 * One part (ROWS rows) of a side. High-cardinality numeric columns (every value distinct: > 10,000 per part, so
 * the partials carry sketches): z_same (part k ~ N(μ_k, 1), μ = −0.5, 0, 0.5 on both sides: the whole sides agree,
 * one part left out does not), z_shift (+0.5 on the current side), level_same (N(100, 15) on both: buckets 2% of
 * 100 wide, too coarse to decide at 0.1), price_shift (lognormal, ×1.25 on the current side). Exact columns (value
 * maps): rounded (one decimal), grade (0–4), city.
 */
function part(seed: number, k: number, current: boolean): string {
  const rnd = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const lines = ['z_same,z_shift,level_same,price_shift,rounded,grade,city'];
  for (let i = 0; i < ROWS; i++) {
    const z = normal() + [-0.5, 0, 0.5][k]!;
    const zs = normal() + (current ? 0.5 : 0);
    const level = 100 + 15 * normal();
    const price = Math.exp(3 + 0.5 * normal()) * (current ? 1.25 : 1);
    const rounded = Math.round(10 * normal()) / 10 + (current ? 0.05 : 0);
    lines.push([z, zs, level, price, rounded.toFixed(2), Math.floor(5 * rnd()), CITIES[Math.floor(rnd() * (current ? 3.5 : 4))]].join(','));
  }
  return lines.join('\n') + '\n';
}

describe('drift from sketches: partial profiles whose columns have no value map', function () {
  this.timeout(300_000);
  let engine: Engine;
  let dir: string;
  const files = { reference: [] as string[], current: [] as string[] };
  const parts = { reference: [] as ProfilePartial[], current: [] as ProfilePartial[] };
  let exact: DriftReport;
  let merged: DriftReport;
  const partialOf = async (file: string): Promise<ProfilePartial> =>
    parseProfilePartial(JSON.parse(JSON.stringify(await profilePartial(engine, await loadDataset(engine, file), { bins: 20, top: 10 }))), file);

  before(async () => {
    engine = await Engine.create({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'ml-sketch-drift-'));
    for (const side of ['reference', 'current'] as const) {
      const whole: string[] = [];
      for (let k = 0; k < 3; k++) {
        const text = part(side === 'reference' ? 11 + k : 101 + k, k, side === 'current');
        const f = join(dir, `${side}-${k}.csv`);
        writeFileSync(f, text);
        files[side].push(f);
        whole.push(k ? text.slice(text.indexOf('\n') + 1) : text);
      }
      writeFileSync(join(dir, `${side}.csv`), whole.join(''));
      parts[side] = await Promise.all(files[side].map(partialOf));
    }
    exact = await runDrift(engine, await loadDataset(engine, join(dir, 'reference.csv')), await loadDataset(engine, join(dir, 'current.csv')), {});
    merged = await driftFromPartials(engine, parts.reference, parts.current, {}, { reference: files.reference, current: files.current }, { sketches: true });
  });
  after(() => engine?.close());

  const col = (r: DriftReport, name: string): ColumnDrift => r.columns.find((c) => c.column === name)!;
  const SKETCHED = ['z_same', 'z_shift', 'level_same', 'price_shift'];

  /** Every sketched figure within its stated range of the exact one; every other column equal to 1e-12. */
  function assertWithinBounds(m: DriftReport, e: DriftReport): { column: string; observed: number; bound: number }[] {
    const out: { column: string; observed: number; bound: number }[] = [];
    for (const name of SKETCHED) {
      const a = col(m, name);
      const x = col(e, name);
      assert.ok(a.approximate, `${name} comes from sketches`);
      assert.equal(a.test, x.test, `${name}: the test the files get`);
      const exactScore = x.score!;
      const slack = 0; // the stated ranges hold strictly (they include a 1e-9 relative rounding margin)
      assert.ok(exactScore >= a.approximate.score.lower - slack && exactScore <= a.approximate.score.upper + slack, `${name}: exact ${exactScore} outside [${a.approximate.score.lower}, ${a.approximate.score.upper}]`);
      const observed = Math.abs(a.score! - exactScore);
      assert.ok(observed <= a.approximate.statistic.maxError + slack, `${name}: error ${observed} above the stated ${a.approximate.statistic.maxError}`);
      const units = (x.details.test as { wasserstein: number }).wasserstein;
      assert.ok(units >= a.approximate.units!.lower - slack && units <= a.approximate.units!.upper + slack, `${name}: W₁ ${units} outside the range in units`);
      assert.ok(Math.abs((a.details.test as { referenceStd: number }).referenceStd - (x.details.test as { referenceStd: number }).referenceStd) <= 1e-9, `${name}: the reference std is exact`);
      out.push({ column: name, observed, bound: a.approximate.statistic.maxError });
    }
    for (const name of ['rounded', 'grade', 'city']) {
      assert.equal(col(m, name).approximate, undefined, `${name} stays exact`);
      assertClose(col(m, name), col(e, name), 1e-12, `exact column ${name}`);
    }
    return out;
  }

  it('sketched columns (0.1% fine sketches): each exact score within its stated range, exact columns equal to the files', () => {
    const errors = assertWithinBounds(merged, exact);
    console.log('      fine sketches, |score error| vs stated bound:', errors.map((e) => `${e.column} ${e.observed.toExponential(2)} ≤ ${e.bound.toExponential(2)}`).join('; '));
    assert.deepEqual(merged.approximate?.columns, SKETCHED);
    assert.ok(parts.reference.every((p) => p.columns.filter((c) => SKETCHED.includes(c.name)).every((c) => c.num?.fine)), 'every part carries the fine sketch');
    // Decided: the shifted columns drift, the unshifted ones do not, as on the files.
    const decisions = Object.fromEntries(SKETCHED.map((n) => [n, col(merged, n).approximate!.decision]));
    assert.deepEqual(decisions, { z_same: 'not drifted', z_shift: 'drifted', level_same: 'not drifted', price_shift: 'drifted' });
    for (const name of SKETCHED) assert.equal(col(merged, name).drifted, col(exact, name).drifted, `${name}: the verdict of the files`);
    assert.equal(merged.dataset.undecidedColumns, undefined);
    assertClose(merged.dataset, exact.dataset, 0, 'dataset drift');
    assert.deepEqual(merged.columns.map((c) => c.column), exact.columns.map((c) => c.column), 'the files\' column order');
  });

  it('coarse sketches only (1%, partials without the fine one): wider ranges, and a column whose range straddles the threshold is undecided, never a silent verdict', async () => {
    const coarse = (ps: ProfilePartial[]) => ps.map((p) => ({ ...p, columns: p.columns.map((c) => (c.num ? { ...c, num: (({ fine: _f, ...rest }) => rest)(c.num) } : c)) }));
    const m = await driftFromPartials(engine, coarse(parts.reference), coarse(parts.current), {}, { reference: files.reference, current: files.current }, { sketches: true });
    const errors = assertWithinBounds(m, exact);
    console.log('      coarse sketches, |score error| vs stated bound:', errors.map((e) => `${e.column} ${e.observed.toExponential(2)} ≤ ${e.bound.toExponential(2)}`).join('; '));
    for (const name of SKETCHED) assert.ok(col(m, name).approximate!.statistic.maxError > 5 * col(merged, name).approximate!.statistic.maxError, `${name}: the fine sketch's range is much tighter`);
    assert.match(col(m, 'z_same').approximate!.reason, /1% relative accuracy; some part has no finer 0\.1% drift sketch/);
    // level_same: 2% buckets around 100 are wide next to σ = 15.
    const level = col(m, 'level_same');
    assert.equal(level.approximate!.decision, 'undecided');
    assert.equal(level.drifted, false);
    assert.ok(level.approximate!.score.lower < 0.1 && level.approximate!.score.upper >= 0.1);
    assert.equal(col(m, 'z_shift').approximate!.decision, 'drifted');
    assert.equal(col(m, 'z_same').approximate!.decision, 'not drifted');
    assert.equal(m.dataset.undecidedColumns, 1);
    assert.equal(m.dataset.driftedColumns, 2);
    assert.equal(m.dataset.undecided, false, '2 drifted + 1 undecided of 7 cannot reach 50%');
    assert.equal(driftVerdict(m).status, 'warn');
    assert.match(driftVerdict(m).headline, /2 of 7 features drifted \(z_shift and price_shift\); 1 more undecided within the sketch error/);
    // At a drift share of 3/7 the undecided column could tip the verdict: drift cannot be excluded (a failed check).
    const tip = await driftFromPartials(engine, coarse(parts.reference), coarse(parts.current), { driftShare: 3 / 7 }, { reference: files.reference, current: files.current }, { sketches: true });
    assert.equal(tip.dataset.drifted, false);
    assert.equal(tip.dataset.undecided, true);
    assert.equal(driftVerdict(tip).status, 'fail');
    assert.match(driftVerdict(tip).headline, /Dataset drift cannot be excluded: 2 of 7 features drifted and 1 more are undecided/);
  });

  it('the stated range is attained: samples with every value at a bucket end give the range\'s ends (not a loose bound)', () => {
    // Two sides with identical bucket counts, one with its values at the buckets' low ends, one at their high ends.
    const gamma = 1.01 / 0.99;
    const idx = Array.from({ length: 400 }, (_v, i) => 200 + i);
    const lowEnds = idx.map((i) => ({ lo: gamma ** (i - 1), hi: gamma ** (i - 1), count: 3 }));
    const highEnds = idx.map((i) => ({ lo: gamma ** i, hi: gamma ** i, count: 3 }));
    const buckets = idx.map((i) => ({ lo: gamma ** (i - 1), hi: gamma ** i, count: 3 }));
    const truth = compareCdfs(lowEnds, highEnds);
    const est = compareCdfs(buckets, buckets);
    assert.equal(est.w.lower, 0);
    assert.equal(est.d.lower, 0);
    assertClose(est.w.upper, truth.w.estimate, 1e-8, 'W₁ upper bound attained');
    assertClose(est.d.upper, truth.d.estimate, 1e-8, 'D upper bound attained');
    // Exact sides: the three numbers coincide.
    const atoms = (xs: number[]) => xs.map((x) => ({ lo: x, hi: x, count: 1 }));
    const e = compareCdfs(atoms([1, 2, 3]), atoms([2, 4]));
    assert.deepEqual([e.w.lower, e.w.estimate, e.w.upper], [1, 1, 1]);
    assertClose([e.d.lower, e.d.estimate, e.d.upper], [0.5, 0.5, 0.5], 1e-15, 'KS of atoms');
  });

  it('a leave-one-part-out merge fails the comparison (the exact figure is outside the range it states)', async () => {
    const short = await driftFromPartials(engine, parts.reference.slice(0, 2), parts.current, {}, { reference: files.reference.slice(0, 2), current: files.current }, { sketches: true });
    assert.throws(() => assertWithinBounds(short, exact), /z_same: exact .* outside/);
  });

  it('ks from sketches: a small exact reference against a sketched current side (D and p ranges hold the exact test)', async () => {
    const small = join(dir, 'small.csv');
    const text = part(7, 1, false).split('\n');
    writeFileSync(small, text.slice(0, 801).join('\n') + '\n');
    const sp = await partialOf(small);
    const m = await driftFromPartials(engine, [sp], parts.current, {}, { reference: [small], current: files.current }, { sketches: true });
    const e = await runDrift(engine, await loadDataset(engine, small), await loadDataset(engine, join(dir, 'current.csv')), {});
    for (const name of ['z_same', 'z_shift']) {
      const a = col(m, name);
      const x = col(e, name);
      assert.equal(a.test, 'ks');
      assert.ok(x.statistic! >= a.approximate!.statistic.lower && x.statistic! <= a.approximate!.statistic.upper, `${name}: D ${x.statistic} in [${a.approximate!.statistic.lower}, ${a.approximate!.statistic.upper}]`);
      assert.ok(x.pValue! >= a.approximate!.score.lower && x.pValue! <= a.approximate!.score.upper, `${name}: p ${x.pValue} in range`);
      if (a.approximate!.decision !== 'undecided') assert.equal(a.drifted, x.drifted, name);
      console.log(`      ks ${name}: D ${x.statistic!.toFixed(5)} exact, ≈ ${a.statistic!.toFixed(5)} stated ±${a.approximate!.statistic.maxError.toExponential(2)}; p ${x.pValue!.toExponential(3)} in [${a.approximate!.score.lower.toExponential(3)}, ${a.approximate!.score.upper.toExponential(3)}] (${a.approximate!.decision})`);
    }
    assert.equal(col(m, 'z_shift').approximate!.decision, 'drifted');
  });

  it('a sketched label is the target from its sketch, an exact prediction stays exact; a big text column is listed as not tested, with why', async () => {
    const m = await driftFromPartials(engine, parts.reference, parts.current, { label: 'z_shift', prediction: 'rounded' }, { reference: files.reference, current: files.current }, { sketches: true });
    const e = await runDrift(engine, await loadDataset(engine, join(dir, 'reference.csv')), await loadDataset(engine, join(dir, 'current.csv')), { label: 'z_shift', prediction: 'rounded' });
    assert.equal(m.target?.column, 'z_shift');
    assert.equal(m.target?.approximate?.decision, 'drifted');
    assert.ok(e.target!.score! >= m.target!.approximate!.score.lower && e.target!.score! <= m.target!.approximate!.score.upper, JSON.stringify([m.target, e.target]));
    assertClose(m.prediction, e.prediction, 1e-12, 'exact prediction');
    assert.deepEqual(m.columns.map((c) => c.column), e.columns.map((c) => c.column));
    // city as a part over the value-map limit would write it: no value map, its top values only.
    const big = (p: ProfilePartial): ProfilePartial => ({ ...p, columns: p.columns.map((c) => (c.name === 'city' ? { ...c, values: null, top: (c.values ?? []).map(([t, n]): [string, number] => [t, n]) } : c)) });
    const t = await driftFromPartials(engine, parts.reference.map(big), parts.current, {}, { reference: files.reference, current: files.current }, { sketches: true });
    assert.equal(t.columns.some((c) => c.column === 'city'), false);
    // Its kind follows the files' rules from the merged profile (this hand-made part's distinct estimate makes it an
    // identifier); a categorical one is skipped as 'carries only its top values'. Never tested from top values.
    assert.match(t.skipped.find((x) => x.column === 'city')!.reason, /^identifier \(every value distinct\)|categorical column with more than 10,000 distinct values in a part: partial results carry only its top values and drift needs every count/);
    assert.deepEqual(t.approximate?.columns, SKETCHED);
  });

  it('hostile partials are refused with BAD_PARTIAL naming the field, never a crash or a silent number', async () => {
    const doc = () => JSON.parse(JSON.stringify(parts.reference[0])) as { columns: { name: string; num: { sketch: { positive: unknown[]; zero: unknown }; min: unknown; finite: unknown } }[] };
    const run = async (d: unknown) => driftFromPartials(engine, [parseProfilePartial(d, 'r.json')], parts.current, {}, { reference: ['r.json'], current: files.current }, { sketches: true });
    const refused = async (d: unknown, re: RegExp) => assert.rejects(run(d), (e: unknown) => isInputError(e) && e.code === 'BAD_PARTIAL' && re.test(e.message) && e.message.startsWith('r.json'));
    let d = doc();
    d.columns[3]!.num.sketch.positive.pop();
    await refused(d, /price_shift.*sketch \(num\.sketch\) holds \d+ values, its finite count is 20000/);
    d = doc();
    (d.columns[0]!.num as unknown as { fine: { negative: unknown[] } }).fine.negative.splice(3, 1);
    await refused(d, /z_same.*fine sketch \(num\.fine\) holds \d+ values, its finite count is 20000/);
    d = doc();
    d.columns[3]!.num.sketch.positive[0] = [(d.columns[3]!.num.sketch.positive[0] as number[])[0]];
    await refused(d, /positive\[0\]\[1\] is not a whole number/);
    d = doc();
    d.columns[3]!.num.min = Number.NaN;
    await refused(d, /num\.min is not a finite number/);
    d = doc();
    d.columns[3]!.num.sketch.zero = Infinity;
    await refused(d, /sketch\.zero is not a whole number/);
    d = doc();
    d.columns[3]!.num.finite = 1e15;
    await refused(d, /num\.finite is not a whole number from 0 to 20000/);
    d = doc();
    (d.columns[3]!.num.sketch.positive[5] as number[])[0] = 1e9;
    await refused(d, /sketch \(num\.sketch\) bucket \+1000000000 \[Infinity, Infinity\] lies outside the part's min/);
    d = doc();
    d.columns[3]!.num.sketch.positive = Array.from({ length: 100_001 }, () => [1, 0]);
    await refused(d, /positive has 100001 entries, more than the 100000/);
  });

  it("a '__proto__' column (and __proto__ keys) is data: tested from its sketch", async () => {
    const rename = (p: ProfilePartial): ProfilePartial => ({ ...p, columns: p.columns.map((c) => (c.name === 'z_shift' ? { ...c, name: '__proto__' } : c)) });
    const json = (p: ProfilePartial) => JSON.parse(JSON.stringify(rename(p)).replace('"columns":[', '"__proto__":{"rows":1},"columns":[')) as unknown;
    const ref = parts.reference.map((p, k) => parseProfilePartial(json(p), files.reference[k]!));
    const cur = parts.current.map((p, k) => parseProfilePartial(json(p), files.current[k]!));
    const m = await driftFromPartials(engine, ref, cur, { testByColumn: { constructor: 'ks' } as Record<string, string> }, { reference: files.reference, current: files.current }, { sketches: true }).catch((e: unknown) => e);
    assert.ok(isInputError(m) && m.code === 'COLUMN_NOT_FOUND', 'a test for a column named constructor that does not exist is refused');
    const ok = await driftFromPartials(engine, ref, cur, {}, { reference: files.reference, current: files.current }, { sketches: true });
    assert.equal(col(ok, '__proto__').approximate!.decision, 'drifted');
    assert.equal(ref[0]!.rows, ROWS);
  });

  it('the CLI: merge estimates from sketches and says so on stderr; --exact refuses with DRIFT_NEEDS_VALUES and how to get an exact answer', () => {
    // The parts' partial files (profile --partial's own CLI path is tested in profilePartial.test.ts).
    const out = (p: ProfilePartial, name: string) => {
      const o = join(dir, name);
      writeFileSync(o, JSON.stringify(p));
      return o;
    };
    const refs = parts.reference.map((p, k) => out(p, `r${k}.json`));
    const curs = parts.current.map((p, k) => out(p, `c${k}.json`));
    const args = [...refs.flatMap((f) => ['--reference', f]), ...curs.flatMap((f) => ['--current', f])];
    const r = cli('merge', ...args);
    // Exit code as 'model-lens drift' on the files (no dataset drift: 0); the one undecided column cannot change it.
    assert.equal(r.status, cli('drift', join(dir, 'reference.csv'), join(dir, 'current.csv'), '--no-config').status, r.stderr);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as DriftReport;
    assert.deepEqual(report.approximate?.columns, SKETCHED);
    assert.match(r.stderr, /drift of 4 columns estimated from sketches/);
    assert.match(r.stderr, /level_same: wasserstein ≈ [\d.]+ \(exact value in \[[\d.]+, [\d.]+\]; [\d.]+ to [\d.]+ in the column's units\): not drifted/);
    assert.match(r.stderr, /z_shift: wasserstein ≈ .*: drifted\.\n/);
    assert.match(r.stderr, /why: more than 10,000 distinct values in .*reference-0\.csv and 5 more parts: those parts carry a log-bucket quantile sketch \(0\.1% relative accuracy\), not their values\./);
    const md = { stdout: driftToMarkdown(report) };
    assert.match(md.stdout, /## Figures from sketches/);
    assert.match(md.stdout, /\| z_shift \| numeric \| wasserstein \| ≈ [\d.]+ \| — \| ≈ [\d.]+ \| 0\.1 \| \*\*yes\*\* \|/);
    const x = cli('merge', ...args, '--exact');
    assert.equal(x.status, 2);
    assert.match(x.stderr, /DRIFT_NEEDS_VALUES|more than 10,000 distinct values/);
    assert.match(x.stderr, /make smaller parts \(at most 10,000 distinct values per column and part\)/);
  });
});
