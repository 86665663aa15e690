import { strict as assert } from 'node:assert';
import { generateKeyPairSync, verify } from 'node:crypto';
import { CancelledError, InputError } from '../../../src/core/errors';
import { BigQueryExecutor } from '../../../src/core/warehouse/executors/bigquery';
import { WarehouseError, WarehouseTimeoutError } from '../../../src/core/warehouse/http';
import { loadRecording, replay } from './replay';

const rec = loadRecording('bigquery');
const make = (name: string, controller?: AbortController, extra: Record<string, unknown> = {}) => {
  const r = replay(rec.cases[name]!, controller);
  const ex = new BigQueryExecutor({ project: 'proj-123', location: 'EU', dataset: 'sales', accessToken: 'ya29.test-token', transport: r.transport, ...extra });
  return { ex, r };
};

describe('warehouse: BigQuery executor (recorded REST exchanges)', () => {
  it('jobs.query, then getQueryResults until complete and through every page; values typed from the schema', async () => {
    const { ex, r } = make('success');
    const out = await ex.query('SELECT count(*) AS n');
    r.done();
    assert.deepEqual(out.rows.map((x) => ({ ...x })), [
      { n: 100000, m: 0.5, ok: true, amt: 12.34 },
      { n: '9007199254740993', m: NaN, ok: null, amt: null },
      { n: 3, m: -Infinity, ok: false, amt: 1 },
    ]);
  });

  it('errors: notFound → TABLE_NOT_FOUND; maximumBytesBilled → COST_LIMIT; jobTimeoutMs → timeout', async () => {
    await assert.rejects(make('tableNotFound').ex.query('SELECT 1'), (e: unknown) => e instanceof InputError && e.code === 'TABLE_NOT_FOUND');
    await assert.rejects(make('bytesBilledLimit', undefined, { maximumBytesBilled: 1e6 }).ex.query('SELECT 1'), (e: unknown) => e instanceof WarehouseError && e.code === 'COST_LIMIT');
    const t = make('serverTimeout', undefined, { timeoutMs: 2000 });
    await assert.rejects(t.ex.query('SELECT 1'), WarehouseTimeoutError);
    t.r.done();
  });

  it('cancelling calls jobs.cancel for the running job', async () => {
    const controller = new AbortController();
    const { ex, r } = make('cancel', controller);
    await assert.rejects(ex.query('SELECT 1', { signal: controller.signal }), CancelledError);
    r.done();
  });

  it('the cost estimate is a dry run', async () => {
    const { ex, r } = make('dryRun');
    assert.equal((await ex.estimate('SELECT * FROM `proj-123.sales.orders`')).bytes, 123456789012);
    r.done();
  });

  it('describes a table with tables.get', async () => {
    const { ex, r } = make('describe');
    assert.deepEqual(await ex.describe({ namespace: ['sales'], name: 'orders' }), [{ name: 'id', type: 'INTEGER' }, { name: 'amount', type: 'FLOAT' }, { name: 'day', type: 'DATE' }]);
    r.done();
  });

  it('logs in with a service account key: an RS256 JWT bearer assertion, signed with the key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = JSON.stringify({ type: 'service_account', client_email: 'lens@proj-123.iam.gserviceaccount.com', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), token_uri: 'https://oauth2.googleapis.com/token' });
    const r = replay(rec.cases['serviceAccount']!);
    const ex = new BigQueryExecutor({ project: 'proj-123', serviceAccountJson: key, transport: r.transport });
    await ex.estimate('SELECT 1');
    r.done();
    const assertion = new URLSearchParams(r.sent[0]!.body).get('assertion')!;
    const [h, c, s] = assertion.split('.');
    assert.ok(verify('RSA-SHA256', Buffer.from(`${h}.${c}`), publicKey, Buffer.from(s!, 'base64url')));
    const claims = JSON.parse(Buffer.from(c!, 'base64url').toString()) as Record<string, unknown>;
    assert.equal(claims['iss'], 'lens@proj-123.iam.gserviceaccount.com');
    assert.equal(claims['aud'], 'https://oauth2.googleapis.com/token');
    assert.equal(claims['scope'], 'https://www.googleapis.com/auth/bigquery');
  });

  it('refuses a project id that is not one, and no credentials', () => {
    assert.throws(() => new BigQueryExecutor({ project: 'x/../../y', accessToken: 't' }), (e: unknown) => e instanceof InputError && e.code === 'BAD_SOURCE');
    assert.throws(() => new BigQueryExecutor({ project: 'proj-123' }), (e: unknown) => e instanceof InputError && e.code === 'BAD_CREDENTIALS');
  });
});
