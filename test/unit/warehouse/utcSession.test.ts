import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { BigQueryExecutor } from '../../../src/core/warehouse/executors/bigquery';
import { SnowflakeExecutor } from '../../../src/core/warehouse/executors/snowflake';
import { TrinoExecutor } from '../../../src/core/warehouse/executors/trino';
import type { HttpRequest } from '../../../src/core/warehouse/http';
import type { WarehouseExecutor } from '../../../src/core/warehouse/types';
import { loadRecording, replay, type Exchange } from './replay';

/**
 * The executors that pin the session's time zone do it on every statement they send (queries, failing ones,
 * cost estimates), replayed from the recorded exchanges: Snowflake's `parameters.TIMEZONE`, Trino's and Presto's
 * `X-…-Time-Zone` header, BigQuery's `connectionProperties` time_zone. Databricks (no session settings in the
 * Statement Execution API) and Athena (none in StartQueryExecution) rely on the dialects' UTC conversion instead
 * (utcWindows.test.ts).
 */
type Run = (ex: WarehouseExecutor, controller: AbortController) => Promise<unknown>;
const query: Run = (ex, c) => ex.query('SELECT 1', { signal: c.signal });

/** Runs each recorded case and returns every request sent; a request that departs from the recording fails the test. */
async function sentBy(cases: Record<string, Exchange[]>, runs: Record<string, Run>, make: (exchanges: Exchange[], c: AbortController, timeoutMs: number | undefined) => { ex: WarehouseExecutor; sent: HttpRequest[] }): Promise<HttpRequest[]> {
  const sent: HttpRequest[] = [];
  for (const [name, run] of Object.entries(runs)) {
    const exchanges = cases[name];
    assert.ok(exchanges, `recorded case ${name}`);
    const controller = new AbortController();
    // The recorded server time limit is 2 s in serverTimeout, the default (600 s) elsewhere.
    const m = make(exchanges, controller, name === 'serverTimeout' ? 2000 : undefined);
    const failure = await run(m.ex, controller).then(() => '', (e: unknown) => String(e));
    assert.doesNotMatch(failure, /request \d+: /, `${name}: a request departs from the recording`);
    sent.push(...m.sent);
  }
  return sent;
}

describe('warehouse: every statement is sent with the session time zone UTC (recorded exchanges)', () => {
  it('Snowflake: parameters.TIMEZONE = UTC in the body of every statement', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rec = loadRecording('snowflake');
    const sent = await sentBy(rec.cases, {
      success: query, tableNotFound: query, serverTimeout: query, cancel: query,
      estimate: (ex) => ex.estimate('SELECT count(*) FROM "SALES"."PUBLIC"."ORDERS"'),
    }, (exchanges, c, timeoutMs) => {
      const r = replay(exchanges, c);
      return { ex: new SnowflakeExecutor({ account: 'myorg-myaccount', user: 'lens_reader', privateKey: pem, warehouse: 'ANALYTICS_WH', database: 'SALES', schema: 'PUBLIC', role: 'READER', pollMs: 1, ...(timeoutMs ? { timeoutMs } : {}), transport: r.transport }), sent: r.sent };
    });
    const statements = sent.filter((q) => q.method === 'POST' && /\/api\/v2\/statements\?/.test(q.url));
    assert.ok(statements.length >= 5, `${statements.length} statements`);
    for (const q of statements) {
      const body = JSON.parse(q.body ?? '{}') as { parameters?: Record<string, string> };
      assert.equal(body.parameters?.['TIMEZONE'], 'UTC', q.body);
      assert.equal(body.parameters?.['WEEK_START'], '1');
    }
  });

  for (const flavour of ['trino', 'presto'] as const) {
    const prefix = flavour === 'presto' ? 'X-Presto' : 'X-Trino';
    it(`${flavour === 'presto' ? 'Presto' : 'Trino'}: ${prefix}-Time-Zone: UTC on every statement`, async () => {
      const rec = loadRecording('trino');
      // The recording lists X-Trino-* headers; for PrestoDB's names the same exchanges without header checks.
      const cases = flavour === 'presto'
        ? Object.fromEntries(Object.entries(rec.cases).map(([k, v]) => [k, v.map((e) => ({ ...e, request: { method: e.request.method, url: e.request.url } }))]))
        : rec.cases;
      const sent = await sentBy(cases, {
        success: (ex) => ex.query('SELECT count(*) AS n'), tableNotFound: query, serverTimeout: query, cancel: query,
        estimate: (ex) => ex.estimate('SELECT count(*) FROM "hive"."sales"."orders"'),
      }, (exchanges, c, timeoutMs) => {
        const r = replay(exchanges, c);
        return { ex: new TrinoExecutor({ server: 'https://trino.example.com:8443', user: 'analyst', catalog: 'hive', schema: 'sales', flavour, ...(timeoutMs ? { timeoutMs } : {}), transport: r.transport }), sent: r.sent };
      });
      const statements = sent.filter((q) => q.method === 'POST' && q.url.endsWith('/v1/statement'));
      assert.ok(statements.length >= 5, `${statements.length} statements`);
      for (const q of statements) {
        assert.equal(q.headers[`${prefix}-Time-Zone`], 'UTC', JSON.stringify(q.headers));
        assert.equal(Object.keys(q.headers).filter((h) => /-Time-Zone$/i.test(h)).length, 1, 'one time zone header, of the flavour');
      }
    });
  }

  it('BigQuery: connectionProperties time_zone = UTC on every query and dry run', async () => {
    const rec = loadRecording('bigquery');
    const sent = await sentBy(rec.cases, {
      success: query, tableNotFound: query, serverTimeout: query, cancel: query,
      dryRun: (ex) => ex.estimate('SELECT * FROM `proj-123.sales.orders`'),
    }, (exchanges, c, timeoutMs) => {
      const r = replay(exchanges, c);
      return { ex: new BigQueryExecutor({ project: 'proj-123', location: 'EU', dataset: 'sales', accessToken: 'ya29.test-token', ...(timeoutMs ? { timeoutMs } : {}), transport: r.transport }), sent: r.sent };
    });
    const statements = sent.filter((q) => q.method === 'POST' && /\/queries$/.test(q.url));
    assert.ok(statements.length >= 5, `${statements.length} statements`);
    for (const q of statements) assert.deepEqual((JSON.parse(q.body ?? '{}') as { connectionProperties?: unknown }).connectionProperties, [{ key: 'time_zone', value: 'UTC' }]);
  });
});
