import { strict as assert } from 'node:assert';
import pg from 'pg';
import { CancelledError, InputError } from '../../../src/core/errors';
import { PostgresExecutor } from '../../../src/core/warehouse/executors/postgres';
import { WarehouseError, WarehouseTimeoutError } from '../../../src/core/warehouse/http';
import { UnsafeSqlError } from '../../../src/core/warehouse/selectOnly';
import { pgExec, pgUrl, settingsFromUrl } from './pgServer';

describe('warehouse: PostgreSQL executor (real server)', function () {
  this.timeout(30_000);
  let url: string;
  let ex: PostgresExecutor;

  before(async function () {
    const u = await pgUrl();
    if (!u) return this.skip();
    url = u;
    await pgExec(url, `DROP SCHEMA IF EXISTS ml_exec CASCADE; CREATE SCHEMA ml_exec;
      CREATE TABLE ml_exec."Odd ""name""" (id bigint, x double precision, big bigint, d date, ok boolean, amount numeric(12,2), note text);
      INSERT INTO ml_exec."Odd ""name""" VALUES (1, 1.5, 9007199254740993, '2026-11-01', true, 12.34, 'a'), (2, 'NaN', 2, NULL, false, NULL, NULL), (3, '-Infinity', NULL, '2026-11-03', NULL, 1, 'c''d');
      CREATE SEQUENCE ml_exec.s;
      CREATE FUNCTION ml_exec.stubborn(seconds float8) RETURNS int LANGUAGE plpgsql AS $f$
        BEGIN
          BEGIN PERFORM pg_sleep(seconds); EXCEPTION WHEN query_canceled THEN PERFORM pg_sleep(seconds); END;
          RETURN 1;
        END $f$;`);
    ex = new PostgresExecutor({ ...settingsFromUrl(url), timeoutMs: 10_000 });
  });
  after(async () => {
    await ex?.close();
  });

  it('returns rows as the DuckDB engine does: safe integers as numbers, bigger ones as text, NaN/-Infinity, dates as text', async () => {
    const r = await ex.query('SELECT id, x, big, d, ok, amount, note FROM ml_exec."Odd ""name""" ORDER BY id');
    assert.deepEqual(r.rows.map((x) => ({ ...x })), [
      { id: 1, x: 1.5, big: '9007199254740993', d: '2026-11-01', ok: true, amount: 12.34, note: 'a' },
      { id: 2, x: NaN, big: 2, d: null, ok: false, amount: null, note: null },
      { id: 3, x: -Infinity, big: null, d: '2026-11-03', ok: null, amount: 1, note: "c'd" },
    ]);
    assert.deepEqual(r.columns.map((c) => c.type), ['BIGINT', 'DOUBLE PRECISION', 'BIGINT', 'DATE', 'BOOLEAN', 'NUMERIC', 'TEXT']);
    assert.ok(ex.stats.bytesReceived > 100, `bytes counted on the socket: ${ex.stats.bytesReceived}`);
  });

  it('runs every statement in a READ ONLY transaction: a SELECT that writes (nextval) is refused by the server', async () => {
    await assert.rejects(ex.query("SELECT nextval('ml_exec.s')"), (e: unknown) => e instanceof WarehouseError && e.code === 'READ_ONLY');
  });

  it('refuses anything but one SELECT before it reaches the server', async () => {
    await assert.rejects(ex.query('SELECT 1; DROP TABLE x'), UnsafeSqlError);
    await assert.rejects(ex.query('DELETE FROM ml_exec."Odd ""name"""'), UnsafeSqlError);
    await assert.rejects(ex.query('SELECT $$x$$'), UnsafeSqlError);
  });

  it('stops a query at its time limit on the server (statement_timeout)', async () => {
    const t0 = Date.now();
    await assert.rejects(ex.query('SELECT pg_sleep(5)', { timeoutMs: 300 }), WarehouseTimeoutError);
    assert.ok(Date.now() - t0 < 3000);
  });

  it('cancellation cancels the query on the server (pg_cancel_backend), not only the wait', async () => {
    const controller = new AbortController();
    const p = ex.query("SELECT pg_sleep(20), 'ml-cancel-probe'", { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 400));
    controller.abort();
    await assert.rejects(p, CancelledError);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      // The caller is answered at once; the server stops the statement moments later, well before the 3 s grace
      // after which the backend would be terminated instead.
      const active = async () => (await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%ml-cancel-probe%' AND state = 'active' AND pid <> pg_backend_pid()")).rows[0].n as number;
      const t0 = Date.now();
      while ((await active()) > 0 && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await active(), 0);
    } finally {
      await c.end();
    }
  });

  it('a statement that ignores the cancel request is answered at once and its backend terminated after the grace period', async () => {
    // ml_exec.stubborn swallows the first cancel, as PostgreSQL itself does while it plans a huge expression tree.
    const stubborn = new PostgresExecutor({ ...settingsFromUrl(url), timeoutMs: 60_000, cancelGraceMs: 500 });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const running = async () => (await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%ml-stubborn-probe%' AND pid <> pg_backend_pid()")).rows[0].n as number;
    try {
      const controller = new AbortController();
      const p = stubborn.query("SELECT ml_exec.stubborn(30), 'ml-stubborn-probe'", { signal: controller.signal });
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(await running(), 1, 'the statement is running');
      const t0 = Date.now();
      controller.abort();
      await assert.rejects(p, CancelledError);
      assert.ok(Date.now() - t0 < 1000, `answered in ${Date.now() - t0} ms`);
      const deadline = Date.now() + 10_000;
      while ((await running()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await running(), 0, 'the backend is gone (terminated after the cancel was ignored)');
      assert.ok(Date.now() - t0 < 5000, `stopped on the server in ${Date.now() - t0} ms, not after the 30 s sleep`);
      assert.deepEqual((await stubborn.query('SELECT 1 AS one')).rows.map((x) => ({ ...x })), [{ one: 1 }], 'the executor works after a cancel');
    } finally {
      await c.end();
      await stubborn.close();
    }
  });

  it('describes a table with an odd name and reports a missing one clearly', async () => {
    assert.deepEqual((await ex.describe({ namespace: ['ml_exec'], name: 'Odd "name"' })).map((c) => c.name), ['id', 'x', 'big', 'd', 'ok', 'amount', 'note']);
    await assert.rejects(ex.describe({ namespace: ['ml_exec'], name: 'nope' }), (e: unknown) => e instanceof InputError && e.code === 'TABLE_NOT_FOUND' && /nope/.test(e.message));
    await assert.rejects(ex.describe({ namespace: ['ml_exec'], name: "x'; DROP TABLE t; --" }), (e: unknown) => e instanceof InputError && e.code === 'TABLE_NOT_FOUND');
    assert.ok((await ex.listTables(['ml_exec'])).some((t) => t.name === 'Odd "name"'));
  });

  it('estimates the bytes a scan would read from EXPLAIN and the table sizes', async () => {
    const e = await ex.estimate('SELECT count(*) FROM ml_exec."Odd ""name"""');
    assert.ok(e.bytes !== null && e.bytes >= 8192, `bytes ${e.bytes}`);
    assert.match(e.method, /EXPLAIN/);
  });
});
