import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import type { DriftReport } from '../../../src/core/drift/driftReport';
import { cdfDistanceIntegral } from '../../../src/core/drift/cdfDistance';
import { getDriftTest } from '../../../src/core/drift/registry';
import { runDrift } from '../../../src/core/drift/runDrift';
import { mulberry32 } from '../../../src/core/random';
import { parseCsv } from '../csv';
import { assertClose } from '../helpers';

// End to end through DuckDB: columns that take the grid path (streamed grids, DuckDB-filtered bucket values)
// and columns that must not (one value, a range too wide for a grid, few values, all NaN) give the same
// Wasserstein scores as the sort-and-merge computation on values read by an independent CSV parser.

const rnd = mulberry32(99);
const normal = () => Math.sqrt(-2 * Math.log(rnd() || 1e-300)) * Math.cos(2 * Math.PI * rnd());

/** One file: `n` rows; `shift` moves the continuous columns. Every 41st value of `a` is empty, some are nan/inf. */
function rows(n: number, shift: number, allNan: boolean): string {
  const lines = ['t,a,ints,constant,huge,few,flag,gone'];
  for (let i = 0; i < n; i++) {
    const day = `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`;
    const a = i % 41 === 0 ? '' : i % 97 === 0 ? 'nan' : i % 89 === 0 ? 'inf' : String(Math.round((normal() + shift) * 1e6) / 1e6);
    const ints = String(Math.floor(rnd() * 30 + (shift ? 2 : 0)));
    const huge = String((rnd() < 0.5 ? -1 : 1) * 1e308 * rnd());
    const few = String(Math.floor(rnd() * 3));
    const flag = String(rnd() < (shift ? 0.6 : 0.5) ? 1 : 0);
    const gone = allNan ? 'nan' : String(normal());
    lines.push([day, a, ints, '5', huge, few, flag, gone].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Normed W₁ by sort and merge (scipy.stats.wasserstein_distance / numpy.std of the reference), grids not involved. */
function sortedNormedW1(u: Float64Array, v: Float64Array): { score: number; dropped: [number, number] } {
  const fu = u.filter(Number.isFinite).sort();
  const fv = v.filter(Number.isFinite).sort();
  const mean = fu.reduce((s, x) => s + x, 0) / fu.length;
  const std = Math.sqrt(fu.reduce((s, x) => s + (x - mean) ** 2, 0) / fu.length);
  return { score: cdfDistanceIntegral(fu, fv, 1) / Math.max(std, 0.001), dropped: [u.length - fu.length, v.length - fv.length] };
}

/** Finite-or-NaN/inf values of a column as the CSV says them (empty = missing, left out). */
function column(text: string, name: string): Float64Array {
  const parse = (s: string) => (s === 'nan' ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s));
  return Float64Array.from(parseCsv(text).map((r) => r[name]!).filter((s) => s !== '').map(parse));
}

describe('drift on grids through the engine: edge cases against sort-and-merge', function () {
  this.timeout(60000);
  let engine: Engine;
  let dir: string;
  let refText: string;
  let curText: string;
  let report: DriftReport;
  before(async () => {
    engine = await Engine.create();
    dir = mkdtempSync(join(tmpdir(), 'ml-gridedge-'));
    refText = rows(3000, 0, false);
    curText = rows(2500, 0.2, true);
    writeFileSync(join(dir, 'ref.csv'), refText);
    writeFileSync(join(dir, 'cur.csv'), curText);
    const ref = await loadDataset(engine, join(dir, 'ref.csv'));
    const cur = await loadDataset(engine, join(dir, 'cur.csv'));
    report = await runDrift(engine, ref, cur, { exclude: ['t'] });
  });
  after(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['a', 'ints', 'huge']) {
    it(`${name}: normed Wasserstein equals scipy's definition on the parsed values (1e-12), NaN/inf dropped and counted`, () => {
      const c = report.columns.find((x) => x.column === name)!;
      assert.equal(c.test, 'wasserstein');
      const u = column(refText, name);
      const v = column(curText, name);
      const expected = sortedNormedW1(u, v);
      // 'huge' spans ±1e308: its mean and std overflow to Infinity/NaN in any two-pass formula, so compare
      // with the registry's own values path there (which sorts too).
      const score = name === 'huge' ? getDriftTest('wasserstein').run({ kind: 'numeric', values: u }, { kind: 'numeric', values: v }).score : expected.score;
      assertClose(c.score, score, 1e-12, 1e-300, `${name} score`);
      assert.deepEqual([c.details.test?.['referenceDropped'], c.details.test?.['currentDropped']], expected.dropped);
    });
  }

  it('a: the drop counts are the nan/inf cells of the files', () => {
    const c = report.columns.find((x) => x.column === 'a')!;
    const bad = (t: string) => [...column(t, 'a')].filter((x) => !Number.isFinite(x)).length;
    assert.ok(bad(refText) > 0);
    assert.deepEqual([c.details.test?.['referenceDropped'], c.details.test?.['currentDropped']], [bad(refText), bad(curText)]);
  });

  it('few values (one value; 0/1/2) are counted, not gridded: Jensen–Shannon on counts; 0/1 is boolean', () => {
    assert.equal(report.columns.find((x) => x.column === 'few')!.test, 'jensenshannon');
    const constant = report.columns.find((x) => x.column === 'constant')!;
    assert.deepEqual([constant.test, constant.score], ['jensenshannon', 0]);
    const flag = report.columns.find((x) => x.column === 'flag')!;
    assert.equal(flag.kind, 'boolean');
  });

  it('a column with no finite value in the current data reports an error instead of a score', () => {
    const c = report.columns.find((x) => x.column === 'gone')!;
    assert.equal(c.score, null);
    assert.equal(c.details.error?.code, 'EMPTY_SAMPLE');
  });

  it('time windows: each window is compared on the reference grid with the same result as sort-and-merge', async () => {
    const ref = await loadDataset(engine, join(dir, 'ref.csv'));
    const cur = await loadDataset(engine, join(dir, 'cur.csv'));
    const r = await runDrift(engine, ref, cur, { columns: ['a'], timeColumn: 't', window: 'week' });
    assert.equal(r.windows?.length, 5);
    const all = parseCsv(curText);
    const u = column(refText, 'a');
    for (const w of r.windows!) {
      // Calendar weeks: start inclusive, end exclusive.
      const inWindow = all.filter((row) => row['t']! >= w.start.slice(0, 10) && row['t']! < w.end.slice(0, 10) && row['a'] !== '');
      const v = Float64Array.from(inWindow.map((row) => (row['a'] === 'nan' ? NaN : row['a'] === 'inf' ? Infinity : Number(row['a']))));
      assertClose(w.columns[0]!.score, sortedNormedW1(u, v).score, 1e-12, 1e-300, `window ${w.start}`);
    }
    assert.ok(readFileSync(join(dir, 'ref.csv'), 'utf8') === refText, 'the input file is unchanged');
  });
});
