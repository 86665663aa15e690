import { strict as assert } from 'node:assert';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { compileExpression } from '../../../src/core/rules/evaluate';
import { parseExpression } from '../../../src/core/rules/parser';
import { duckdbColumnType, toSql } from '../../../src/core/rules/toSql';
import type { ColumnType } from '../../../src/core/rules/typeCheck';

/**
 * The interpreter and the SQL translation run by a real DuckDB must agree row by row. The table has nulls,
 * negatives, zeros, NaN and ±Infinity, strings with both quote kinds, a backslash, non-BMP characters, and
 * columns named a"b, x'y and select.
 */
const COLUMNS = ['price', 'cost', 'qty', 'category', 'flag', 'a"b', "x'y", 'select'] as const;
const SQL_TYPES = ['DOUBLE', 'DOUBLE', 'INTEGER', 'VARCHAR', 'BOOLEAN', 'DOUBLE', 'VARCHAR', 'BIGINT'];
const DATA: Array<Array<number | string | boolean | null>> = [
  [10, 4, 1, 'luxury', true, 1.5, "it's", 3],
  [-5, 2, 2, 'basic', false, -0.5, 'say "hi"', -7],
  [0, 0, 0, '', null, 0, 'back\\slash', 0],
  [null, 3, null, null, true, null, null, null],
  [2.5, -2.5, -3, 'Basic', false, 2.5, '😀 emoji', 12],
  [1e308, 1e-308, 3, 'é', true, -2.5, '\uffff', 1],
  [NaN, 1, 4, 'luxury', false, Infinity, "x'y", 2],
  [-Infinity, 7, 5, 'b', true, 100, "it's", -1],
  [7.5, 2, 6, 'a', null, -7.5, 'b', 5],
];

const EXPRESSIONS = [
  'price >= 0',
  'price <= 3 * cost',
  'category != "luxury"',
  'price / cost',
  'price % 3',
  '-price % 3',
  '`a"b` % -2',
  'price ^ 0.5',
  '(price - cost) ^ 2',
  '-2 ^ 2 + price',
  'cost ^ price',
  'round(price)',
  'round(`a"b`)',
  'round(price, 1)',
  'round(`a"b` * 1.005, 2)',
  'round(price, -1)',
  'round(-1234.5678, 3) + round(1234.5, -15)',
  'floor(price) + ceil(`a"b`)',
  'abs(price - cost)',
  'log(price)',
  'log(cost)',
  'exp(`a"b`)',
  'sqrt(price)',
  'len(category)',
  'len(`x\'y`)',
  'lower(category)',
  'upper(category) = "BASIC"',
  'min(price, cost)',
  'max(price, cost, 0)',
  'min(category, `x\'y`)',
  'coalesce(price, cost, -1)',
  'coalesce(null, category)',
  'min(null, price)',
  'price between cost and 100',
  'price not between 0 and cost',
  'qty between null and 3',
  'category in ["a", "luxury", null]',
  'category not in ["luxury", "b"]',
  'qty in [1, 2, 3]',
  'price in [0/0, 10]',
  'price is null or cost is not null',
  'flag and price > 0',
  'not flag or price < 0',
  'flag = true',
  'flag or null',
  '`a"b` > 0',
  '`x\'y` = "it\'s"',
  '`x\'y` = "say \\"hi\\""',
  '`x\'y` = "back\\\\slash"',
  '`x\'y` > "\uffff"',
  '`select` + `a"b`',
  '`select` % 4',
  'category < "b"',
  'category > "é"',
  'price = price',
  'price > 1e308',
  'price / 0',
  '`a"b` / 0 > 0',
  'price * cost',
  'qty / 2 - qty % 2',
  '(price > 0 and cost > 0) or (qty is null and null)',
  'not (price > cost)',
  'when > 0',
].filter((s) => !s.startsWith('when'));

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
    return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)); // libm vs V8 may differ in the last bits
  }
  return a === b;
}

