// The data viewer's SQL filter can read nothing but the dataset (issue 19). Two walls are tested separately:
// the allow-list over DuckDB's own syntax tree (compileFilter) and the sandboxed engine (openSandboxed), which
// refuses other files even to SQL that skips the first wall. "No other file is touched" is checked with atime-free
// evidence: a canary file's content, a would-be COPY target that must not appear, and the engine's own errors.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../../src/core/data/engine';
import { quoteLiteral } from '../../../src/core/data/sql';
import { InputError } from '../../../src/core/errors';
import { compileFilter } from '../../../src/core/viewer/filterSql';
import { openSandboxed } from '../../../src/core/viewer/sandbox';
import { ViewerTable } from '../../../src/core/viewer/viewerTable';

const dir = mkdtempSync(join(tmpdir(), 'model-lens-filter-'));
// The file's fixtures go with the run (mocha's root hook: after every suite).
after(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, 'loans.csv');
writeFileSync(data, 'id,amount,city,"odd name"\n1,10.5,Oslo,a\n2,200,Rome,b\n3,,Lima,c\n4,55,oslo,d\n');
const canary = join(dir, 'secret.csv');
writeFileSync(canary, 'token\nhunter2\n');
const copyTarget = join(dir, 'stolen.csv');

describe('viewer filter: safety', () => {
  let engine: Engine;
  let table: ViewerTable;
  let relation: string;
  before(async () => {
    const opened = await openSandboxed(data, { threads: 1 });
    engine = opened.engine;
    table = await ViewerTable.create(engine, opened.dataset);
    relation = opened.dataset.relation;
  });
  after(async () => {
    await table.release();
    engine.close();
  });

  const refused = async (text: string, code: string | RegExp, pattern?: RegExp) => {
    await assert.rejects(compileFilter(engine, text, relation, table.columns), (e: unknown) => {
      assert.ok(e instanceof InputError, `expected an InputError for ${text}, got ${String(e)}`);
      if (typeof code === 'string') assert.equal(e.code, code, `${text}: ${e.message}`);
      else assert.match(e.code, code);
      if (pattern) assert.match(e.message, pattern, text);
      return true;
    });
  };

  const attacks: [string, RegExp][] = [
    [`read_csv('${canary}') IS NOT NULL`, /read_csv\(\) is not allowed/],
    [`(SELECT count(*) FROM read_csv('${canary}')) > 0`, /subqueries are not allowed/],
    [`amount IN (SELECT token FROM read_csv('${canary}'))`, /subqueries are not allowed/],
    [`EXISTS (SELECT 1 FROM glob('/etc/*'))`, /subqueries|not allowed/],
    [`1=1; COPY (SELECT 1) TO '${copyTarget}'`, /one expression only|not a statement/],
    [`1=1; ATTACH '${join(dir, 'x.db')}' AS x`, /one expression only|not a statement|not valid SQL/],
    [`1=1; INSTALL httpfs`, /one expression only|not a statement|not valid SQL/],
    [`1=1; PRAGMA database_list`, /one expression only|not a statement|not valid SQL/],
    [`1=1; SET enable_external_access = true`, /one expression only|not a statement|not valid SQL/],
    [`TRUE FROM read_csv('${canary}')`, /FROM, JOIN and table functions are not allowed/],
    [`TRUE UNION SELECT true FROM read_csv('${canary}')`, /only an expression is allowed, not a query/],
    [`current_setting('allowed_paths') IS NOT NULL`, /current_setting\(\) is not allowed/],
    [`getvariable('x') IS NULL`, /not allowed/],
    [`amount > 0 AND COLUMNS('*') IS NOT NULL`, /'\*' and COLUMNS/],
    [`sum(amount) OVER () > 0`, /window functions/],
    [`list_transform([1], x -> x + 1) IS NOT NULL`, /not allowed/],
    [`main.abs(amount) > 0`, /qualified function names/],
    [`loans.amount > 0`, /qualified names are not allowed/],
    [`amount > ?`, /parameters/],
    [`CAST(amount AS my_type) > 0`, /casts to .* are not allowed/],
  ];
  for (const [text, why] of attacks) {
    it(`refuses: ${text}`, () => refused(text, /^FILTER_(REFUSED|SYNTAX)$/, why));
  }

  it('refused statements touch no other file: the canary is unchanged and no COPY target appears', async () => {
    const before = readFileSync(canary, 'utf8');
    for (const [text] of attacks) await compileFilter(engine, text, relation, table.columns).catch(() => undefined);
    assert.equal(readFileSync(canary, 'utf8'), before);
    assert.equal(existsSync(copyTarget), false);
    assert.equal(existsSync(join(dir, 'x.db')), false);
  });

  it('the sandboxed engine refuses other files even to SQL that never went through the filter check', async () => {
    for (const sql of [`SELECT * FROM read_csv(${quoteLiteral(canary)})`, `SELECT * FROM glob('/etc/*')`, `COPY (SELECT 1) TO ${quoteLiteral(copyTarget)}`, `ATTACH ${quoteLiteral(join(dir, 'y.db'))}`, 'INSTALL httpfs', 'LOAD httpfs', 'SET enable_external_access = true', "SET allowed_paths = ['/']"]) {
      await assert.rejects(engine.run(sql), /Permission Error|disabled|locked|Cannot change/i, sql);
    }
    assert.equal(existsSync(copyTarget), false);
    assert.equal(existsSync(join(dir, 'y.db')), false);
  });

  it('accepts ordinary conditions and runs DuckDB\'s rendering of the checked tree', async () => {
    const ok = ["amount > 50 AND city <> 'Rome'", "lower(city) LIKE 'o%'", 'amount IS NULL OR amount BETWEEN 1 AND 20', "\"odd name\" IN ('a', 'd')", "CASE WHEN amount > 100 THEN true ELSE false END", "CAST(id AS VARCHAR) = '3'", "contains(city, 'ma') OR year(DATE '2026-01-02') = 2026", "city = 'it''s'"];
    for (const text of ok) {
      const sql = await compileFilter(engine, text, relation, table.columns);
      assert.ok(sql.length > 0);
    }
    const rows = async (filter: string) => { await table.setView({ filter, quick: new Map() }); return (await table.page(0, 100)).map((r) => r.row); };
    assert.deepEqual(await rows("lower(city) LIKE 'o%'"), [0, 3]);
    assert.deepEqual(await rows('amount IS NULL'), [2]);
    assert.deepEqual(await rows("city = 'it''s'"), []);
  });

  it('clear messages for unknown columns, types and non-conditions', async () => {
    await refused('amout > 5', 'FILTER_REFUSED', /no column named 'amout'; columns are: "id", "amount"/);
    await refused('Amount > 5 AND CITY = \'Oslo\'', /^$/).catch(() => undefined); // case-insensitive names are accepted (below)
    assert.ok(await compileFilter(engine, "Amount > 5 AND CITY = 'Oslo'", relation, table.columns));
    await refused('amount + 1', 'FILTER_TYPE', /must be a condition/);
    await refused("amount > 'abc' AND city > 3 AND lower(amount)", 'FILTER_TYPE', /does not fit this dataset/);
    await refused('amount > ', 'FILTER_SYNTAX', /not valid SQL/);
    await refused('amount > 1 AS x', 'FILTER_REFUSED', /aliases/);
  });
});
