// Runs inside the real extension host with test/fixtures/workspace open, against the test PostgreSQL server
// (scripts/postgres.mjs, started by .ci/run); skipped with a message when none is running.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import * as vscode from 'vscode';
import { api, fixture } from './helpers';

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function pgUrl(): string | undefined {
  const info = join(fixture('').fsPath, '..', '..', '..', '.cache', 'postgres.json');
  return existsSync(info) ? (JSON.parse(readFileSync(info, 'utf8')) as { url: string }).url : undefined;
}

describe('Warehouse sources in the real extension host (PostgreSQL)', function () {
  this.timeout(120_000);
  const configFile = fixture('modellens.yml').fsPath;
  let original: string;
  let url: string;

  before(async function () {
    const u = pgUrl();
    if (!u) {
      console.log('warehouse integration tests skipped: no test PostgreSQL (node scripts/postgres.mjs start)');
      return this.skip();
    }
    url = u;
    original = readFileSync(configFile, 'utf8');
    // The fixture CSV as a table: numeric columns as double precision, the rest as text (independent of Model Lens).
    const [header, ...lines] = readFileSync(fixture('loans_small.csv').fsPath, 'utf8').trim().split('\n');
    const cols = header!.split(',');
    const cells = lines.map((l) => l.split(','));
    const numeric = cols.map((_c, j) => cells.every((r) => r[j] === '' || !Number.isNaN(Number(r[j]))));
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`DROP SCHEMA IF EXISTS ml_int CASCADE; CREATE SCHEMA ml_int; CREATE TABLE ml_int.loans (${cols.map((n, j) => `"${n}" ${numeric[j] ? 'double precision' : 'text'}`).join(', ')})`);
      for (const r of cells) await c.query(`INSERT INTO ml_int.loans VALUES (${r.map((_v, j) => `$${j + 1}`).join(', ')})`, r.map((v) => (v === '' ? null : v)));
    } finally {
      await c.end();
    }
  });

  after(() => {
    if (original !== undefined) writeFileSync(configFile, original);
  });

  it('Connect to a Database… saves the source with its secret in SecretStorage, never in the file; the Sources view lists the table', async () => {
    const a = await api();
    const u = new URL(url);
    await vscode.commands.executeCommand('modelLens.connectDatabase', { name: 'pgtest', engine: 'postgres', settings: { host: u.hostname, port: u.port, database: u.pathname.slice(1), user: u.username }, secret: 'hunter2-not-in-file' });
    assert.equal(a.lastError()?.command === 'Connect to a Database' ? a.lastError()?.message : undefined, undefined);
    const text = readFileSync(configFile, 'utf8');
    assert.match(text, /pgtest:/);
    assert.match(text, /\$\{secret:pgtest\.password\}/);
    assert.ok(!text.includes('hunter2'), 'the secret is not written to modellens.yml');
    assert.ok(text.includes(original.split('\n').find((l) => l.trim().length > 0)!), 'the rest of modellens.yml is kept');
    const view = a.sourcesView;
    const sources = await waitFor(async () => (await view.getChildren()).find((n) => n.kind === 'source' && n.source.name === 'pgtest'), 20_000, 'the pgtest source in the Sources view');
    const tables = await view.getChildren(sources);
    assert.ok(tables.some((t) => t.kind === 'table' && t.table.name === 'loans' && t.table.namespace[0] === 'ml_int'), JSON.stringify(tables));
  });

  it('Profile Table opens the profile panel with numbers computed in PostgreSQL', async () => {
    const a = await api();
    await vscode.commands.executeCommand('modelLens.profileTable', 'pgtest:ml_int.loans');
    const uri = vscode.Uri.from({ scheme: 'modellens-table', path: `/pgtest/${encodeURIComponent('ml_int.loans')}` });
    const p = await waitFor(() => a.profileOf(uri), 60_000, 'the profile of pgtest:ml_int.loans');
    const [header, ...lines] = readFileSync(fixture('loans_small.csv').fsPath, 'utf8').trim().split('\n');
    const cols = header!.split(',');
    const ages = lines.map((l) => Number(l.split(',')[cols.indexOf('age')]));
    assert.equal(p.rows, lines.length);
    assert.deepEqual(p.columns.map((c) => c.name), cols);
    const mean = ages.reduce((s, x) => s + x, 0) / ages.length;
    assert.ok(Math.abs((p.columns.find((c) => c.name === 'age')?.numeric?.mean ?? NaN) - mean) < 1e-9);
    assert.equal(p.format, 'table');
  });

  it('Run All Checks runs a check on a dataset declared on the source in PostgreSQL: the same drift as on the same rows in files', async () => {
    const a = await api();
    // The same rows as two files (first six / the rest) and as the table split by filters.
    const [header, ...lines] = readFileSync(fixture('loans_small.csv').fsPath, 'utf8').trim().split('\n');
    const refFile = fixture('pg_split_reference.csv').fsPath;
    const curFile = fixture('pg_split_current.csv').fsPath;
    writeFileSync(refFile, [header, ...lines.slice(0, 6)].join('\n') + '\n');
    writeFileSync(curFile, [header, ...lines.slice(6)].join('\n') + '\n');
    const withSources = readFileSync(configFile, 'utf8');
    try {
      writeFileSync(configFile, `${withSources.replace(/^datasets:\n/m, `datasets:
  loans_pg:
    source: pgtest:ml_int.loans
    referenceWhere: "application_id <= 6"
    currentWhere: "application_id > 6"
  loans_files:
    reference: pg_split_reference.csv
    current: pg_split_current.csv
`).replace(/^  drift:\n/m, `  drift:
    - dataset: loans_pg
      exclude: [application_id]
    - dataset: loans_files
      exclude: [application_id]
`)}`);
      await vscode.commands.executeCommand('modelLens.runAllChecks');
      const report = await waitFor(() => {
        const r = a.lastChecksReport();
        return r?.checks.some((c) => c.id === 'drift/loans_pg') ? r : undefined;
      }, 60_000, 'a checks report with drift/loans_pg');
      const table = report.checks.find((c) => c.id === 'drift/loans_pg')!;
      const files = report.checks.find((c) => c.id === 'drift/loans_files')!;
      assert.notEqual(table.status, 'error', table.summary);
      assert.notEqual(files.status, 'error', files.summary);
      assert.match(table.title, /pgtest:ml_int\.loans where application_id > 6/);
      const cols = (c: typeof table) => (c.report as { columns: { column: string; test: string; statistic: number | null; pValue: number | null; drifted: boolean }[] }).columns;
      assert.deepEqual(cols(table).map((c) => [c.column, c.test, c.drifted]), cols(files).map((c) => [c.column, c.test, c.drifted]));
      assert.ok(cols(files).length >= 3, 'numeric and categorical columns compared');
      cols(files).forEach((f, i) => {
        const t = cols(table)[i]!;
        for (const k of ['statistic', 'pValue'] as const) {
          if (f[k] === null) assert.equal(t[k], null, `${f.column}.${k}`);
          else assert.ok(Math.abs(t[k]! - f[k]!) <= 1e-9, `${f.column}.${k}: table ${t[k]} vs files ${f[k]}`);
        }
      });
    } finally {
      writeFileSync(configFile, withSources);
      rmSync(refFile, { force: true });
      rmSync(curFile, { force: true });
    }
  });
});
