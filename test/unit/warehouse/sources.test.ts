import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigReader } from '../../../src/core/checks/configReader';
import { InputError } from '../../../src/core/errors';
import { formatBytes, guardScan, parseByteSize } from '../../../src/core/warehouse/costGuard';
import { PostgresExecutor } from '../../../src/core/warehouse/executors/postgres';
import { SnowflakeExecutor } from '../../../src/core/warehouse/executors/snowflake';
import { loadSources } from '../../../src/core/warehouse/sources/loadSources';
import { openSource, resolveSettings } from '../../../src/core/warehouse/sources/openSource';
import { readSources } from '../../../src/core/warehouse/sources/sourceConfig';
import { parseSourceRef } from '../../../src/core/warehouse/sources/sourceRef';
import type { CostEstimate, WarehouseExecutor } from '../../../src/core/warehouse/types';

const read = (text: string) => {
  const r = new ConfigReader(text, 'modellens.yml', '/ws');
  const sources = readSources(r);
  return { sources, problems: r.problems };
};

describe('warehouse: sources in modellens.yml', () => {
  it('reads engines, plain settings and secret references', () => {
    const { sources, problems } = read(`sources:
  pg:
    engine: postgres
    host: db.internal
    port: 5432
    database: features
    user: analyst
    password: \${env:PGPASSWORD}
    maxScanBytes: 2GB
  wh:
    engine: snowflake
    account: myorg-myaccount
    user: LENS
    privateKey: \${secret:snowflake-key}
`);
    assert.deepEqual(problems, []);
    const pg = sources.get('pg')!;
    assert.equal(pg.engine, 'postgres');
    assert.equal(pg.settings.get('port'), 5432);
    assert.deepEqual(pg.secrets.get('password'), { from: 'env', name: 'PGPASSWORD' });
    assert.equal(pg.maxScanBytes, 2e9);
    assert.deepEqual(sources.get('wh')!.secrets.get('privateKey'), { from: 'secret', name: 'snowflake-key' });
  });

  it('refuses a secret written in the file, located at its line, and reports other mistakes together', () => {
    const { problems } = read(`sources:
  pg:
    engine: postgres
    database: features
    password: hunter2
    hots: x
  bq:
    engine: bigquery
  x:
    engine: oracle
`);
    const at = (re: RegExp) => problems.find((p) => re.test(p.message));
    assert.equal(at(/must not be written in a file/)?.line, 5);
    assert.match(at(/unknown key 'hots'/)!.message, /did you mean 'host'/);
    assert.ok(at(/needs 'project'/));
    assert.ok(at(/engine 'oracle' is not supported/));
  });

  it('loadSources finds modellens.yml upwards and needs no checks section', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ml-src-'));
    writeFileSync(join(dir, 'modellens.yml'), 'sources:\n  pg: { engine: postgres, database: d }\n');
    assert.deepEqual([...loadSources(undefined, dir).sources.keys()], ['pg']);
    assert.throws(() => loadSources(join(dir, 'nope.yml')), (e: unknown) => e instanceof InputError && e.code === 'FILE_NOT_FOUND');
  });

  it('secrets come from the resolver; a missing variable is named in the message', async () => {
    const { sources } = read('sources:\n  pg: { engine: postgres, database: d, password: "${env:ML_TEST_UNSET_PW}" }\n');
    delete process.env['ML_TEST_UNSET_PW'];
    await assert.rejects(resolveSettings(sources.get('pg')!, async () => undefined), (e: unknown) => e instanceof InputError && e.code === 'MISSING_SECRET' && /ML_TEST_UNSET_PW/.test(e.message));
    const s = await resolveSettings(sources.get('pg')!, async (ref) => (ref.name === 'ML_TEST_UNSET_PW' ? 'pw' : undefined));
    assert.equal(s['password'], 'pw');
  });

  it('openSource builds the engine executor', async () => {
    const { sources } = read('sources:\n  pg: { engine: postgres, database: d, host: h }\n  wh: { engine: snowflake, account: a, user: u, oauthToken: "${env:ML_TEST_SF_TOKEN}" }\n');
    const pg = await openSource(sources.get('pg')!);
    assert.ok(pg instanceof PostgresExecutor);
    await pg.close();
    process.env['ML_TEST_SF_TOKEN'] = 't';
    assert.ok((await openSource(sources.get('wh')!)) instanceof SnowflakeExecutor);
  });
});

describe('warehouse: source references', () => {
  it('parses name:table, schema.table, catalog.schema.table and quoted parts', () => {
    assert.deepEqual(parseSourceRef('pg:features').table, { namespace: [], name: 'features' });
    assert.deepEqual(parseSourceRef('warehouse:sales.orders').table, { namespace: ['sales'], name: 'orders' });
    assert.deepEqual(parseSourceRef('dbx:main.sales.orders').table, { namespace: ['main', 'sales'], name: 'orders' });
    assert.deepEqual(parseSourceRef('pg:"My Schema"."odd.na""me"').table, { namespace: ['My Schema'], name: 'odd.na"me' });
  });

  it('keeps injection attempts as names or refuses them; never SQL', () => {
    // A quoted part holding SQL stays one name (the dialect quotes it whole).
    assert.deepEqual(parseSourceRef('pg:"x; DROP TABLE t; --"').table, { namespace: [], name: 'x; DROP TABLE t; --' });
    for (const bad of ['pg:x; DROP TABLE t', 'pg:a"b', 'pg:', 'pg:a..b', 'pg:a.', 'pg:"open', 'pg:a.b.c.d', 'pg:a\u0000b', '1pg:x', 'features', 'pg:"a"b']) {
      assert.throws(() => parseSourceRef(bad), (e: unknown) => e instanceof InputError && e.code === 'BAD_SOURCE', bad);
    }
  });
});

describe('warehouse: cost guard', () => {
  const fake = (bytes: number | null): WarehouseExecutor => ({ location: 'PostgreSQL at test', estimate: async (): Promise<CostEstimate> => ({ bytes, rows: null, method: 'EXPLAIN' }) }) as unknown as WarehouseExecutor;

  it('parses sizes', () => {
    assert.deepEqual(['10GB', '500 MB', '1.5TiB', 0, '12', 'x', -1].map(parseByteSize), [10e9, 500e6, 1.5 * 1024 ** 4, 0, 12, undefined, undefined]);
    assert.equal(formatBytes(123456789012), '123.5 GB');
  });

  it('asks only above the limit; a refusal is SCAN_TOO_LARGE with the estimate and how to proceed', async () => {
    let asked = 0;
    const yes = async () => { asked++; return true; };
    await guardScan(fake(5e9), 'SELECT 1', 10e9, yes, { what: 'profile' });
    assert.equal(asked, 0);
    await guardScan(fake(50e9), 'SELECT 1', 10e9, yes, { what: 'profile' });
    assert.equal(asked, 1);
    await assert.rejects(guardScan(fake(50e9), 'SELECT 1', 10e9, async () => false, { what: 'profile' }), (e: unknown) => e instanceof InputError && e.code === 'SCAN_TOO_LARGE' && /50\.0 GB/.test(e.message) && /--yes/.test(e.message));
    await guardScan(fake(null), 'SELECT 1', 10e9, async () => false, { what: 'profile' });
    await guardScan(fake(50e9), 'SELECT 1', 0, async () => false, { what: 'profile' });
  });
});
