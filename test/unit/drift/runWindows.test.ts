import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { runDrift } from '../../../src/core/drift/runDrift';
import { parseWindow } from '../../../src/core/drift/windows';
import { InputError } from '../../../src/core/errors';
import { lcg } from './fixtureData';

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 1, 5, 0, 0); // Thursday 2026-01-01 05:00 UTC
const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** n rows every 7.3 hours from T0; every 97th time is missing; x is uniform, shifted by `shift` from `shiftFrom`. */
function makeCsv(dir: string, name: string, n: number, seed: number, shift = 0, shiftFrom = Infinity): { path: string; times: (number | null)[] } {
  const x = lcg({ seed, n, terms: 2 });
  const times: (number | null)[] = [];
  const lines = ['t,x,g'];
  for (let i = 0; i < n; i++) {
    const t = i % 97 === 50 ? null : T0 + Math.round(i * 7.3 * HOUR);
    times.push(t);
    const v = x[i]! + (t !== null && t >= shiftFrom ? shift : 0);
    lines.push(`${t === null ? '' : fmt(t).replace('T', ' ')},${v},${['a', 'b', 'c'][i % 3]}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, times };
}

/** Independent expectation: group the times by calendar period computed with Date arithmetic. */
function expectedCalendar(times: (number | null)[], unit: 'day' | 'week' | 'month'): { start: string; end: string; rows: number }[] {
  const groups = new Map<number, number>();
  for (const t of times) {
    if (t === null) continue;
    const d = new Date(t);
    let s: number;
    if (unit === 'month') s = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    else {
      const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      s = unit === 'day' ? day : day - ((d.getUTCDay() + 6) % 7) * 24 * HOUR; // ISO weeks start on Monday
    }
    groups.set(s, (groups.get(s) ?? 0) + 1);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([s, rows]) => {
    const d = new Date(s);
    const e = unit === 'month' ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) : s + (unit === 'day' ? 24 : 168) * HOUR;
    return { start: fmt(s), end: fmt(e), rows };
  });
}

describe('runDrift time windows', function () {
  this.timeout(120000);
  let engine: Engine;
  let dir: string;
  before(async () => {
    engine = await Engine.create({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), 'ml-drift-win-'));
  });
  after(() => engine.close());

  for (const unit of ['day', 'week', 'month'] as const) {
    it(`--window ${unit}: boundaries and row counts are exact; the first window is the reference`, async () => {
      const n = unit === 'day' ? 200 : 1000;
      const { path, times } = makeCsv(dir, `${unit}.csv`, n, 11);
      const ds = await loadDataset(engine, path);
      const r = await runDrift(engine, ds, undefined, { timeColumn: 't', window: unit });
      const exp = expectedCalendar(times, unit);
      assert.ok(exp.length >= 3, `${exp.length} windows`);
      assert.deepEqual({ rows: r.reference.rows, start: r.reference.start, end: r.reference.end }, exp[0]);
      assert.deepEqual(r.windows!.map((w) => ({ start: w.start, end: w.end, rows: w.rows })), exp.slice(1));
      assert.equal(r.current.rows, exp.slice(1).reduce((s, w) => s + w.rows, 0));
      assert.deepEqual(r.windowing, { timeColumn: 't', window: unit, reference: 'first window', rowsWithoutTime: times.filter((t) => t === null).length });
      assert.deepEqual(r.windows![0]!.columns.map((c) => c.column), ['x', 'g']);
      await ds.release();
    });
  }

  it('--window 3chunks: NannyML-style equal chunks, the last takes the remainder', async () => {
    const { path, times } = makeCsv(dir, 'chunks.csv', 1001, 12);
    const ds = await loadDataset(engine, path);
    const r = await runDrift(engine, ds, undefined, { timeColumn: 't', window: '3chunks' });
    const sorted = times.filter((t): t is number => t !== null).sort((a, b) => a - b);
    const size = Math.floor(sorted.length / 3);
    const bounds = [[0, size], [size, 2 * size], [2 * size, sorted.length]] as const;
    const exp = bounds.map(([a, b]) => ({ start: fmt(sorted[a]!), end: fmt(sorted[b - 1]!), rows: b - a }));
    assert.deepEqual({ rows: r.reference.rows, start: r.reference.start, end: r.reference.end }, exp[0]);
    assert.deepEqual(r.windows!.map((w) => ({ start: w.start, end: w.end, rows: w.rows })), exp.slice(1));
    await ds.release();
  });

  it('a reference file: every window of the current file is compared with it; only the shifted month drifts', async () => {
    const feb = Date.UTC(2026, 1, 1);
    const ref = makeCsv(dir, 'ref.csv', 600, 21);
    const cur = makeCsv(dir, 'cur.csv', 280, 22, 0.5, Date.UTC(2026, 2, 1));
    const a = await loadDataset(engine, ref.path);
    const b = await loadDataset(engine, cur.path);
    const r = await runDrift(engine, a, b, { timeColumn: 't', window: 'month', columns: ['x'], test: 'ks' });
    const exp = expectedCalendar(cur.times, 'month');
    assert.equal(r.reference.rows, 600);
    assert.equal(r.current.rows, 280);
    assert.equal(exp.length, 3);
    assert.equal(r.windowing!.reference, 'reference file');
    assert.deepEqual(r.windows!.map((w) => ({ start: w.start, end: w.end, rows: w.rows })), exp);
    assert.equal(exp[1]!.start, fmt(feb));
    // x is the same uniform sum in January and February, shifted by +0.5 from March on.
    assert.deepEqual(r.windows!.map((w) => w.dataset.drifted), exp.map((w) => w.start >= '2026-03'));
    assert.ok(r.windows!.every((w) => w.columns[0]!.test === 'ks' && w.columns[0]!.pValue !== null));
    await a.release();
    await b.release();
  });

  it('bad windows: parse errors, a non-date time column, a single window, too few rows', async () => {
    for (const w of ['year', '1chunks', 'chunks', '4 chunks', '-2chunks']) {
      assert.throws(() => parseWindow(w), (e: unknown) => e instanceof InputError && e.code === 'BAD_WINDOW', w);
    }
    assert.deepEqual(parseWindow('12chunks'), { chunks: 12 });
    const { path } = makeCsv(dir, 'bad.csv', 30, 31);
    const ds = await loadDataset(engine, path);
    const code = async (p: Promise<unknown>, c: string) => assert.rejects(p, (e: unknown) => e instanceof InputError && e.code === c);
    await code(runDrift(engine, ds, undefined, { timeColumn: 'x', window: 'day' }), 'BAD_TIME_COLUMN');
    await code(runDrift(engine, ds, undefined, { timeColumn: 'nope', window: 'day' }), 'COLUMN_NOT_FOUND');
    await code(runDrift(engine, ds, undefined, { timeColumn: 't', window: 'month' }), 'BAD_WINDOW');
    await code(runDrift(engine, ds, undefined, { timeColumn: 't', window: '500chunks' }), 'BAD_WINDOW');
    await code(runDrift(engine, ds, undefined, { window: 'day' }), 'BAD_ARGUMENT');
    await ds.release();
  });
});
