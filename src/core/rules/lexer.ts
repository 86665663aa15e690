import { exprError, spanAt } from './exprError';
import { own } from '../dict';

/**
 * Lexer of the rules expression language.
 *
 * - Numbers: `12`, `1.5`, `.5`, `1e-3` (decimal only; must be finite).
 * - Strings: `"..."` or `'...'`, with backslash escapes `\\ \" \' \n \t \r` (any other escape is an error).
 * - Identifiers (column names): `[letter or _][letters, digits, _]*`; any other name is quoted with
 *   backticks, a literal backtick doubled: `` `unit cost (€)` ``, `` `a``b` ``.
 * - Keywords, case-insensitive: and or not in between is null true false.
 * - Operators: ( ) [ ] , + - * / % ^ = == != <> < <= > >=
 * Control characters other than tab/newline/CR are rejected, so nothing invisible reaches SQL.
 */
export type TokenType = 'number' | 'string' | 'ident' | 'keyword' | 'op' | 'eof';

export interface Token {
  type: TokenType;
  /** Raw text for ops/keywords (keywords lower-cased); decoded text for strings and identifiers. */
  text: string;
  /** Numeric value of a number token. */
  value: number;
  start: number;
  end: number;
}

export const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'between', 'is', 'null', 'true', 'false']);
const OPS = ['==', '!=', '<>', '<=', '>=', '(', ')', '[', ']', ',', '+', '-', '*', '/', '%', '^', '=', '<', '>'];
const HINTS: Record<string, string> = { '&&': "use 'and'", '||': "use 'or'", '!': "use 'not'", '.': 'quote the name with backticks if a column name contains a dot' };
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r' };
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_]/u;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const fail = (message: string, start: number, end: number): never => {
    throw exprError('EXPR_SYNTAX', message, spanAt(source, start, end), source);
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    const code = ch.charCodeAt(0);
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else if (code < 32 || code === 127) {
      fail(`control character U+${code.toString(16).padStart(4, '0')} is not allowed`, i, i + 1);
    } else if ((ch >= '0' && ch <= '9') || (ch === '.' && /\d/.test(source[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(source)!;
      const end = i + m[0].length;
      if (IDENT_PART.test(source[end] ?? '') || source[end] === '.') fail(`malformed number '${source.slice(i, end + 1)}'`, i, end + 1);
      const value = Number(m[0]);
      if (!Number.isFinite(value)) fail(`number '${m[0]}' is too large`, i, end);
      tokens.push({ type: 'number', text: m[0], value, start: i, end });
      i = end;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= source.length) fail(`unterminated string: add the closing ${ch}`, i, j);
        const c = source[j]!;
        if (c === ch) break;
        if (c === '\\') {
          const esc = own(ESCAPES, source[j + 1] ?? '');
          if (esc === undefined) fail(`unknown escape '\\${source[j + 1] ?? ''}' in string; valid escapes are \\\\ \\" \\' \\n \\t \\r`, j, j + 2);
          text += esc;
          j += 2;
        } else {
          if (c.charCodeAt(0) < 32 && c !== '\t' && c !== '\n' && c !== '\r') fail('control character in string', j, j + 1);
          text += c;
          j++;
        }
      }
      tokens.push({ type: 'string', text, value: NaN, start: i, end: j + 1 });
      i = j + 1;
    } else if (ch === '`') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= source.length) fail('unterminated quoted column name: add the closing backtick', i, j);
        if (source[j] === '`') {
          if (source[j + 1] !== '`') break;
          text += '`';
          j += 2;
        } else {
          const code = source.charCodeAt(j);
          // A NUL or other control character is never part of a real column name; it would be echoed or reach SQL.
          if ((code < 32 && code !== 9) || code === 127) fail(`control character U+${code.toString(16).padStart(4, '0')} in a quoted column name is not allowed`, j, j + 1);
          text += source[j]!;
          j++;
        }
      }
      if (text.length === 0) fail('empty quoted column name', i, j + 1);
      tokens.push({ type: 'ident', text, value: NaN, start: i, end: j + 1 });
      i = j + 1;
    } else if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (j < source.length && IDENT_PART.test(source[j]!)) j++;
      const word = source.slice(i, j);
      const lower = word.toLowerCase();
      if (KEYWORDS.has(lower)) tokens.push({ type: 'keyword', text: lower, value: NaN, start: i, end: j });
      else tokens.push({ type: 'ident', text: word, value: NaN, start: i, end: j });
      i = j;
    } else {
      const op = OPS.find((o) => source.startsWith(o, i));
      if (op === undefined) {
        const two = source.slice(i, i + 2);
        const hint = own(HINTS, two) ?? own(HINTS, ch);
        fail(`unexpected character '${ch}'${hint === undefined ? '' : `: ${hint}`}`, i, i + 1);
      } else {
        tokens.push({ type: 'op', text: op, value: NaN, start: i, end: i + op.length });
        i += op.length;
      }
    }
  }
  tokens.push({ type: 'eof', text: '', value: NaN, start: source.length, end: source.length });
  return tokens;
}