describe('rules: interpreter vs DuckDB SQL', function () {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  let columns: Map<string, ColumnType>;
  const records = DATA.map((r) => Object.fromEntries(COLUMNS.map((c, i) => [c, r[i]])));

  before(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
    const defs = COLUMNS.map((c, i) => `"${c.replaceAll('"', '""')}" ${SQL_TYPES[i]}`).join(', ');
    await conn.run(`CREATE TABLE t (${defs})`);
    for (const r of DATA) {
      // Numbers travel as decimal text and are CAST by DuckDB itself ('NaN', 'Infinity' included).
      const params = COLUMNS.map((_, i) => `CAST($${i + 1} AS ${SQL_TYPES[i]})`).join(', ');
      await conn.run(`INSERT INTO t VALUES (${params})`, r.map((v) => (typeof v === 'number' ? String(v) : v)));
    }
    const desc = (await conn.runAndReadAll('DESCRIBE t')).getRowObjectsJS();
    columns = new Map(desc.map((d) => [String(d['column_name']), duckdbColumnType(String(d['column_type']))]));
  });

  after(() => {
    conn.closeSync();
  });

  it('loaded the fixture table as written', async () => {
    const back = (await conn.runAndReadAll('SELECT * FROM t ORDER BY rowid')).getRowsJS();
    assert.equal(back.length, DATA.length);
    assert.equal(back[1]![6], 'say "hi"');
    assert.ok(Number.isNaN(back[6]![0] as number));
    assert.equal(back[7]![0], -Infinity);
  });

  for (const src of EXPRESSIONS) {
    it(`agrees on ${src}`, async () => {
      const ast = parseExpression(src);
      const sql = toSql(ast, src, columns);
      const rows = (await conn.runAndReadAll(`SELECT (${sql}) AS v FROM t ORDER BY rowid`)).getRowsJS();
      const f = compileExpression(ast, src);
      records.forEach((rec, i) => {
        const want = f(rec);
        const raw = rows[i]![0];
        const got = typeof raw === 'bigint' ? Number(raw) : raw;
        assert.ok(sameValue(got, want), `row ${i + 1}: DuckDB ${String(got)} vs interpreter ${String(want)}\nSQL: ${sql}`);
      });
    });
  }

  it('translates string literals and names so that quotes cannot break out', async () => {
    const src = '`x\'y` != "\'); DROP TABLE t; --" and `a"b` is not null';
    const sql = toSql(parseExpression(src), src, columns);
    const n = (await conn.runAndReadAll(`SELECT count(*) FILTER (WHERE ${sql}) AS n FROM t`)).getRowsJS()[0]![0];
    assert.equal(Number(n), DATA.filter((r) => r[5] !== null && r[6] !== null).length);
    const still = (await conn.runAndReadAll('SELECT count(*) FROM t')).getRowsJS()[0]![0];
    assert.equal(Number(still), DATA.length);
  });

  it('keeps translated SQL within DuckDB limits at the maximum nesting depth', async () => {
    const src = `${'sqrt(abs('.repeat(49)}price${'))'.repeat(49)} >= 0`;
    const sql = toSql(parseExpression(src), src, columns);
    const rows = (await conn.runAndReadAll(`SELECT (${sql}) AS v FROM t ORDER BY rowid`)).getRowsJS();
    assert.equal(rows[0]![0], true);
  });

  it('rejects type errors and unknown columns before producing SQL', () => {
    assert.throws(() => toSql(parseExpression('category > 1'), 'category > 1', columns), { code: 'EXPR_TYPE' });
    assert.throws(() => toSql(parseExpression('nope > 1'), 'nope > 1', columns), { code: 'COLUMN_NOT_FOUND' });
    assert.throws(() => toSql(parseExpression('flag + 1'), 'flag + 1', columns), { code: 'EXPR_TYPE' });
  });
});
