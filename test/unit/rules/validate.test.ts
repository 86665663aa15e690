import { strict as assert } from 'node:assert';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parseRulesFile } from '../../../src/core/rules/rulesFile';
import { validateRules } from '../../../src/core/rules/validate';
import type { RulesReport } from '../../../src/core/rules/validate';

const RULES = parseRulesFile(`rules:
  - id: non-negative-price
    expr: predicted_price >= 0
  - id: within-3x-cost
    expr: predicted_price <= 3 * unit_cost
    when: category != "luxury"
    severity: warning
    max_violation_rate: 0.25
  - id: known-category
    expr: category in ["basic", "luxury", "mid"]
    severity: info
  - id: odd-names
    expr: '\`a"b\` + \`select\` < 100'
`);

type Rec = { predicted_price: number | null; unit_cost: number | null; category: string | null; 'a"b': number; select: number };
const RECORDS: Rec[] = [
  { predicted_price: 10, unit_cost: 4, category: 'basic', 'a"b': 1, select: 2 },
  { predicted_price: -1, unit_cost: 4, category: 'mid', 'a"b': 50, select: 60 },
  { predicted_price: 100, unit_cost: 4, category: 'luxury', 'a"b': 0, select: 0 },
  { predicted_price: 50, unit_cost: 4, category: 'basic', 'a"b': -5, select: 5 },
  { predicted_price: null, unit_cost: 4, category: null, 'a"b': 99, select: 1 },
  { predicted_price: 30, unit_cost: null, category: "o'brien", 'a"b': 0, select: 0 },
  { predicted_price: -3, unit_cost: 1, category: 'mid', 'a"b': 0, select: 0 },
];

describe('rules/validate', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  let sqlReport: RulesReport;
  let memReport: RulesReport;

  before(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
    await conn.run('CREATE TABLE preds (predicted_price DOUBLE, unit_cost BIGINT, category VARCHAR, "a""b" INTEGER, "select" DOUBLE)');
    for (const r of RECORDS) {
      await conn.run('INSERT INTO preds VALUES (CAST($1 AS DOUBLE), CAST($2 AS BIGINT), $3, CAST($4 AS INTEGER), CAST($5 AS DOUBLE))', [
        r.predicted_price === null ? null : String(r.predicted_price), r.unit_cost === null ? null : String(r.unit_cost), r.category, String(r['a"b']), String(r.select),
      ]);
    }
    const queries: string[] = [];
    const execute = async (sql: string) => {
      queries.push(sql);
      return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
    };
    sqlReport = await validateRules(RULES, { kind: 'sql', dataset: 'preds.csv', table: 'preds', execute }, { maxExamples: 2 });
    memReport = await validateRules(RULES, { kind: 'records', dataset: 'preds.csv', records: RECORDS }, { maxExamples: 2 });
    assert.equal(queries.filter((q) => q.includes('count_if(')).length, 1, 'one aggregate query for these few rules');
  });

  after(() => conn.closeSync());

  it('counts violations, applicable rows and null results like a plain JS count', () => {
    const byId = Object.fromEntries(memReport.rules.map((r) => [r.id, r]));
    const price = RECORDS.filter((r) => r.predicted_price !== null);
    assert.deepEqual([byId['non-negative-price']!.rows, byId['non-negative-price']!.violations, byId['non-negative-price']!.nullResults], [RECORDS.length, price.filter((r) => r.predicted_price! < 0).length, 1]);
    const applicable = RECORDS.filter((r) => r.category !== null && r.category !== 'luxury');
    const viol = applicable.filter((r) => r.predicted_price !== null && r.unit_cost !== null && r.predicted_price > 3 * r.unit_cost);
    const w = byId['within-3x-cost']!;
    assert.deepEqual([w.rows, w.violations, w.nullResults], [applicable.length, viol.length, 1]);
    assert.equal(w.rate, viol.length / applicable.length);
    assert.equal(w.status, viol.length / applicable.length > 0.25 ? 'fail' : 'pass');
    assert.equal(byId['known-category']!.violations, 1); // o'brien; the null category is a null result
    assert.equal(byId['odd-names']!.violations, RECORDS.filter((r) => !(r['a"b'] + r.select < 100)).length);
  });

  it('gives 1-based data row numbers and the values the rule reads', () => {
    const nn = memReport.rules[0]!;
    assert.deepEqual(nn.examples.map((e) => e.row), [2, 7]);
    assert.deepEqual({ ...nn.examples[0]!.values }, { predicted_price: -1 });
    const w = memReport.rules[1]!;
    assert.deepEqual({ ...w.examples[0]!.values }, { predicted_price: 50, unit_cost: 4, category: 'basic' });
  });

  it('the DuckDB path produces the same report as the in-memory path', () => {
    const plain = (r: RulesReport) => JSON.parse(JSON.stringify(r)) as unknown;
    assert.deepEqual(plain(sqlReport), plain(memReport));
    assert.deepEqual(sqlReport.summary, { rules: 4, passed: sqlReport.rules.filter((r) => r.status === 'pass').length, failed: sqlReport.rules.filter((r) => r.status === 'fail').length });
    assert.equal(sqlReport.dataset, 'preds.csv');
  });

  it('names the rule and row when a record has the wrong type', async () => {
    await assert.rejects(
      validateRules(RULES, { kind: 'records', dataset: 'x', records: [{ predicted_price: 'abc', unit_cost: 1, category: 'a', 'a"b': 0, select: 0 }] }),
      (e: Error & { code?: string }) => e.code === 'EXPR_TYPE' && /rule 'non-negative-price' on data row 1/.test(e.message),
    );
  });

  it('rejects a rule that reads a missing or mistyped column before counting', async () => {
    const bad = parseRulesFile('- id: typo\n  expr: predicted_prize > 0\n- id: str\n  expr: category > 1\n');
    const execute = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>;
    await assert.rejects(validateRules(bad.slice(0, 1), { kind: 'sql', dataset: 'x', table: 'preds', execute }), (e: Error & { code?: string }) => e.code === 'COLUMN_NOT_FOUND' && /rule 'typo'/.test(e.message));
    await assert.rejects(validateRules(bad.slice(1), { kind: 'sql', dataset: 'x', table: 'preds', execute }), (e: Error & { code?: string }) => e.code === 'EXPR_TYPE');
  });
});
