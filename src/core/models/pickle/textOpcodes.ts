import { PickleError } from './pickleError';

/**
 * Decoders for the text arguments of protocol-0 opcodes (INT, LONG, FLOAT, STRING, UNICODE), as Python's
 * pickle module writes them (Lib/pickle.py: save_long/save_float/save_str with repr and raw-unicode-escape).
 */

/** INT: "01"/"00" are True/False (protocol 0's booleans), otherwise a decimal integer. */
export function parseIntLine(line: string): number | bigint | boolean {
  if (line === '01') return true;
  if (line === '00') return false;
  return parseLongLine(line);
}

/** LONG: a decimal integer with an optional trailing "L" (Python 2). */
export function parseLongLine(line: string): number | bigint {
  const text = line.endsWith('L') ? line.slice(0, -1) : line;
  if (!/^[+-]?\d{1,400}$/.test(text)) throw new PickleError('BAD_PICKLE', `has a malformed integer '${text.slice(0, 40)}'`);
  const big = BigInt(text);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** FLOAT: Python's repr of a float (also nan, inf, -inf). */
export function parseFloatLine(line: string): number {
  const t = line.trim();
  if (t === 'nan' || t === '-nan') return NaN;
  if (t === 'inf') return Infinity;
  if (t === '-inf') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) throw new PickleError('BAD_PICKLE', `has a malformed float '${t.slice(0, 40)}'`);
  return Number(t);
}

const SIMPLE_ESCAPES = new Map<string, string>([['\\', '\\'], ["'", "'"], ['"', '"'], ['n', '\n'], ['r', '\r'], ['t', '\t'], ['a', '\x07'], ['b', '\b'], ['f', '\f'], ['v', '\v'], ['0', '\0']]);

/** STRING: a quoted Python 2 str repr ('…' or "…") with backslash escapes; characters are bytes (latin-1). */
export function parseStringLine(line: string): string {
  const q = line[0];
  if ((q !== "'" && q !== '"') || line.length < 2 || line[line.length - 1] !== q) throw new PickleError('BAD_PICKLE', 'has a STRING opcode whose argument is not quoted');
  const body = line.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[++i];
    if (n === 'x') {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new PickleError('BAD_PICKLE', 'has a STRING with a malformed \\x escape');
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else if (n !== undefined && /[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out += String.fromCharCode(parseInt(oct, 8) & 255);
      i += oct.length - 1;
    } else if (n !== undefined && SIMPLE_ESCAPES.has(n)) {
      out += SIMPLE_ESCAPES.get(n)!;
    } else {
      out += `\\${n ?? ''}`;
    }
  }
  return out;
}

/** UNICODE: raw-unicode-escape — latin-1 bytes, with \uXXXX and \UXXXXXXXX escapes. */
export function parseRawUnicode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x5c && (bytes[i + 1] === 0x75 || bytes[i + 1] === 0x55)) {
      const len = bytes[i + 1] === 0x75 ? 4 : 8;
      const hex = String.fromCharCode(...bytes.subarray(i + 2, i + 2 + len));
      if (hex.length === len && /^[0-9a-fA-F]+$/.test(hex)) {
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) throw new PickleError('BAD_PICKLE', 'has a UNICODE escape beyond U+10FFFF');
        out += String.fromCodePoint(cp);
        i += 1 + len;
        continue;
      }
    }
    out += String.fromCharCode(c);
  }
  return out;
}
