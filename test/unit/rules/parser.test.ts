import { strict as assert } from 'node:assert';
import type { Expr } from '../../../src/core/rules/ast';
import { parseExpression, MAX_DEPTH } from '../../../src/core/rules/parser';
import { InputError } from '../../../src/core/errors';

/** Fully parenthesised rendering of an AST, so a test states the grouping it expects. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'string':
      return JSON.stringify(e.value);
    case 'boolean':
      return String(e.value);
    case 'null':
      return 'null';
    case 'column':
      return e.name;
    case 'unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'in':
      return `(${show(e.value)}${e.negated ? ' not' : ''} in [${e.list.map(show).join(', ')}])`;
    case 'between':
      return `(${show(e.value)}${e.negated ? ' not' : ''} between ${show(e.low)} and ${show(e.high)})`;
    case 'isNull':
      return `(${show(e.value)} is${e.negated ? ' not' : ''} null)`;
    case 'call':
      return `${e.name}(${e.args.map(show).join(', ')})`;
  }
}

/** Asserts that `f` throws an InputError with this code at this line/column. */
export function throwsAt(f: () => unknown, code: string, line: number, column: number): InputError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof InputError, `expected InputError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.details['line'], line, e.message);
    assert.equal(e.details['column'], column, e.message);
    return e;
  }
  assert.fail(`expected ${code} to be thrown`);
}

describe('rules/parser', () => {
  it('follows the documented precedence table', () => {
    const cases: Array<[string, string]> = [
      ['a or b and c', '(a or (b and c))'],
      ['a and b or c', '((a and b) or c)'],
      ['not a and b', '((not a) and b)'],
      ['not a = b', '(not (a = b))'],
      ['not not a', '(not (not a))'],
      ['a + b * c', '(a + (b * c))'],
      ['a * b + c', '((a * b) + c)'],
      ['a - b - c', '((a - b) - c)'],
      ['a / b / c', '((a / b) / c)'],
      ['a % b * c', '((a % b) * c)'],
      ['2 ^ 3 ^ 2', '(2 ^ (3 ^ 2))'],
      ['-2 ^ 2', '(- (2 ^ 2))'],
      ['2 ^ -1', '(2 ^ (- 1))'],
      ['-a * b', '((- a) * b)'],
      ['a + b > c * 2', '((a + b) > (c * 2))'],
      ['x between 1 and 2 and y', '((x between 1 and 2) and y)'],
      ['x between a + 1 and b * 2', '(x between (a + 1) and (b * 2))'],
      ['x not between 1 and 2', '(x not between 1 and 2)'],
      ['x in [1, 2] or y', '((x in [1, 2]) or y)'],
      ['x not in ["a", null]', '(x not in ["a", null])'],
      ['x is null and y is not null', '((x is null) and (y is not null))'],
      ['a + 1 is null', '((a + 1) is null)'],
      ['(a or b) and c', '((a or b) and c)'],
      ['+a', 'a'],
    ];
    for (const [src, want] of cases) assert.equal(show(parseExpression(src)), want, src);
  });

  it('parses every comparison operator, with == and <> as aliases', () => {
    const ops: Array<[string, string]> = [['=', '='], ['==', '='], ['!=', '!='], ['<>', '!='], ['<', '<'], ['<=', '<='], ['>', '>'], ['>=', '>=']];
    for (const [src, op] of ops) assert.equal(show(parseExpression(`a ${src} b`)), `(a ${op} b)`);
  });

  it('parses literals, keywords in any case, strings with escapes and backtick-quoted names', () => {
    assert.equal(show(parseExpression('1.5e3 + .25')), '(1500 + 0.25)');
    assert.equal(show(parseExpression('TRUE AND False OR NULL')), '((true and false) or null)');
    assert.equal(show(parseExpression(`category != "luxury"`)), '(category != "luxury")');
    const s = parseExpression(`'it\\'s' = "say \\"hi\\"\\n"`);
    assert.equal(show(s), '("it\'s" = "say \\"hi\\"\\n")');
    const q = parseExpression('`unit cost (€)` > `a``b` + `select`');
    assert.equal(show(q), '(unit cost (€) > (a`b + select))');
    assert.equal(show(parseExpression('prix_été > 0')), '(prix_été > 0)');
  });

  it('parses every whitelisted function, case-insensitively', () => {
    const src = 'abs(a) + MIN(a, b) + max(a, b, c) + round(a) + round(a, -2) + floor(a) + ceil(a) + log(a) + exp(a) + sqrt(a) + len(s) + coalesce(a, 0)';
    assert.equal(
      show(parseExpression(src)),
      '(((((((((((abs(a) + min(a, b)) + max(a, b, c)) + round(a)) + round(a, (- 2))) + floor(a)) + ceil(a)) + log(a)) + exp(a)) + sqrt(a)) + len(s)) + coalesce(a, 0))',
    );
    assert.equal(show(parseExpression('lower(s) = upper(t)')), '(lower(s) = upper(t))');
  });

  it('records exact spans', () => {
    const e = parseExpression('a >= 0 and\n  `b c` < 3');
    assert.equal(e.kind, 'binary');
    if (e.kind !== 'binary' || e.right.kind !== 'binary') throw new Error('shape');
    assert.deepEqual(e.right.left.span, { start: 13, end: 18, line: 2, column: 3 });
    assert.deepEqual(e.span, { start: 0, end: 22, line: 1, column: 1 });
  });

  it('reports malformed input with code, line and column', () => {
    throwsAt(() => parseExpression('price >= (3 * cost'), 'EXPR_SYNTAX', 1, 19);
    throwsAt(() => parseExpression('a > 1 and\n  b < * 2'), 'EXPR_SYNTAX', 2, 7);
    throwsAt(() => parseExpression('a > 1 b'), 'EXPR_SYNTAX', 1, 7);
    throwsAt(() => parseExpression('1 < 2 < 3'), 'EXPR_SYNTAX', 1, 7);
    throwsAt(() => parseExpression('x in []'), 'EXPR_SYNTAX', 1, 7);
    throwsAt(() => parseExpression('x between 1, 2'), 'EXPR_SYNTAX', 1, 12);
    throwsAt(() => parseExpression('x is 3'), 'EXPR_SYNTAX', 1, 6);
    throwsAt(() => parseExpression('"abc'), 'EXPR_SYNTAX', 1, 1);
    throwsAt(() => parseExpression('"a\\q"'), 'EXPR_SYNTAX', 1, 3);
    throwsAt(() => parseExpression('a && b'), 'EXPR_SYNTAX', 1, 3);
    throwsAt(() => parseExpression('1e999 > 0'), 'EXPR_SYNTAX', 1, 1);
    throwsAt(() => parseExpression('12abc'), 'EXPR_SYNTAX', 1, 1);
    throwsAt(() => parseExpression('a > 1\n\tand and'), 'EXPR_SYNTAX', 2, 6);
    throwsAt(() => parseExpression('`unclosed'), 'EXPR_SYNTAX', 1, 1);
    throwsAt(() => parseExpression('a\u0000'), 'EXPR_SYNTAX', 1, 2);
    throwsAt(() => parseExpression('   '), 'EXPR_EMPTY', 1, 1);
    throwsAt(() => parseExpression('sqrt(1, 2)'), 'EXPR_ARITY', 1, 1);
    throwsAt(() => parseExpression('x > min()'), 'EXPR_ARITY', 1, 5);
    throwsAt(() => parseExpression('round(x, 2.5)'), 'EXPR_ARITY', 1, 10);
    throwsAt(() => parseExpression('round(x, 16)'), 'EXPR_ARITY', 1, 10);
    throwsAt(() => parseExpression('round(x, n)'), 'EXPR_ARITY', 1, 10);
    const e = throwsAt(() => parseExpression('x > median(y)'), 'EXPR_UNKNOWN_FUNCTION', 1, 5);
    assert.match(e.message, /functions are: abs, min, max/);
    assert.match(e.message, /\n {2}x > median\(y\)\n {6}\^{6}$/);
  });

  describe('hostile inputs', () => {
    it('treats constructor and __proto__ as plain column names', () => {
      assert.equal(show(parseExpression('constructor = 1')), '(constructor = 1)');
      assert.equal(show(parseExpression('__proto__ is null')), '(__proto__ is null)');
    });

    it('rejects property access and calls of anything outside the whitelist', () => {
      throwsAt(() => parseExpression('process.exit()'), 'EXPR_SYNTAX', 1, 8);
      throwsAt(() => parseExpression('constructor.constructor("return process")()'), 'EXPR_SYNTAX', 1, 12);
      throwsAt(() => parseExpression('exit()'), 'EXPR_UNKNOWN_FUNCTION', 1, 1);
      throwsAt(() => parseExpression('toString()'), 'EXPR_UNKNOWN_FUNCTION', 1, 1);
      throwsAt(() => parseExpression('constructor(1)'), 'EXPR_UNKNOWN_FUNCTION', 1, 1);
      throwsAt(() => parseExpression('`abs`(1)'), 'EXPR_UNKNOWN_FUNCTION', 1, 1);
      throwsAt(() => parseExpression('a["x"]'), 'EXPR_SYNTAX', 1, 2);
      throwsAt(() => parseExpression('x = `a`; drop table t'), 'EXPR_SYNTAX', 1, 8);
    });

    it('rejects 10,000 nested parentheses with EXPR_TOO_DEEP at the first paren past the limit', () => {
      const src = '('.repeat(10_000) + '1' + ')'.repeat(10_000);
      throwsAt(() => parseExpression(src), 'EXPR_TOO_DEEP', 1, MAX_DEPTH + 1);
      throwsAt(() => parseExpression('not '.repeat(10_000) + 'a'), 'EXPR_TOO_DEEP', 1, 4 * MAX_DEPTH + 1);
      throwsAt(() => parseExpression('-'.repeat(10_000) + '1'), 'EXPR_TOO_DEEP', 1, MAX_DEPTH + 1);
      throwsAt(() => parseExpression('abs('.repeat(10_000) + '1' + ')'.repeat(10_000)), 'EXPR_TOO_DEEP', 1, 4 * MAX_DEPTH + 4);
    });

    it('accepts nesting exactly at the limit', () => {
      const src = '('.repeat(MAX_DEPTH) + 'a' + ')'.repeat(MAX_DEPTH);
      assert.equal(show(parseExpression(src)), 'a');
    });

    it('rejects a flat chain whose tree is deeper than the limit', () => {
      const src = Array.from({ length: MAX_DEPTH + 1 }, (_, i) => `a${i}`).join(' + ');
      throwsAt(() => parseExpression(src), 'EXPR_TOO_DEEP', 1, 1);
      const ok = Array.from({ length: MAX_DEPTH }, (_, i) => `a${i}`).join(' + ');
      assert.equal(parseExpression(ok).kind, 'binary');
    });

    it('rejects a 1 MB expression with EXPR_TOO_LONG, without lexing it', () => {
      const src = 'a + '.repeat(262_144);
      const t0 = Date.now();
      const e = throwsAt(() => parseExpression(src), 'EXPR_TOO_LONG', 1, 65_537);
      assert.ok(Date.now() - t0 < 200, 'rejected quickly');
      assert.match(e.message, /1048576 characters long; the limit is 65536/);
      throwsAt(() => parseExpression(`"${'x'.repeat(1 << 20)}"`), 'EXPR_TOO_LONG', 1, 65_537);
    });
  });
});
