import { strict as assert } from 'node:assert';
import { ConfigReader } from '../../../src/core/checks/configReader';
import { InputError } from '../../../src/core/errors';
import { AthenaExecutor } from '../../../src/core/warehouse/executors/athena';
import { openSource, type SecretResolver } from '../../../src/core/warehouse/sources/openSource';
import { readSources } from '../../../src/core/warehouse/sources/sourceConfig';
import { parseSourceRef } from '../../../src/core/warehouse/sources/sourceRef';
import type { HttpRequest } from '../../../src/core/warehouse/http';

const read = (text: string) => {
  const r = new ConfigReader(text, 'modellens.yml', '/ws');
  return { sources: readSources(r), problems: r.problems };
};

/** Resolves env references from a fixed table (no process.env), secret references from another. */
const fake = (env: Record<string, string>, secrets: Record<string, string> = {}): SecretResolver => async (ref) => new Map(Object.entries(ref.from === 'env' ? env : secrets)).get(ref.name);

describe('warehouse: Athena source (modellens.yml and --source)', () => {
  const saved = { region: process.env['AWS_REGION'], def: process.env['AWS_DEFAULT_REGION'] };
  beforeEach(() => {
    delete process.env['AWS_REGION'];
    delete process.env['AWS_DEFAULT_REGION'];
  });
  after(() => {
    if (saved.region !== undefined) process.env['AWS_REGION'] = saved.region;
    if (saved.def !== undefined) process.env['AWS_DEFAULT_REGION'] = saved.def;
  });

  it('reads an athena source; credentials default to the AWS_* variables; the request goes to the region with the settings', async () => {
    const { sources, problems } = read(`sources:
  lake:
    engine: athena
    region: eu-west-1
    workgroup: analytics
    database: sales
    outputLocation: s3://example-athena-results/lens/
`);
    assert.deepEqual(problems, []);
    const sent: HttpRequest[] = [];
    const w = await openSource(sources.get('lake')!, fake({ AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'tok' }), async (req) => {
      sent.push(req);
      return { status: 400, headers: {}, body: '{"__type":"InvalidRequestException","Message":"stop here"}' };
    });
    assert.ok(w instanceof AthenaExecutor);
    assert.equal(w.location, 'Athena workgroup analytics in eu-west-1');
    await assert.rejects(w.query('SELECT 1'), /stop here/);
    assert.equal(sent[0]!.url, 'https://athena.eu-west-1.amazonaws.com/');
    const body = JSON.parse(sent[0]!.body!) as Record<string, unknown>;
    assert.deepEqual([body['WorkGroup'], body['QueryExecutionContext'], body['ResultConfiguration']], ['analytics', { Catalog: 'AwsDataCatalog', Database: 'sales' }, { OutputLocation: 's3://example-athena-results/lens/' }]);
    assert.equal(sent[0]!.headers['x-amz-security-token'], 'tok');
    assert.deepEqual(parseSourceRef('lake:sales.orders').table, { namespace: ['sales'], name: 'orders' });
  });

  it('named credential references win over the defaults; a literal key in the file is refused', async () => {
    const { sources } = read(`sources:
  lake:
    engine: athena
    region: us-east-2
    accessKeyId: \${env:LENS_AWS_KEY}
    secretAccessKey: \${secret:lake.secret}
`);
    const sent: HttpRequest[] = [];
    const w = await openSource(sources.get('lake')!, fake({ LENS_AWS_KEY: 'AKIDOTHER', AWS_ACCESS_KEY_ID: 'AKIDDEFAULT', AWS_SECRET_ACCESS_KEY: 'x' }, { 'lake.secret': 's' }), async (req) => {
      sent.push(req);
      return { status: 400, headers: {}, body: '{"__type":"InvalidRequestException","Message":"stop"}' };
    });
    await assert.rejects(w.query('SELECT 1'));
    assert.match(sent[0]!.headers['authorization']!, /Credential=AKIDOTHER\/\d{8}\/us-east-2\/athena\/aws4_request/);
    const { problems } = read(`sources:
  lake:
    engine: athena
    region: us-east-1
    secretAccessKey: wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY
`);
    assert.ok(problems.some((p) => /'secretAccessKey' is a secret and must not be written in a file/.test(p.message)), JSON.stringify(problems));
  });

  it('missing credentials or region: MISSING_SECRET / BAD_SOURCE naming the variables to set; AWS_REGION is the fallback', async () => {
    const { sources } = read(`sources:
  lake:
    engine: athena
    database: sales
`);
    await assert.rejects(openSource(sources.get('lake')!, fake({ AWS_ACCESS_KEY_ID: 'AKID' })), (e: unknown) => e instanceof InputError && e.code === 'MISSING_SECRET' && /AWS_SECRET_ACCESS_KEY/.test(e.message) && !/AWS_ACCESS_KEY_ID\)/.test(e.message));
    await assert.rejects(openSource(sources.get('lake')!, fake({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' })), (e: unknown) => e instanceof InputError && e.code === 'BAD_SOURCE' && /AWS_REGION/.test(e.message));
    process.env['AWS_REGION'] = 'ap-southeast-2';
    const w = await openSource(sources.get('lake')!, fake({ AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' }));
    assert.equal(w.location, 'Athena workgroup primary in ap-southeast-2');
  });

  it('unknown keys are located problems', () => {
    const { problems } = read(`sources:
  lake:
    engine: athena
    region: us-east-1
    work_group: x
`);
    assert.ok(problems.some((p) => /work_group/.test(p.message)), JSON.stringify(problems));
  });
});
