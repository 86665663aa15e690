import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { categoryChanges } from '../../../src/core/drift/categoryChanges';
import { countColumns } from '../../../src/core/drift/countColumns';
import { categoryDistribution } from '../../../src/core/drift/distribution';
import { scanSide } from '../../../src/core/drift/driftSide';
import { countValues } from '../../../src/core/drift/pullSamples';
import { runDrift } from '../../../src/core/drift/runDrift';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import { toSource } from '../../../src/core/plan/target';
import { mulberry32 } from '../../../src/core/random';
import { table } from './engineTable';

/** A wide table of `cols` columns (numeric, categorical, boolean, text, mostly empty, few-valued numeric), seeded. */
function wideSql(rows: number, cols: number, seed: number, shift: number): string {
  const u = (k: number) => `((hash(i, ${k}, ${seed}) % 1000000007)::DOUBLE + 0.5) / 1000000007`;
  const out: string[] = [];
  for (let j = 0; j < cols; j++) {
    const kind = j % 6;
    if (kind === 0) out.push(`round(sqrt(-2 * ln(${u(2 * j)})) * cos(6.283185307179586 * ${u(2 * j + 1)}) + ${shift * (j % 2)}, 3) AS f${j}`);
    else if (kind === 1) out.push(`(['a', 'b', 'c', 'd', 'e'])[1 + floor(${u(2 * j)} * ${3 + (j % 3)})::BIGINT] AS f${j}`);
    else if (kind === 2) out.push(`${u(2 * j)} < 0.3 AS f${j}`);
    else if (kind === 3) out.push(`'note ' || floor(${u(2 * j)} * 300)::BIGINT::VARCHAR || ' of ' || floor(${u(2 * j + 1)} * 5)::BIGINT::VARCHAR AS f${j}`);
    else if (kind === 4) out.push(`CASE WHEN ${u(2 * j)} < 0.9 THEN NULL ELSE round(${u(2 * j + 1)} * 100, 2) END AS f${j}`);
    else out.push(`CASE WHEN ${u(2 * j)} < 0.01 THEN 'NaN'::DOUBLE ELSE floor(${u(2 * j + 1)} * 4) END AS f${j}`);
  }
  return `SELECT ${out.join(', ')} FROM range(${rows}) t(i)`;
}

/**
 * Issue 18, wide drift: many columns' scans go in groups sized by the memory limit, and their category counts in
 * grouped statements (countColumns.ts); the report must be the one of the unbatched run, number for number.
 */
