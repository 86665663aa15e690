// A small evaluator for VS Code `when` clauses, enough to check a menu's manifest entry against file names:
// `||`, `&&`, `!`, parentheses, `==`/`!=` (also `===`/`!==`), `=~ /regex/flags`, `in`/`not in` (array or object
// context values) and bare keys. Grammar and semantics as documented in
// https://code.visualstudio.com/api/references/when-clause-contexts (operator precedence: ! > && > ||).
// Unknown keys evaluate to undefined (falsy), as in VS Code.

export type Context = Record<string, unknown>;

class Parser {
  private pos = 0;
  constructor(private readonly src: string, private readonly ctx: Context) {}

  parse(): boolean {
    const v = this.or();
    this.ws();
    if (this.pos < this.src.length) this.fail('unexpected text');
    return v;
  }

  private fail(what: string): never {
    throw new Error(`when clause "${this.src}": ${what} at offset ${this.pos}`);
  }

  private ws(): void {
    while (this.pos < this.src.length && /\s/.test(this.src.charAt(this.pos))) this.pos += 1;
  }

  private eat(token: string): boolean {
    this.ws();
    if (this.src.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private or(): boolean {
    let v = this.and();
    while (this.eat('||')) v = this.and() || v;
    return v;
  }

  private and(): boolean {
    let v = this.unary();
    while (this.eat('&&')) v = this.unary() && v;
    return v;
  }

  private unary(): boolean {
    if (this.src.startsWith('!=', this.pos)) this.fail('misplaced !=');
    if (this.eat('!')) return !this.unary();
    if (this.eat('(')) {
      const v = this.or();
      if (!this.eat(')')) this.fail('missing )');
      return v;
    }
    return this.comparison();
  }

  private word(): string {
    this.ws();
    const m = /^(?:'[^']*'|[^\s()!=<>&|~']+)/.exec(this.src.slice(this.pos));
    if (!m) this.fail('expected a key or value');
    this.pos += m[0].length;
    return m[0].startsWith("'") ? m[0].slice(1, -1) : m[0];
  }

  private value(key: string): unknown {
    if (key === 'true') return true;
    if (key === 'false') return false;
    return this.ctx[key];
  }

  private comparison(): boolean {
    const key = this.word();
    const left = this.value(key);
    if (this.eat('=~')) {
      this.ws();
      const m = /^\/((?:\\.|[^\\/])+)\/([a-z]*)/.exec(this.src.slice(this.pos));
      if (!m || m[1] === undefined) this.fail('expected /regex/ after =~');
      this.pos += m[0].length;
      return typeof left === 'string' && new RegExp(m[1], m[2]).test(left);
    }
    for (const [op, negate] of [['===', false], ['!==', true], ['==', false], ['!=', true]] as const) {
      if (this.eat(op)) {
        const right = this.word();
        return (String(left) === right) !== negate;
      }
    }
    const save = this.pos;
    const negateIn = this.eat('not') && /\s/.test(this.src.charAt(this.pos));
    if (!negateIn) this.pos = save;
    if (this.eat('in ') || this.eat('in\t')) {
      const container = this.ctx[this.word()];
      const found = Array.isArray(container)
        ? container.includes(left)
        : typeof container === 'object' && container !== null && typeof left === 'string' && left in container;
      return found !== negateIn;
    }
    this.pos = save;
    return Boolean(left);
  }
}

/** Evaluates `clause` in `ctx`; throws for syntax it does not understand rather than guessing. */
export function evaluateWhen(clause: string, ctx: Context): boolean {
  return new Parser(clause, ctx).parse();
}
