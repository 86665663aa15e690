import assert from 'node:assert/strict';
import { Engine } from '../../../src/core/data/engine';
import { EXACT_DISTINCT_ROWS } from '../../../src/core/data/distinctCount';
import { countColumns } from '../../../src/core/drift/countColumns';
import { scanSide } from '../../../src/core/drift/driftSide';
import { queryBucketValues, scanGrids } from '../../../src/core/drift/gridScan';
import { keyValue, windowHashes } from '../../../src/core/drift/windowGrids';
import { groupByWindow, timeWindows, type Windowing } from '../../../src/core/drift/windows';
import { InputError } from '../../../src/core/errors';
import { duplicatesEstimated } from '../../../src/core/health/computeCurrent';
import { cast, hash } from '../../../src/core/plan/expr';
import { postgresDialect } from '../../../src/core/warehouse/dialects/postgresDialect';
import { DuckDbExecutor } from '../../../src/core/plan/duckdbExecutor';
import type { ExecutorCapabilities, PlanExecutor } from '../../../src/core/plan/executor';
import type { AggregatePlan, Source } from '../../../src/core/plan/plan';
import { asExecutor, duckdbFrom } from '../../../src/core/plan/target';
import { recording } from '../warehouse/recordingExecutor';

/**
 * Core analyses choose their path by the executor's capabilities (ExecutorCapabilities), never by its class:
 * a recording executor (not a DuckDbExecutor; it runs its plans in DuckDB and records them as PostgreSQL SQL)
 * takes the warehouse path with no capabilities and the embedded engine's path with the one capability
 * declared, with equal results. The recorded statements tell the paths apart: the embedded engine's path runs
 * its own SQL (nothing recorded) or another plan shape.
 */