describe('drift: wide tables in column groups', function () {
  this.timeout(300000);
  // 128 MB: the scans split into several groups and the counts into statements of a few branches; 4 GB: one each.
  // One engine at a time: two DuckDB instances of one process share the temp folder's spill file names.
  let small: Engine;
  const withBig = async <T>(body: (big: Engine) => Promise<T>): Promise<T> => {
    small.close();
    const big = await Engine.create({ threads: 2, memoryLimit: '4GB' });
    try {
      return await body(big);
    } finally {
      big.close();
      small = await Engine.create({ threads: 2, memoryLimit: '128MB' });
    }
  };
  beforeEach(async () => {
    small = await Engine.create({ threads: 2, memoryLimit: '128MB' });
  });
  afterEach(() => small.close());

  it('counts many columns in grouped statements exactly as countValues does one by one', async () => {
    const ref = await table(small, 'cref', `${wideSql(3000, 24, 5, 0)}`);
    // Keys that hold the separator, a colon, an empty string, NULLs and non-finite numbers.
    await small.exec(`CREATE OR REPLACE TABLE odd AS SELECT CASE i % 5 WHEN 0 THEN 'a' || chr(30) || 'b' WHEN 1 THEN 'x:y' WHEN 2 THEN '' WHEN 3 THEN NULL ELSE 'z' END AS s, CASE i % 4 WHEN 0 THEN 'Infinity'::DOUBLE WHEN 1 THEN NULL ELSE (i % 3)::DOUBLE END AS d FROM range(500) t(i)`);
    const exec = new DuckDbExecutor(small);
    const wanted = ref.columns.map((c) => ({ column: c.name, numeric: /DOUBLE/.test(c.type) }));
    const got = await countColumns(exec, [toSource('cref'), toSource('odd')].slice(0, 1), wanted, ref.rows);
    for (const [i, w] of wanted.entries()) assert.deepEqual(sorted(got[i]![0]!), sorted(await countValues(small, 'cref', w.column, w.numeric)), w.column);
    const odd = await countColumns(exec, [toSource('odd')], [{ column: 's', numeric: false }, { column: 'd', numeric: true }], 500);
    assert.deepEqual(sorted(odd[0]![0]!), sorted(await countValues(small, 'odd', 's', false)));
    assert.equal(odd[0]![0]!.get('a\u001eb'), 100);
    assert.deepEqual(sorted(odd[1]![0]!), sorted(await countValues(small, 'odd', 'd', true)));
  });

  it('scans a wide side in groups under a small memory limit with the numbers of one scan', async () => {
    const a = await table(small, 'sref', wideSql(4000, 150, 5, 0));
    const side = { source: toSource('sref'), rows: a.rows };
    const grouped = await scanSide(small, side, a.columns, true);
    const whole = await withBig(async (big) => {
      await table(big, 'sref', wideSql(4000, 150, 5, 0));
      return scanSide(big, side, a.columns, true);
    });
    assert.deepEqual(grouped, whole);
  });

  it('a 150-column drift in groups (128 MB) equals the unbatched run (4 GB), byte for byte', async () => {
    const drift = async (engine: Engine) => {
      const ref = await table(engine, 'wref', wideSql(6000, 150, 5, 0));
      const cur = await table(engine, 'wcur', wideSql(5000, 150, 6, 0.4));
      return JSON.stringify(await runDrift(engine, ref, cur, {}));
    };
    const reports = [await drift(small), await withBig(drift)];
    assert.equal(reports[0], reports[1]);
    const report = JSON.parse(reports[0]!) as { columns: { kind: string; test: string; drifted: boolean }[] };
    // Every kind is there and tested as the default policy says; the shifted numeric columns drifted.
    const kinds = new Set(report.columns.map((c) => `${c.kind}:${c.test}`));
    for (const k of ['numeric:wasserstein', 'categorical:jensenshannon', 'boolean:jensenshannon', 'numeric:jensenshannon']) assert.ok(kinds.has(k), `${k} in ${[...kinds].join(', ')}`);
    assert.ok(report.columns.some((c) => c.drifted));
  });

  it('the top categories and category changes equal those of sorting every key', () => {
    const rng = mulberry32(7);
    for (let t = 0; t < 50; t++) {
      const r = new Map<string, number>();
      const c = new Map<string, number>();
      const n = 1 + Math.floor(rng() * 60);
      for (let i = 0; i < n; i++) {
        const k = `k${Math.floor(rng() * 80)}`;
        // Ties in share are common: counts from a few values.
        if (rng() < 0.8) r.set(k, Math.floor(rng() * 4));
        if (rng() < 0.8) c.set(k, Math.floor(rng() * 4));
      }
      const top = Math.floor(rng() * 25);
      const got = categoryDistribution(r, c, top);
      const rt = [...r.values()].reduce((s, x) => s + x, 0) || 1;
      const ct = [...c.values()].reduce((s, x) => s + x, 0) || 1;
      const share = (k: string) => (r.get(k) ?? 0) / rt + (c.get(k) ?? 0) / ct;
      const keys = [...new Set([...r.keys(), ...c.keys()])].sort((a, b) => share(b) - share(a) || (a < b ? -1 : a > b ? 1 : 0));
      assert.deepEqual(got.type === 'categories' ? got.categories : [], keys.slice(0, top));
      const ch = categoryChanges(r, c, 0, 0);
      assert.deepEqual(ch.unseen, [...c].filter(([k, x]) => x > 0 && !((r.get(k) ?? 0) > 0)).map(([k]) => k).sort());
      assert.deepEqual(ch.vanished, [...r].filter(([k, x]) => x > 0 && !((c.get(k) ?? 0) > 0)).map(([k]) => k).sort());
    }
  });
});

function sorted(m: ReadonlyMap<string, number>): [string, number][] {
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
