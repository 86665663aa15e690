import { strict as assert } from 'node:assert';
import { CancelledError, InputError } from '../../../src/core/errors';
import { guardScan } from '../../../src/core/warehouse/costGuard';
import { AthenaExecutor } from '../../../src/core/warehouse/executors/athena';
import { WarehouseError, WarehouseTimeoutError } from '../../../src/core/warehouse/http';
import { UnsafeSqlError } from '../../../src/core/warehouse/selectOnly';
import { loadRecording, replay } from './replay';

const rec = loadRecording('athena');
const make = (name: string, controller?: AbortController, extra: { timeoutMs?: number; sessionToken?: string } = {}) => {
  const r = replay(rec.cases[name]!, controller);
  const ex = new AthenaExecutor({
    region: 'us-east-1', workgroup: 'analytics', database: 'sales', outputLocation: 's3://example-athena-results/model-lens/',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', ...(extra.sessionToken ? { sessionToken: extra.sessionToken } : {}) },
    transport: r.transport, pollMs: 1, retryMs: 1, now: () => new Date('2026-12-06T06:00:00Z'),
    ...(extra.timeoutMs !== undefined ? { timeoutMs: extra.timeoutMs } : {}),
  });
  return { ex, r };
};

describe('warehouse: Athena executor (recorded JSON API exchanges)', () => {
  it('retries throttling and a 500, polls QUEUED → RUNNING → SUCCEEDED, pages with NextToken, drops the header row, types values', async () => {
    const { ex, r } = make('success', undefined, { sessionToken: 'FwoGZXIvYXdzEXAMPLE' });
    const out = await ex.query('SELECT count(*) AS n');
    r.done();
    assert.deepEqual(out.rows.map((x) => ({ ...x })), [
      { n: 100000, m: 0.5, d: '2026-11-01', amt: 12.34, g: 'eu', q: [0.25, 0.5, 0.75], big: '9007199254740993', ok: true },
      { n: 2, m: NaN, d: null, amt: null, g: '', q: null, big: -1, ok: false },
      { n: 3, m: -Infinity, d: '2026-11-03', amt: 1, g: 'n', q: [1e10], big: 0, ok: null },
    ]);
    assert.equal(out.columns.map((c) => c.type).join(','), 'BIGINT,DOUBLE,DATE,DECIMAL,VARCHAR,ARRAY,BIGINT,BOOLEAN');
    assert.deepEqual([ex.stats.queries, ex.stats.rowsReceived, ex.stats.bytesScanned], [1, 3, 52428800]);
    assert.ok(ex.stats.bytesReceived > 0);
    // Every call is signed for the athena service in the region, with the session token; each start carries the same idempotency token.
    for (const q of r.sent) {
      assert.match(q.headers['authorization']!, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261206\/us-east-1\/athena\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/);
      assert.equal(q.headers['x-amz-security-token'], 'FwoGZXIvYXdzEXAMPLE');
    }
    const tokens = r.sent.slice(0, 3).map((q) => (JSON.parse(q.body!) as { ClientRequestToken: string }).ClientRequestToken);
    assert.equal(new Set(tokens).size, 1, 'a retried StartQueryExecution reuses its ClientRequestToken');
    assert.ok(tokens[0]!.length >= 32 && tokens[0]!.length <= 128);
  });

  it('a FAILED query reports StateChangeReason and the Athena error type; a missing table is TABLE_NOT_FOUND; CANCELLED by someone else says so', async () => {
    await assert.rejects(make('failed').ex.query('SELECT 1'), (e: unknown) => e instanceof WarehouseError && e.code === 'QUERY_FAILED' && /Function 'median' not registered/.test(e.message) && /error type 1006/.test(e.message));
    await assert.rejects(make('tableNotFound').ex.query('SELECT 1'), (e: unknown) => e instanceof InputError && e.code === 'TABLE_NOT_FOUND' && /sales\.nope/.test(e.message));
    await assert.rejects(make('serverCancelled').ex.query('SELECT 1'), (e: unknown) => e instanceof WarehouseError && e.code === 'CANCELLED_BY_SERVER');
  });

  it('past the time limit, StopQueryExecution stops the query on the server', async () => {
    const { ex, r } = make('timeLimit', undefined, { timeoutMs: 0 });
    await assert.rejects(ex.query('SELECT 1'), WarehouseTimeoutError);
    r.done();
  });

  it('cancelling sends StopQueryExecution, also while a poll hangs', async () => {
    const controller = new AbortController();
    const c = make('cancel', controller);
    await assert.rejects(c.ex.query('SELECT 1', { signal: controller.signal }), CancelledError);
    c.r.done();
    const hung = new AbortController();
    const h = make('hungPoll', hung);
    setTimeout(() => hung.abort(), 50);
    await assert.rejects(h.ex.query('SELECT 1', { signal: hung.signal }), CancelledError);
    h.r.done();
  });

  it('throttling that does not stop, bad credentials and a refused request are clear errors', async () => {
    const t = make('throttledOut');
    await assert.rejects(t.ex.query('SELECT 1'), (e: unknown) => e instanceof WarehouseError && e.code === 'THROTTLED' && /after 6 attempts/.test(e.message));
    t.r.done();
    await assert.rejects(make('authFailed').ex.query('SELECT 1'), (e: unknown) => e instanceof WarehouseError && e.code === 'AUTH' && /AWS_ACCESS_KEY_ID/.test(e.message));
    await assert.rejects(make('invalidRequest').ex.query('SELECT 1'), (e: unknown) => e instanceof WarehouseError && e.code === 'QUERY_FAILED' && /No output location/.test(e.message));
  });

  it('sends only generated SELECTs', async () => {
    const { ex } = make('success');
    await assert.rejects(ex.query('DROP TABLE sales.orders'), UnsafeSqlError);
    await assert.rejects(ex.query('SELECT 1; DELETE FROM t'), UnsafeSqlError);
  });

  it('cost guard: EXPLAIN (TYPE IO) bytes when Glue has statistics; otherwise unknown, and the guard still asks', async () => {
    const sql = 'SELECT count(*) AS n FROM "sales"."orders"';
    const s = make('estimateStats');
    assert.deepEqual(await s.ex.estimate(sql).then((e) => [e.bytes, e.rows]), [9e8, 1e8]);
    s.r.done();
    const n = make('estimateNoStats');
    const asked: (number | null)[] = [];
    await assert.rejects(guardScan(n.ex, sql, 10e9, async (e) => (asked.push(e.bytes), false), { what: 'profile of athena:sales.orders' }), (e: unknown) => e instanceof InputError && e.code === 'SCAN_TOO_LARGE' && /cannot say how much/.test(e.message) && /--yes/.test(e.message));
    assert.deepEqual(asked, [null]);
    n.r.done();
  });

  it('describes a table (columns then partition keys) and lists tables with NextToken', async () => {
    const d = make('describe');
    assert.deepEqual(await d.ex.describe({ namespace: ['sales'], name: 'orders' }), [
      { name: 'order_id', type: 'BIGINT' }, { name: 'amount', type: 'DOUBLE' }, { name: 'region', type: 'STRING' }, { name: 'flag', type: 'BOOLEAN' }, { name: 'day', type: 'DATE' },
    ]);
    await assert.rejects(make('describeMissing').ex.describe({ namespace: [], name: 'nope' }), (e: unknown) => e instanceof InputError && e.code === 'TABLE_NOT_FOUND' && /AwsDataCatalog\.sales\.nope/.test(e.message));
    const l = make('listTables');
    assert.deepEqual((await l.ex.listTables()).map((t) => [...t.namespace, t.name].join('.')), ['AwsDataCatalog.sales.orders', 'AwsDataCatalog.sales.customers', 'AwsDataCatalog.sales.features']);
    l.r.done();
  });

  it('refuses a region that is not one (the host name is built from it) and an output location that is not s3://', async () => {
    const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' };
    await assert.rejects(new AthenaExecutor({ region: 'evil.example.com/', credentials: creds, transport: async () => assert.fail('sent') }).query('SELECT 1'), (e: unknown) => e instanceof InputError && e.code === 'BAD_SOURCE');
    assert.throws(() => new AthenaExecutor({ region: 'us-east-1', credentials: creds, outputLocation: 'https://x' }), (e: unknown) => e instanceof InputError && /s3:\/\//.test(e.message));
  });
});