describe('executor capabilities decide the path, not the executor\'s class', function () {
  this.timeout(60000);
  let engine: Engine;
  let inner: DuckDbExecutor;
  const t: Source = { kind: 'relation', relation: 't' };
  const columns = [{ name: 'x', type: 'DOUBLE' }, { name: 'g', type: 'VARCHAR' }, { name: 'ts', type: 'TIMESTAMP' }];

  before(async () => {
    engine = await Engine.create({ threads: 2 });
    inner = asExecutor(engine) as DuckDbExecutor;
    await engine.exec(`CREATE TABLE t AS SELECT CASE WHEN i % 17 = 0 THEN NULL ELSE round((i * 7919 % 1000) / 37.0, 2) END AS x,
      ['a', 'b', 'c', 'd'][1 + i % 4] AS g, TIMESTAMP '2026-01-01' + to_hours(i % 700) AS ts FROM range(3000) r(i)`);
  });
  after(() => engine.close());

  /** The recorder with `capabilities` declared (none: a warehouse's). */
  function recorder(capabilities?: ExecutorCapabilities): PlanExecutor & { sql: string[] } {
    const r = recording(inner, postgresDialect, t);
    const exec = { ...r, ...(capabilities ? { capabilities } : {}) };
    assert.ok(!(exec instanceof DuckDbExecutor));
    return exec;
  }
  const embedded = () => ({ embedded: inner.capabilities.embedded! });

  it('the embedded engine declares every capability; a warehouse executor none', () => {
    const c = inner.capabilities;
    assert.equal(c.embedded?.db, engine);
    assert.equal(c.embedded?.dialect, inner.dialect);
    assert.equal(typeof c.memoryBytes, 'function');
    assert.equal(c.windowKeyByValue, true);
    assert.equal(recorder().capabilities, undefined);
  });

  it('embedded: DuckDB-only steps run (chunk windows, row numbers over the table) instead of UNSUPPORTED_ON_ENGINE', async () => {
    assert.throws(() => duckdbFrom(recorder(), t, 'Windows of N chunks'), (e: unknown) => e instanceof InputError && e.code === 'UNSUPPORTED_ON_ENGINE' && /Windows of N chunks runs only in the embedded engine/.test(e.message));
    assert.deepEqual(duckdbFrom(recorder(embedded()), t, 'x'), { engine, from: 't' });
    const ds = { path: 't', relation: 't', columns };
    await assert.rejects(timeWindows(recorder(), ds, 'ts', { chunks: 3 }), /runs only in the embedded engine/);
    const w = await timeWindows(recorder(embedded()), ds, 'ts', { chunks: 3 });
    const same = await timeWindows(inner, ds, 'ts', { chunks: 3 });
    assert.deepEqual(w.windows.map((x) => [x.start, x.end, x.rows]), same.windows.map((x) => [x.start, x.end, x.rows]));
    assert.equal(w.windows.reduce((s, x) => s + x.rows, 0), 3000);
    await w.release();
    await same.release();
  });

  it('embedded: many columns\' category counts in one DuckDB statement (no plan per column), the same counts', async () => {
    const req = [{ column: 'g', numeric: false }, { column: 'x', numeric: true }];
    const plain = recorder();
    const byPlan = await countColumns(plain, [t, t], req, 3000);
    assert.equal(plain.sql.length, 4);
    const fast = recorder(embedded());
    const grouped = await countColumns(fast, [t, t], req, 3000);
    assert.equal(fast.sql.length, 0);
    assert.deepEqual(grouped.map((s) => s.map((m) => [...m].sort())), byPlan.map((s) => s.map((m) => [...m].sort())));
    assert.equal(grouped[0]![0]!.get('a'), 750);
  });

  it('embedded: a few grid buckets\' values by one filtered DuckDB query, the same values as the bucket-values plan', async () => {
    const [grid] = await scanGrids(inner, t, [{ column: 'x', lo: 0, hi: 27, bins: 40 }]);
    const buckets = [3, 17, 30];
    const plain = recorder();
    const byPlan = await queryBucketValues(plain, t, 'x', grid!, buckets);
    assert.ok(plain.sql.length > 0);
    const fast = recorder(embedded());
    const queried = await queryBucketValues(fast, t, 'x', grid!, buckets);
    assert.equal(fast.sql.length, 0);
    const sorted = (m: Map<number, Float64Array> | undefined) => [...m!].map(([b, v]) => [b, [...v].sort((p, q) => p - q)]).sort((p, q) => Number(p[0]) - Number(q[0]));
    assert.deepEqual(sorted(queried), sorted(byPlan));
    assert.ok([...queried!.values()].some((v) => v.length > 0));
  });

  it('embedded: window keys\' hashes from constants (no plan), equal to the grouped plan\'s', async () => {
    const w = await timeWindows(inner, { path: 't', relation: 't', columns }, 'ts', { unit: 'day' });
    const inner0 = keyValue(w.key);
    const key = cast(hash(inner0), 'double');
    const plain = recorder();
    const byPlan = await windowHashes(plain, w, inner0, key, {});
    assert.equal(plain.sql.length, 1);
    const fast = recorder(embedded());
    const constants = await windowHashes(fast, w, inner0, key, {});
    assert.equal(fast.sql.length, 0);
    assert.ok(constants && constants.size === w.windows.length);
    assert.deepEqual([...constants!].sort(), [...byPlan!].sort());
  });

  it('windowKeyByValue: windows grouped by the key\'s value, cast to text once per window; the same rows', async () => {
    const w: Windowing = await timeWindows(inner, { path: 't', relation: 't', columns }, 'ts', { unit: 'day' });
    const plan: Omit<AggregatePlan, 'source'> = { aggregates: [{ name: 'n', agg: { fn: 'count' }, type: 'bigint' }] };
    const plain = recorder();
    const a = await groupByWindow(plain, w, plan);
    const byValue = recorder({ windowKeyByValue: true });
    const b = await groupByWindow(byValue, w, plan);
    // PostgreSQL text of the group key: cast per row (warehouses' golden SQL) or grouped by the timestamp itself.
    assert.match(plain.sql[0]!, /GROUP BY CAST\(date_trunc\('day'/);
    assert.doesNotMatch(byValue.sql[0]!, /GROUP BY CAST\(date_trunc/);
    assert.match(byValue.sql[0]!, /GROUP BY date_trunc\('day'/);
    const counts = (m: Map<string, { n?: unknown }[]>) => [...m].map(([k, r]) => [k, Number(r[0]?.n)]);
    assert.deepEqual(counts(b), counts(a));
    assert.equal(counts(a).reduce((s, [, n]) => s + Number(n), 0), 3000);
  });

  it('memoryBytes: a wide drift side scanned in column ranges that fit; duplicate rows estimated past the limit', async () => {
    const wide = Array.from({ length: 70 }, (_x, i) => ({ name: `c${i}`, type: 'DOUBLE' }));
    await engine.exec(`CREATE TABLE w AS SELECT ${wide.map((c, i) => `(r.i * ${i + 1}) % 11 AS ${c.name}`).join(', ')} FROM range(100) r(i)`);
    const src: Source = { kind: 'relation', relation: 'w' };
    const plain = recording(inner, postgresDialect, src);
    const one = await scanSide(plain, { source: src, rows: 100 }, wide, false);
    const small = { ...recording(inner, postgresDialect, src), capabilities: { memoryBytes: async () => 8 * 2 ** 20 } };
    const ranges = await scanSide(small, { source: src, rows: 100 }, wide, false);
    assert.equal(plain.sql.length, 1);
    // An eighth of 8 MiB shared by the two statements in flight (driftSide.ts, GROUPS_IN_FLIGHT), over 128 KiB a
    // column: 4 columns per statement.
    assert.equal(small.sql.length, 18);
    assert.deepEqual(ranges, one);

    const limited: PlanExecutor = { ...recording(inner, postgresDialect, src), capabilities: { memoryBytes: async () => 2 ** 30 } };
    assert.equal(await duplicatesEstimated(limited, 100_000_000), true);
    assert.equal(await duplicatesEstimated(limited, 20_000_000), false);
    assert.equal(await duplicatesEstimated(limited, EXACT_DISTINCT_ROWS), false);
    assert.equal(await duplicatesEstimated(recorder(), 1e12), false);
  });
});
