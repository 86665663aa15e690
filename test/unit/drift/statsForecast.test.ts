import assert from 'node:assert/strict';
import { Engine, observeStatements } from '../../../src/core/data/engine';
import type { Dataset } from '../../../src/core/data/dataset';
import { runDrift } from '../../../src/core/drift/runDrift';
import { fromStatistics, parseStats } from '../../../src/core/drift/statsForecast';
import { table } from './engineTable';
import { countingStreams } from './streamWrap';

describe('drift: the grid pass started from the engine\'s statistics (statsForecast.ts)', function () {
  this.timeout(120000);

  it('parses DuckDB\'s stats() text of numeric columns, and nothing else', () => {
    assert.deepEqual(parseStats('[Min: 4.988, Max: 15.2962][Has Null: false, Has No Null: true][Approx Unique: 72499]'), { min: 4.988, max: 15.2962, hasNull: false, hasValues: true });
    assert.deepEqual(parseStats('[Min: 1e-300, Max: 1.7976931348623157e+308][Has Null: true, Has No Null: true]'), { min: 1e-300, max: 1.7976931348623157e308, hasNull: true, hasValues: true });
    assert.deepEqual(parseStats('[Min: 1.50, Max: 2.25][Has Null: false, Has No Null: true]'), { min: 1.5, max: 2.25, hasNull: false, hasValues: true });
    assert.deepEqual(parseStats('[Min: inf, Max: -inf][Has Null: true, Has No Null: false]'), { min: NaN, max: NaN, hasNull: true, hasValues: false });
    assert.ok(Number.isNaN(parseStats('[Min: 1.0, Max: nan][Has Null: false, Has No Null: true]')!.max));
    assert.equal(parseStats('[Min: a, Max: c, Has Unicode: false, Max String Length: 1][Has Null: false, Has No Null: true]'), undefined);
    assert.equal(parseStats('[Has Null: false, Has No Null: true]'), undefined);
    assert.equal(parseStats(null), undefined);
  });

  describe('through the engine', () => {
    let engine: Engine;
    before(async () => { engine = await Engine.create({ threads: 2 }); });
    after(() => engine.close());

    const u = (k: number, seed: number) => `((hash(i, ${k}, ${seed}) % 1000003)::DOUBLE + 0.5) / 1000003`;
    /**
     * x: normal (shifted on the current side), k: a BIGINT from 0, y: NULL in about half the rows, c: one value,
     * g: a category; `extra` adds columns.
     */
    const side = (rows: number, seed: number, shift: number, extra = '') => `SELECT
        round(sqrt(-2 * ln(${u(1, seed)})) * cos(6.283185307179586 * ${u(2, seed)}) + ${shift}, 3) AS x,
        floor(${u(3, seed)} * 200)::BIGINT AS k,
        CASE WHEN ${u(4, seed)} < 0.5 THEN NULL ELSE floor(${u(5, seed)} * 5000) / 7 END AS y,
        5.0::DOUBLE AS c,
        (['a', 'b', 'c'])[1 + floor(${u(6, seed)} * 3)::BIGINT] AS g${extra}
      FROM range(${rows}) r(i)`;

    const counting = () => countingStreams(engine);

    /** runDrift of two tables with and without the forecast: both reports, the streamed passes and statements of the first. */
    async function both(ref: Dataset, cur: Dataset): Promise<{ json: string; plain: string; passes: number; plainPasses: number; seen: string[] }> {
      const seen: string[] = [];
      const a = counting();
      observeStatements((sql) => seen.push(sql));
      let json: string;
      try {
        json = JSON.stringify(await runDrift(a.exec, ref, cur, {}));
      } finally {
        observeStatements(undefined);
      }
      const b = counting();
      fromStatistics.enabled = false;
      try {
        const plain = JSON.stringify(await runDrift(b.exec, ref, cur, {}));
        return { json, plain, passes: a.passes(), plainPasses: b.passes(), seen };
      } finally {
        fromStatistics.enabled = true;
      }
    }

    it('fresh tables: the pass starts from the statistics, the scans leave the numeric ranges out, the same report', async () => {
      const ref = await table(engine, 'sf_ref', side(6000, 1, 0));
      const cur = await table(engine, 'sf_cur', side(5000, 2, 0.4));
      const r = await both(ref, cur);
      assert.equal(r.json, r.plain);
      assert.ok(r.seen.some((sql) => /stats\("x"\)/.test(sql)), 'statistics read');
      const scans = r.seen.filter((sql) => /count\(\*\)/i.test(sql) && /FROM "?sf_(ref|cur)\b/.test(sql) && /"c\d+_nn"/.test(sql));
      assert.ok(scans.length >= 2, scans.join('\n'));
      for (const sql of scans) assert.ok(!/min\("x"\)/.test(sql), `no numeric range in the scan: ${sql.slice(0, 200)}`);
      // Every grid came from the first pass (one stream per side; the plain path streams the same grids once too).
      const drift = JSON.parse(r.json) as { columns: { column: string; drifted: boolean }[] };
      assert.ok(drift.columns.find((c) => c.column === 'x')!.drifted, 'x drifted');
      assert.equal(r.passes - r.plainPasses, 0, 'no grid built twice');
    });

    it('statistics wider than the data (rows deleted), a NULL count that changes the grid, −0 and 0: checked, the same report', async () => {
      // 30,000 rows a side: the guessed count (all rows, 60,000) gives y 2,560 buckets, its true count (~30,000) 1,280.
      const extra = `, CASE WHEN i = 3 THEN -0.0 WHEN i = 4 THEN 0.0 ELSE ${u(7, 9)} END AS z`;
      const ref = await table(engine, 'sf_ref2', side(30000, 3, 0, extra));
      const cur = await table(engine, 'sf_cur2', side(30000, 4, 0.2, extra));
      // The largest x of the reference goes: its statistics keep the old maximum.
      await engine.exec('DELETE FROM sf_ref2 WHERE x = (SELECT max(x) FROM sf_ref2)');
      const rows = Number((await engine.run('SELECT count(*)::BIGINT AS n FROM sf_ref2'))[0]!['n']);
      const r = await both({ ...ref, rows }, cur);
      assert.equal(r.json, r.plain);
      // x (statistics too wide) and y (bucket count) streamed again: one more pass a side.
      assert.equal(r.passes, r.plainPasses + 2);
      assert.ok(r.seen.some((sql) => /min\("z"\)/.test(sql)), 'z\'s range at ±0 queried');
    });

    it('a column with NaN or ±Infinity: no forecast (its finite range is queried first), the same report', async () => {
      for (const [name, value] of [['n', 'nan'], ['f', '-inf']]) {
        const extra = `, CASE WHEN i = 5 THEN '${value}'::DOUBLE ELSE ${u(8, 9)} END AS ${name}`;
        const ref = await table(engine, 'sf_ref4', side(3000, 7, 0, extra));
        const cur = await table(engine, 'sf_cur4', side(3000, 8, 0.2, `, ${u(8, 10)} AS ${name}`));
        const r = await both(ref, cur);
        assert.equal(r.json, r.plain, name);
        assert.equal(r.passes, r.plainPasses, name);
        assert.ok(r.seen.some((sql) => /stats\("x"\)/.test(sql)) && r.seen.some((sql) => /min\("x"\)/.test(sql)), `${name}: statistics read, then x's range scanned`);
      }
    });

    it('does not apply to a side with a filter or to sides whose numeric columns differ', async () => {
      const ref = await table(engine, 'sf_ref3', side(2000, 5, 0));
      const cur = await table(engine, 'sf_cur3', `SELECT x::VARCHAR AS x, k, y, c, g FROM (${side(2000, 6, 0)})`);
      const seen: string[] = [];
      observeStatements((sql) => seen.push(sql));
      try {
        await runDrift(engine, ref, cur, {});
      } finally {
        observeStatements(undefined);
      }
      assert.ok(!seen.some((sql) => /stats\(/.test(sql)), 'no statistics read');
    });
  });
});
