import { InputError } from '../../errors';
import { own } from '../../dict';

/**
 * Small checked accessors for an untrusted, already-parsed model document. Each failure throws
 * InputError('INVALID_MODEL') naming the JSON path that is wrong, so a user can find it in the file.
 */
export type Json = Record<string, unknown>;

export function invalid(path: string, what: string): InputError {
  return new InputError(
    'INVALID_MODEL',
    `Invalid XGBoost model: ${path} ${what}. Re-save the model with booster.save_model('model.json').`,
    { path },
  );
}

export function obj(parent: Json, key: string, path: string): Json {
  const v = own(parent, key);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(`${path}.${key}`, 'is missing or not an object');
  return v as Json;
}

export function str(parent: Json, key: string, path: string): string {
  const v = own(parent, key);
  if (typeof v !== 'string') throw invalid(`${path}.${key}`, 'is missing or not a string');
  return v;
}

/** A non-negative integer stored either as a number or, as XGBoost does, as a decimal string. */
export function intField(parent: Json, key: string, path: string): number {
  const v = own(parent, key);
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalid(`${path}.${key}`, `must be a non-negative integer (got ${JSON.stringify(v)})`);
  return n;
}

/** A numeric array (plain JSON array or a typed array from the UBJSON decoder). */
export function numArray(parent: Json, key: string, path: string, length?: number): ArrayLike<number> {
  const v = own(parent, key);
  const ok = Array.isArray(v) ? v.every((x) => typeof x === 'number') : ArrayBuffer.isView(v) && !(v instanceof DataView);
  if (!ok) throw invalid(`${path}.${key}`, 'is missing or not an array of numbers');
  const arr = v as ArrayLike<number>;
  if (length !== undefined && arr.length !== length) throw invalid(`${path}.${key}`, `has ${arr.length} entries, expected ${length}`);
  return arr;
}

export function strArray(parent: Json, key: string, path: string): string[] | null {
  const v = own(parent, key);
  if (v === undefined) return null;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw invalid(`${path}.${key}`, 'is not an array of strings');
  return v as string[];
}
