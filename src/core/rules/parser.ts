import type { BinaryOp, Expr, FunctionName, Span } from './ast';
import { depthOf, FUNCTION_NAMES } from './ast';
import { exprError, spanAt } from './exprError';
import type { Token } from './lexer';
import { tokenize } from './lexer';
import { checkCall } from './functions';

/** Longest accepted expression, in UTF-16 code units. Longer input is rejected before lexing (EXPR_TOO_LONG). */
export const MAX_EXPR_LENGTH = 65_536;
/**
 * Deepest accepted nesting (parentheses, unary operators, function arguments, `^` chains) and deepest
 * accepted tree. Deeper input gives EXPR_TOO_DEEP instead of a stack overflow; the limit also keeps the
 * translated SQL under DuckDB's max_expression_depth (1000), since one node becomes at most ~3 SQL levels.
 */
export const MAX_DEPTH = 100;

/**
 * Recursive-descent parser; one function per precedence level, loosest first:
 *
 * | level | operators                                                  | associativity          |
 * |-------|------------------------------------------------------------|------------------------|
 * | 1     | `or`                                                       | left                   |
 * | 2     | `and`                                                      | left                   |
 * | 3     | `not` (prefix)                                             | right                  |
 * | 4     | `= == != <> < <= > >=`, `[not] in [..]`, `[not] between a and b`, `is [not] null` | none: `a < b < c` is an error |
 * | 5     | `+ -`                                                      | left                   |
 * | 6     | `* / %`                                                    | left                   |
 * | 7     | unary `-` (and a no-op unary `+`)                          | right                  |
 * | 8     | `^`                                                        | right: 2^3^2 = 2^9     |
 *
 * So `-2^2` is -(2^2) = -4 and `2^-1` is 0.5 (the exponent may carry a sign), as in Python.
 * The bounds of `between` are parsed at level 5, so `x between 1 and 2 and y` is `(x between 1 and 2) and y`.
 */
