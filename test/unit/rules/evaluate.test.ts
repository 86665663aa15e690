import { strict as assert } from 'node:assert';
import { compileExpression } from '../../../src/core/rules/evaluate';
import { parseExpression } from '../../../src/core/rules/parser';
import { InputError } from '../../../src/core/errors';
import type { Value } from '../../../src/core/rules/values';

const run = (src: string, row: Record<string, unknown> = {}): Value => compileExpression(parseExpression(src), src)(row);

function throwsCode(f: () => unknown, code: string, column?: number): InputError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof InputError, String(e));
    assert.equal(e.code, code, e.message);
    if (column !== undefined) assert.equal(e.details['column'], column, e.message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('rules/evaluate', () => {
  it('matches plain JS arithmetic (independent reference, exact or 1e-15 relative)', () => {
    const row = { a: 7.25, b: -3, c: 0.1 };
    const { a, b, c } = row;
    const cases: Array<[string, number]> = [
      ['a + b * c', a + b * c],
      ['(a + b) * c', (a + b) * c],
      ['a / b - c', a / b - c],
      ['a % b', a % b],
      ['b % a', b % a],
      ['-7 % 3', -7 % 3],
      ['2 ^ 3 ^ 2', 2 ** (3 ** 2)],
      ['-2 ^ 2', -(2 ** 2)],
      ['2 ^ -1', 0.5],
      ['a ^ c', Math.pow(a, c)],
      ['abs(b) + sqrt(a) + log(a) + exp(c)', Math.abs(b) + Math.sqrt(a) + Math.log(a) + Math.exp(c)],
      ['floor(b / 2) + ceil(b / 2)', Math.floor(b / 2) + Math.ceil(b / 2)],
      ['min(a, b, c) * max(a, b, c)', Math.min(a, b, c) * Math.max(a, b, c)],
      ['0.1 + 0.2', 0.1 + 0.2],
    ];
    for (const [src, want] of cases) {
      const got = run(src, row) as number;
      assert.ok(Math.abs(got - want) <= 1e-15 * Math.abs(want), `${src}: ${got} vs ${want}`);
    }
  });

  it('rounds half away from zero, with digits, like DuckDB (values from DuckDB 1.5 round())', () => {
    // Expected values were read from DuckDB: SELECT round(-2.5::DOUBLE) etc.
    const cases: Array<[string, number]> = [
      ['round(2.5)', 3], ['round(-2.5)', -3], ['round(0.5)', 1], ['round(-0.4)', -0],
      ['round(2.345, 2)', 2.35], ['round(1.005, 2)', 1], ['round(25, -1)', 30], ['round(2.5, -1)', 0],
      ['round(1234.5, -15)', 0], ['round(-1234.5678, 3)', -1234.568],
    ];
    for (const [src, want] of cases) assert.ok(Object.is(run(src), want), `${src} = ${String(run(src))}, want ${want}`);
  });

  it('uses IEEE doubles like DuckDB DOUBLE and nulls for log/sqrt outside their domain', () => {
    assert.equal(run('1 / 0'), Infinity);
    assert.ok(Number.isNaN(run('0 / 0') as number));
    assert.ok(Number.isNaN(run('7 % 0') as number));
    assert.equal(run('log(0)'), null);
    assert.equal(run('log(-1)'), null);
    assert.equal(run('sqrt(-1)'), null);
    assert.equal(run('sqrt(-0)'), -0);
    assert.equal(run('1 ^ (0/0)'), 1); // C pow(1, NaN) = 1; JS Math.pow gives NaN
    assert.equal(run('0/0 = 0/0'), true); // NaN equals itself and sorts last, as in DuckDB
    assert.equal(run('0/0 > 1/0'), true);
    assert.equal(run('max(0/0, 1) > 1/0'), true);
    assert.equal(run('min(0/0, 1)'), 1);
  });

  it('implements SQL three-valued logic', () => {
    const truth: Array<[string, Value]> = [
      ['null and false', false], ['null and true', null], ['false and null', false], ['null or true', true],
      ['null or false', null], ['not null', null], ['null = null', null], ['1 < null', null], ['null + 1', null],
      ['null is null', true], ['1 is not null', true], ['2 in [1, null]', null], ['1 in [1, null]', true],
      ['2 not in [1, null]', null], ['2 not in [1, 3]', true], ['null in [1]', null],
      ['5 between null and 3', false], ['2 between null and 3', null], ['2 not between 1 and 3', false],
      ['abs(null)', null], ['coalesce(null, null, 3)', 3], ['min(null, 2, 1)', 1], ['max(null, null)', null],
      ['len(null)', null], ['upper(null)', null],
    ];
    for (const [src, want] of truth) assert.equal(run(src), want, src);
  });

  it('compares strings by code point, like DuckDB, and counts code points', () => {
    assert.equal(run('"😀" > "\uffff"'), true); // JS '<' on UTF-16 units says the opposite
    assert.equal(run('"é" > "z"'), true);
    assert.equal(run('"B" < "a"'), true);
    assert.equal(run('len("a😀b")'), 3);
    assert.equal(run('lower("ÄB") = "äb"'), true);
  });

  it('reads columns only as own properties of the row', () => {
    throwsCode(() => run('constructor = 1', { a: 1 }), 'COLUMN_NOT_FOUND', 1);
    throwsCode(() => run('__proto__ is null', {}), 'COLUMN_NOT_FOUND', 1);
    throwsCode(() => run('toString is null', { a: 1 }), 'COLUMN_NOT_FOUND', 1);
    throwsCode(() => run('hasOwnProperty is null', Object.create(null) as Record<string, unknown>), 'COLUMN_NOT_FOUND', 1);
    assert.equal(run('__proto__ = 5', JSON.parse('{"__proto__": 5}') as Record<string, unknown>), true);
    assert.equal(run('constructor + 1', { constructor: 41 }), 42);
    const e = throwsCode(() => run('a > 0 and missing > 0', { a: 1, b: 2 }), 'COLUMN_NOT_FOUND', 11);
    assert.match(e.message, /column 'missing' not found in the row; fields are: a, b/);
  });

  it('throws EXPR_TYPE at the offending operand for values of the wrong type', () => {
    throwsCode(() => run('a + 1', { a: 'x' }), 'EXPR_TYPE', 1);
    throwsCode(() => run('a > 1 and b', { a: 2, b: 3 }), 'EXPR_TYPE', 11);
    throwsCode(() => run('a = "1"', { a: 1 }), 'EXPR_TYPE', 1);
    throwsCode(() => run('a in [1, "x"]', { a: 2 }), 'EXPR_TYPE', 10);
    throwsCode(() => run('a > 0', { a: { valueOf: () => 1 } }), 'EXPR_TYPE', 1);
    throwsCode(() => run('len(a)', { a: 12 }), 'EXPR_TYPE', 5);
    assert.equal(run('a > 1', { a: 2n }), true); // bigint is read as a number
    assert.equal(run('a is null', { a: undefined }), true);
  });

  it('short-circuits like SQL so false and <anything> is false', () => {
    assert.equal(run('a > 0 and b > 0', { a: -1, b: 'not checked' }), false);
  });
});
