import { strict as assert } from 'node:assert';
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { CancelledError, InputError } from '../../../src/core/errors';
import { SnowflakeExecutor } from '../../../src/core/warehouse/executors/snowflake';
import { WarehouseTimeoutError } from '../../../src/core/warehouse/http';
import { loadRecording, replay } from './replay';

const rec = loadRecording('snowflake');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const make = (name: string, controller?: AbortController, extra: Record<string, unknown> = {}) => {
  const r = replay(rec.cases[name]!, controller);
  const ex = new SnowflakeExecutor({ account: 'myorg-myaccount', user: 'lens_reader', privateKey: pem, warehouse: 'ANALYTICS_WH', database: 'SALES', schema: 'PUBLIC', role: 'READER', pollMs: 1, transport: r.transport, ...extra });
  return { ex, r };
};

describe('warehouse: Snowflake executor (recorded SQL API exchanges)', () => {
  it('polls a 202 to 200, fetches every partition and types jsonv2 values (fixed, real, date as days)', async () => {
    const { ex, r } = make('success');
    const out = await ex.query('SELECT 1');
    r.done();
    assert.deepEqual(out.rows.map((x) => ({ ...x })), [
      { N: 100000, M: 0.5, D: '2025-11-01', AMT: 12.34, LABEL: 'a' },
      { N: '9007199254740993', M: NaN, D: null, AMT: null, LABEL: null },
      { N: 3, M: -Infinity, D: '2025-11-03', AMT: 1, LABEL: "it's" },
    ]);
  });

  it('signs a key-pair JWT: iss ACCOUNT.USER.SHA256:<fingerprint of the public key>, sub ACCOUNT.USER', async () => {
    const { ex, r } = make('success');
    await ex.query('SELECT 1');
    const jwt = r.sent[0]!.headers['authorization']!.replace(/^Bearer /, '');
    const [h, c, s] = jwt.split('.');
    assert.ok(verify('RSA-SHA256', Buffer.from(`${h}.${c}`), publicKey, Buffer.from(s!, 'base64url')));
    const fp = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
    const claims = JSON.parse(Buffer.from(c!, 'base64url').toString()) as Record<string, unknown>;
    assert.equal(claims['iss'], `MYORG-MYACCOUNT.LENS_READER.SHA256:${fp}`);
    assert.equal(claims['sub'], 'MYORG-MYACCOUNT.LENS_READER');
  });

  it('errors: 422 object does not exist → TABLE_NOT_FOUND; 408 → timeout stopped by Snowflake', async () => {
    await assert.rejects(make('tableNotFound').ex.query('SELECT 1'), (e: unknown) => e instanceof InputError && e.code === 'TABLE_NOT_FOUND');
    const t = make('serverTimeout', undefined, { timeoutMs: 2000 });
    await assert.rejects(t.ex.query('SELECT 1'), WarehouseTimeoutError);
    t.r.done();
  });

  it('cancelling posts /statements/{handle}/cancel', async () => {
    const controller = new AbortController();
    const { ex, r } = make('cancel', controller);
    await assert.rejects(ex.query('SELECT 1', { signal: controller.signal }), CancelledError);
    r.done();
  });

  it('estimates bytes from EXPLAIN USING JSON', async () => {
    const { ex, r } = make('estimate');
    assert.equal((await ex.estimate('SELECT count(*) FROM "SALES"."PUBLIC"."ORDERS"')).bytes, 2.4e9);
    r.done();
  });

  it('refuses an account that is not an identifier, and no credentials', () => {
    assert.throws(() => new SnowflakeExecutor({ account: 'evil.com/x#', user: 'u', oauthToken: 't' }), (e: unknown) => e instanceof InputError && e.code === 'BAD_SOURCE');
    assert.throws(() => new SnowflakeExecutor({ account: 'a', user: 'u' }), (e: unknown) => e instanceof InputError && e.code === 'BAD_CREDENTIALS');
  });
});