export function parseExpression(source: string): Expr {
  if (source.length > MAX_EXPR_LENGTH) {
    throw exprError('EXPR_TOO_LONG', `expression is ${source.length} characters long; the limit is ${MAX_EXPR_LENGTH}. Split it into several rules`, spanAt(source, MAX_EXPR_LENGTH, source.length));
  }
  if (source.trim() === '') throw exprError('EXPR_EMPTY', 'expression is empty', spanAt(source, 0, source.length));
  const p = new Parser(source, tokenize(source));
  const e = p.parseOr();
  p.expectEnd();
  if (depthOf(e) > MAX_DEPTH) {
    throw exprError('EXPR_TOO_DEEP', `expression tree is deeper than ${MAX_DEPTH} levels; split it into several rules`, e.span, source);
  }
  return e;
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly source: string, private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    return this.tokens[this.pos++]!;
  }
  private isKw(word: string): boolean {
    const t = this.peek();
    return t.type === 'keyword' && t.text === word;
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t.type === 'op' && t.text === op;
  }
  private span(start: number, end: number): Span {
    return spanAt(this.source, start, end);
  }
  private fail(message: string, t: Token = this.peek()): never {
    throw exprError('EXPR_SYNTAX', message, this.span(t.start, Math.max(t.end, t.start + 1)), this.source);
  }
  private describe(t: Token): string {
    return t.type === 'eof' ? 'end of expression' : `'${this.source.slice(t.start, t.end)}'`;
  }
  private expectOp(op: string, what: string): Token {
    if (!this.isOp(op)) this.fail(`expected '${op}' ${what} but found ${this.describe(this.peek())}`);
    return this.next();
  }
  /** Enter one nesting level; every recursive re-entry goes through here, so depth is bounded. */
  private nested<T>(t: Token, f: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw exprError('EXPR_TOO_DEEP', `expression is nested more than ${MAX_DEPTH} levels deep; simplify it or split it into several rules`, this.span(t.start, t.end), this.source);
    }
    const r = f();
    this.depth--;
    return r;
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.type !== 'eof') this.fail(`unexpected ${this.describe(t)} after a complete expression; did you miss an operator such as 'and'?`, t);
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return { kind: 'binary', op, left, right, span: this.span(left.span.start, right.span.end) };
  }

  parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKw('or')) {
      this.next();
      left = this.binary('or', left, this.parseAnd());
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKw('and')) {
      this.next();
      left = this.binary('and', left, this.parseNot());
    }
    return left;
  }

  private parseNot(): Expr {
    if (!this.isKw('not')) return this.parsePredicate();
    const t = this.next();
    const operand = this.nested(t, () => this.parseNot());
    return { kind: 'unary', op: 'not', operand, span: this.span(t.start, operand.span.end) };
  }

  private parsePredicate(): Expr {
    const left = this.parseAdditive();
    const t = this.peek();
    let result: Expr = left;
    if (t.type === 'op' && ['=', '==', '!=', '<>', '<', '<=', '>', '>='].includes(t.text)) {
      this.next();
      const op = (t.text === '==' ? '=' : t.text === '<>' ? '!=' : t.text) as BinaryOp;
      result = this.binary(op, left, this.parseAdditive());
    } else if (this.isKw('is')) {
      this.next();
      const negated = this.isKw('not');
      if (negated) this.next();
      if (!this.isKw('null')) this.fail(`expected 'null' after 'is${negated ? ' not' : ''}' but found ${this.describe(this.peek())}`);
      const end = this.next().end;
      result = { kind: 'isNull', negated, value: left, span: this.span(left.span.start, end) };
    } else if (this.isKw('in') || this.isKw('between') || (this.isKw('not') && ['in', 'between'].includes(this.tokens[this.pos + 1]?.text ?? ''))) {
      const negated = this.isKw('not');
      if (negated) this.next();
      result = this.next().text === 'in' ? this.parseIn(left, negated) : this.parseBetween(left, negated);
    } else {
      return left;
    }
    const after = this.peek();
    if (after.type === 'op' && ['=', '==', '!=', '<>', '<', '<=', '>', '>='].includes(after.text)) {
      this.fail(`comparisons cannot be chained; write 'a < b and b < c'`, after);
    }
    return result;
  }

  private parseIn(value: Expr, negated: boolean): Expr {
    const open = this.expectOp('[', "to start the list after 'in'");
    const list: Expr[] = [];
    if (this.isOp(']')) this.fail("the list after 'in' is empty; give at least one value");
    for (;;) {
      list.push(this.nested(open, () => this.parseOr()));
      if (this.isOp(',')) this.next();
      else break;
    }
    const close = this.expectOp(']', "or ',' in the list after 'in'");
    return { kind: 'in', negated, value, list, span: this.span(value.span.start, close.end) };
  }

  private parseBetween(value: Expr, negated: boolean): Expr {
    const low = this.parseAdditive();
    if (!this.isKw('and')) this.fail(`expected 'and' between the bounds of 'between' but found ${this.describe(this.peek())}`);
    this.next();
    const high = this.parseAdditive();
    return { kind: 'between', negated, value, low, high, span: this.span(value.span.start, high.span.end) };
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as BinaryOp;
      left = this.binary(op, left, this.parseMultiplicative());
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.next().text as BinaryOp;
      left = this.binary(op, left, this.parseUnary());
    }
    return left;
  }

  private parseUnary(): Expr {
    if (!this.isOp('-') && !this.isOp('+')) return this.parsePower();
    const t = this.next();
    const operand = this.nested(t, () => this.parseUnary());
    if (t.text === '+') return operand;
    return { kind: 'unary', op: '-', operand, span: this.span(t.start, operand.span.end) };
  }

  private parsePower(): Expr {
    const base = this.parsePrimary();
    if (!this.isOp('^')) return base;
    const t = this.next();
    const exponent = this.nested(t, () => this.parseUnary());
    return this.binary('^', base, exponent);
  }

  private parsePrimary(): Expr {
    const t = this.next();
    const span = this.span(t.start, t.end);
    switch (t.type) {
      case 'number':
        return { kind: 'number', value: t.value, span };
      case 'string':
        return { kind: 'string', value: t.text, span };
      case 'keyword':
        if (t.text === 'true' || t.text === 'false') return { kind: 'boolean', value: t.text === 'true', span };
        if (t.text === 'null') return { kind: 'null', span };
        return this.fail(`expected a value but found the keyword '${t.text}'; quote a column with this name as \`${t.text}\``, t);
      case 'ident':
        if (this.isOp('(')) return this.parseCall(t);
        return { kind: 'column', name: t.text, span };
      case 'op':
        if (t.text === '(') {
          const inner = this.nested(t, () => this.parseOr());
          const close = this.expectOp(')', `to close the '(' at column ${span.column}`);
          return { ...inner, span: this.span(t.start, close.end) };
        }
        return this.fail(`expected a value but found ${this.describe(t)}`, t);
      default:
        return this.fail('expected a value but found end of expression', t);
    }
  }

  private parseCall(nameTok: Token): Expr {
    const lower = nameTok.text.toLowerCase();
    const nameSpan = this.span(nameTok.start, nameTok.end);
    if (this.source[nameTok.start] === '`' || !(FUNCTION_NAMES as readonly string[]).includes(lower)) {
      throw exprError('EXPR_UNKNOWN_FUNCTION', `unknown function '${nameTok.text}'; functions are: ${FUNCTION_NAMES.join(', ')}`, nameSpan, this.source);
    }
    const name = lower as FunctionName;
    const open = this.next();
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        args.push(this.nested(open, () => this.parseOr()));
        if (this.isOp(',')) this.next();
        else break;
      }
    }
    const close = this.expectOp(')', `or ',' in the arguments of ${name}()`);
    const call: Extract<Expr, { kind: 'call' }> = { kind: 'call', name, args, span: this.span(nameTok.start, close.end) };
    checkCall(call, this.source);
    return call;
  }
}
