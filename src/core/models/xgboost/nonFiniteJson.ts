/** A JSON string no model file holds: the stand-in for a bare NaN / Infinity token while JSON.parse runs. */
const MARK = '\u0000nonfinite:';

/**
 * JSON.parse for XGBoost's JSON, which may hold the bare tokens NaN, Infinity and -Infinity outside strings
 * (XGBoost 1.7 writes NaN as the split condition of a categorical node; its own reader accepts them).
 * Tokens outside strings are swapped for marked strings and turned back into numbers by a reviver.
 * Returns undefined when the text has no such tokens (the caller reports JSON.parse's own error).
 */
export function parseJsonWithNonFinite(text: string): unknown {
  const out: string[] = [];
  let inString = false;
  let last = 0;
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    const token = text.startsWith('NaN', i) ? 'NaN' : text.startsWith('Infinity', i) ? 'Infinity' : text.startsWith('-Infinity', i) ? '-Infinity' : null;
    if (token) {
      out.push(text.slice(last, i), JSON.stringify(MARK + token));
      i += token.length - 1;
      last = i + 1;
      changed = true;
    }
  }
  if (!changed) return undefined;
  out.push(text.slice(last));
  return JSON.parse(out.join(''), (_key, v: unknown) => (typeof v === 'string' && v.startsWith(MARK) ? Number(v.slice(MARK.length)) : v)) as unknown;
}
