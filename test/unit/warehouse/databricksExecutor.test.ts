import { strict as assert } from 'node:assert';
import { CancelledError, InputError } from '../../../src/core/errors';
import { DatabricksExecutor } from '../../../src/core/warehouse/executors/databricks';
import { WarehouseError, WarehouseTimeoutError } from '../../../src/core/warehouse/http';
import { UnsafeSqlError } from '../../../src/core/warehouse/selectOnly';
import { loadRecording, replay } from './replay';

const rec = loadRecording('databricks');
const make = (name: string, controller?: AbortController, extra: { timeoutMs?: number } = {}) => {
  const r = replay(rec.cases[name]!, controller);
  const ex = new DatabricksExecutor({ host: 'https://adb-1234567890123456.7.azuredatabricks.net/', warehouseId: 'abc123def456', token: 'dapi-test-token', catalog: 'main', schema: 'sales', pollMs: 1, transport: r.transport, ...extra });
  return { ex, r };
};

describe('warehouse: Databricks executor (recorded Statement Execution API exchanges)', () => {
  it('polls a pending statement to SUCCEEDED, follows result chunks and types values from the manifest', async () => {
    const { ex, r } = make('success');
    const out = await ex.query('SELECT count(*) AS n');
    r.done();
    assert.deepEqual(out.rows.map((x) => ({ ...x })), [
      { n: 100000, m: 0.5, label: 'a', ok: true },
      { n: '9007199254740993', m: NaN, label: null, ok: false },
      { n: 3, m: -Infinity, label: "it's", ok: null },
    ]);
    assert.equal(ex.stats.queries, 1);
    assert.ok(ex.stats.bytesReceived > 500);
  });

  it('a missing table is an InputError naming it; bad credentials an AUTH error', async () => {
    await assert.rejects(make('tableNotFound').ex.query('SELECT 1 FROM `main`.`sales`.`nope`'), (e: unknown) => e instanceof InputError && e.code === 'TABLE_NOT_FOUND' && /nope/.test(e.message));
    await assert.rejects(make('authFailed').ex.query('SELECT 1'), (e: unknown) => e instanceof WarehouseError && e.code === 'AUTH' && /token/.test(e.message));
    await assert.rejects(make('serverCanceled').ex.query('SELECT 1'), (e: unknown) => e instanceof WarehouseError && /canceled/.test(e.message));
  });

  it('past its time limit the statement is cancelled on the server (POST …/cancel)', async () => {
    const { ex, r } = make('timeLimit', undefined, { timeoutMs: 0 });
    await assert.rejects(ex.query('SELECT 1'), WarehouseTimeoutError);
    r.done();
  });

  it('cancelling sends the cancel request to the server and rejects with CancelledError', async () => {
    const controller = new AbortController();
    const { ex, r } = make('cancel', controller);
    await assert.rejects(ex.query('SELECT 1', { signal: controller.signal }), CancelledError);
    r.done();
    assert.match(r.sent.at(-1)!.url, /\/01ef-ffff\/cancel$/);
  });

  it('estimates bytes from EXPLAIN COST (largest sizeInBytes)', async () => {
    const { ex, r } = make('estimate');
    const e = await ex.estimate('SELECT count(*) FROM `main`.`sales`.`orders`');
    r.done();
    assert.equal(e.bytes, 3.5 * 1024 ** 3);
  });

  it('refuses non-SELECT text and a host that is not a host name, before any request', async () => {
    const { ex, r } = make('success');
    await assert.rejects(ex.query("SELECT 'a\\'; DROP TABLE t"), UnsafeSqlError);
    assert.equal(r.sent.length, 0);
    assert.throws(() => new DatabricksExecutor({ host: 'evil.com/x?', warehouseId: 'w', token: 't' }), (e: unknown) => e instanceof InputError && e.code === 'BAD_SOURCE');
  });
});
