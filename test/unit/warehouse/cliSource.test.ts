import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/core/data/engine';
import { loadDataset } from '../../../src/core/data/loadDataset';
import { copyToPostgres, sameReport } from './pgLoad';
import { pgUrl } from './pgServer';

const root = join(__dirname, '../../..');
const entry = existsSync(join(root, 'dist/cli.js')) ? [join(root, 'bin/model-lens.js')] : ['--require', 'tsx/cjs', join(root, 'src/cli/main.ts')];

function cli(env: Record<string, string>, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 90000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI --source (real PostgreSQL)', function () {
  this.timeout(120_000);
  let config: string;
  const env = { ML_TEST_PG_PASSWORD: 'not-needed-with-trust' };

  before(async function () {
    const url = await pgUrl();
    if (!url) return this.skip();
    const engine = await Engine.create({ threads: 1 });
    try {
      await copyToPostgres(url, engine, await loadDataset(engine, join(root, 'sample/loans_reference.csv')), 'ml_cli', 'loans');
    } finally {
      engine.close();
    }
    const u = new URL(url);
    const dir = mkdtempSync(join(tmpdir(), 'ml-cli-src-'));
    config = join(dir, 'modellens.yml');
    writeFileSync(config, `sources:\n  pg:\n    engine: postgres\n    host: ${u.hostname}\n    port: ${u.port}\n    database: ${u.pathname.slice(1)}\n    user: ${u.username}\n    password: \${env:ML_TEST_PG_PASSWORD}\n  tiny:\n    engine: postgres\n    host: ${u.hostname}\n    port: ${u.port}\n    database: ${u.pathname.slice(1)}\n    user: ${u.username}\n    maxScanBytes: 1KB\n`);
  });

  it('profile --source: the file\'s profile, computed in PostgreSQL, saying so', () => {
    const remote = cli(env, 'profile', '--source', 'pg:ml_cli.loans', '--config', config);
    assert.equal(remote.code, 0, remote.stderr);
    const local = cli(env, 'profile', 'sample/loans_reference.csv');
    const r = JSON.parse(remote.stdout) as Record<string, unknown>;
    const l = JSON.parse(local.stdout) as Record<string, unknown>;
    assert.equal((r['computedIn'] as { engine: string }).engine, 'postgres');
    assert.ok((r['computedIn'] as { bytesReceived: number }).bytesReceived < 100_000);
    const diff = sameReport(r['columns'], l['columns']);
    assert.equal(diff, undefined, diff);
    assert.equal(r['rows'], l['rows']);
  });

  it('--where filters in the database; a bad filter is a clear error (exit 2)', () => {
    const r = cli(env, 'health', '--source', 'pg:ml_cli.loans', '--where', "gender = 'female'", '--baseline', 'sample/.modellens/baselines/loans_current.json', '--config', config, '--now', '2026-10-01');
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.match(JSON.parse(r.stdout).dataset, /where gender = 'female'/);
    const bad = cli(env, 'profile', '--source', 'pg:ml_cli.loans', '--where', 'genderx = 1', '--config', config);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /'genderx' is not a column/);
  });

  it('the cost guard refuses a scan above maxScanBytes without --yes, and runs it with --yes', () => {
    const refused = cli(env, 'profile', '--source', 'tiny:ml_cli.loans', '--config', config);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /would scan about .* above the source's limit of 1\.00 KB.*--yes/);
    assert.equal(cli(env, 'profile', '--source', 'tiny:ml_cli.loans', '--config', config, '--yes').code, 0);
  });

  it('a secret variable that is not set is named; a file with --source is refused', () => {
    const r = cli({ ML_TEST_PG_PASSWORD: '' }, 'profile', '--source', 'pg:ml_cli.loans', '--config', config);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ML_TEST_PG_PASSWORD/);
    assert.equal(cli(env, 'profile', 'sample/loans_reference.csv', '--source', 'pg:ml_cli.loans', '--config', config).code, 2);
  });
});
