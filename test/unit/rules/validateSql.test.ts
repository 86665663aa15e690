// validateSqlCounts (the SQL path of validateRules) against the interpreter, with small chunks so that every
// chunk boundary of the counting and example queries is crossed.
import { strict as assert } from 'node:assert';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Row } from '../../../src/core/rules/evaluate';
import { parseRulesFile } from '../../../src/core/rules/rulesFile';
import type { SqlSource } from '../../../src/core/rules/validate';
import { validateRules } from '../../../src/core/rules/validate';
import { validateSqlCounts } from '../../../src/core/rules/validateSql';
import { generatedRows, generatedRules } from './generated';

describe('rules/validateSql', function () {
  this.timeout(60000);
  let instance: DuckDBInstance;
  let execute: (sql: string) => Promise<Array<Record<string, unknown>>>;
  const rows: Row[] = generatedRows(700);

  before(async () => {
    instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    const conn = await instance.connect();
    await conn.run('CREATE TABLE t (x DOUBLE, q INTEGER, cat VARCHAR)');
    const lit = (v: unknown) => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v));
    await conn.run(`INSERT INTO t VALUES ${rows.map((r) => `(${lit(r['x'])}, ${lit(r['q'])}, ${lit(r['cat'])})`).join(', ')}`);
    execute = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
  });
  after(() => instance.closeSync());

  it('counts and first examples agree with the interpreter across chunk boundaries (chunks of 7 and 3 rules)', async () => {
    const rules = parseRulesFile(generatedRules(61));
    const src: SqlSource = { kind: 'sql', dataset: 't', table: 't', rowIdSql: 'rowid + 1', execute };
    const counts = await validateSqlCounts(rules, src, 't', { maxExamples: 4, countChunk: 7, exampleChunk: 3 }, (_rule, f) => f());
    const mem = await validateRules(rules, { kind: 'records', dataset: 't', records: rows }, { maxExamples: 4 });
    assert.ok(mem.rules.some((r) => r.violations === 0) && mem.rules.some((r) => r.violations > 4) && mem.rules.some((r) => r.nullResults > 0), 'the rules pass, fail and give nulls');
    mem.rules.forEach((m, i) => {
      const s = counts[i]!;
      assert.deepEqual([s.rows, s.violations, s.nullResults], [m.rows, m.violations, m.nullResults], `counts of ${m.id} (${m.expr})`);
      assert.deepEqual(s.examples.map((e) => [e.row, { ...e.values }]), m.examples.map((e) => [e.row, { ...e.values }]), `examples of ${m.id}`);
    });
  });


  it('a source without a row-number column numbers rows with rowNumberSql and gives the same examples', async () => {
    const rules = parseRulesFile(generatedRules(13));
    const withId = await validateSqlCounts(rules, { kind: 'sql', dataset: 't', table: 't', rowIdSql: 'rowid + 1', execute }, 't', { maxExamples: 3 }, (_r, f) => f());
    const numbered = await validateSqlCounts(rules, { kind: 'sql', dataset: 't', table: 't', rowNumberSql: 'rowid + 1', execute }, 't', { maxExamples: 3, exampleChunk: 4 }, (_r, f) => f());
    assert.deepEqual(JSON.parse(JSON.stringify(numbered)), JSON.parse(JSON.stringify(withId)));
  });
});
