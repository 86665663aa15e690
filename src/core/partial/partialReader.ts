import { InputError } from '../errors';

/**
 * Field checks shared by the partial result parsers (a partial is input: it may be hand-edited or hostile). Every
 * failure is InputError BAD_PARTIAL starting with the file's name, naming the field, and saying how to make a part.
 * Objects are read only through own keys (a `__proto__` or `constructor` key is data, never a prototype).
 */
export interface PartialReader {
  bad(what: string): never;
  object(v: unknown, at: string): Record<string, unknown>;
  list(v: unknown, at: string, max: number): unknown[];
  text(v: unknown, at: string): string;
  number(v: unknown, at: string): number;
  count(v: unknown, at: string, max?: number): number;
  header(o: Record<string, unknown>): void;
}

export function partialReader(name: string, analysis: string, howToMake: string): PartialReader {
  const bad = (what: string): never => {
    throw new InputError('BAD_PARTIAL', `${name}: not a Model Lens partial result of ${analysis} (${what}); create parts with '${howToMake} --partial'.`.replace(' --partial --partial', ' --partial'), { path: name });
  };
  const r: PartialReader = {
    bad,
    object: (v, at) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`${at} is not an object`);
      const out = Object.create(null) as Record<string, unknown>;
      for (const [k, x] of Object.entries(v as object)) out[k] = x;
      return out;
    },
    list: (v, at, max) => {
      if (!Array.isArray(v)) return bad(`${at} is not a list`);
      if (v.length > max) bad(`${at} has ${v.length} entries, more than the ${max} a part writes`);
      return v;
    },
    text: (v, at) => (typeof v === 'string' ? v : bad(`${at} is not a text`)),
    number: (v, at) => (typeof v === 'number' && Number.isFinite(v) ? v : bad(`${at} is not a finite number`)),
    count: (v, at, max = Number.MAX_SAFE_INTEGER) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max ? v : bad(`${at} is not a whole number from 0 to ${max}`)),
    header: (o) => {
      if (o['modelLensPartial'] !== 1) bad('no "modelLensPartial": 1');
      if (o['analysis'] !== analysis) bad(`analysis ${JSON.stringify(o['analysis'])} is not "${analysis}"`);
    },
  };
  return r;
}
