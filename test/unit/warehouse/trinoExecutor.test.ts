import { strict as assert } from 'node:assert';
import { CancelledError, InputError } from '../../../src/core/errors';
import { TrinoExecutor } from '../../../src/core/warehouse/executors/trino';
import { WarehouseError } from '../../../src/core/warehouse/http';
import { loadRecording, replay } from './replay';

const rec = loadRecording('trino');
const make = (name: string, controller?: AbortController, extra: { timeoutMs?: number } = {}) => {
  const r = replay(rec.cases[name]!, controller);
  const ex = new TrinoExecutor({ server: 'https://trino.example.com:8443', user: 'analyst', catalog: 'hive', schema: 'sales', transport: r.transport, ...extra });
  return { ex, r };
};

describe('warehouse: Trino executor (recorded client-protocol exchanges)', () => {
  it('retries a 503, follows nextUri to the end, and types values (bigint, double NaN/-Infinity, date, decimal)', async () => {
    const { ex, r } = make('success');
    const out = await ex.query('SELECT count(*) AS n');
    r.done();
    assert.deepEqual(out.rows.map((x) => ({ ...x })), [
      { n: 100000, m: 0.5, d: '2026-11-01', amt: 12.34 },
      { n: 2, m: NaN, d: null, amt: null },
      { n: 3, m: -Infinity, d: '2026-11-03', amt: 1 },
    ]);
  });

  it('errors: a missing table is an InputError; the server time limit (query_max_execution_time) a TIMEOUT', async () => {
    await assert.rejects(make('tableNotFound').ex.query('SELECT 1'), (e: unknown) => e instanceof InputError && e.code === 'TABLE_NOT_FOUND');
    const t = make('serverTimeout', undefined, { timeoutMs: 2000 });
    await assert.rejects(t.ex.query('SELECT 1'), (e: unknown) => e instanceof WarehouseError && e.code === 'TIMEOUT');
    t.r.done();
  });

  it('cancelling sends DELETE to the current nextUri (the query is terminated on the server)', async () => {
    const controller = new AbortController();
    const { ex, r } = make('cancel', controller);
    await assert.rejects(ex.query('SELECT 1', { signal: controller.signal }), CancelledError);
    r.done();
  });

  it('cancelling while the server does not answer still terminates the query', async () => {
    const controller = new AbortController();
    const { ex, r } = make('hungServer', controller);
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(ex.query('SELECT 1', { signal: controller.signal }), CancelledError);
    r.done();
  });

  it('never follows a nextUri to another host (credentials stay with the coordinator)', async () => {
    await assert.rejects(make('foreignNextUri').ex.query('SELECT 1'), (e: unknown) => e instanceof WarehouseError && e.code === 'PROTOCOL' && /evil\.example\.net/.test(e.message));
  });

  it('estimates bytes and rows from EXPLAIN (TYPE IO, FORMAT JSON)', async () => {
    const { ex, r } = make('estimate');
    const e = await ex.estimate('SELECT count(*) FROM "hive"."sales"."orders"');
    r.done();
    assert.deepEqual([e.bytes, e.rows], [9e8, 1e8]);
  });

  it('sends a password only over https', () => {
    assert.throws(() => new TrinoExecutor({ server: 'http://trino:8080', user: 'u', password: 'p' }), (e: unknown) => e instanceof InputError && /https/.test(e.message));
  });
});
