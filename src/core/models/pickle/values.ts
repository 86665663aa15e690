import type { DType } from './dtype';

/**
 * What a pickle is read into: plain data only. Python ints become numbers (bigint beyond 2^53), floats
 * numbers, str strings, bytes Uint8Array, list arrays, and the rest the classes below. An object of an allowed
 * class is a PyObject holding the arguments and state the file gave it; nothing of it is ever called.
 */
export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyTuple
  | PyDict
  | PySet
  | PySlice
  | PyGlobal
  | PyObject
  | NdArray
  | DType;

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

export class PySet {
  constructor(readonly items: PyValue[] = []) {}
}

export class PySlice {
  constructor(readonly start: PyValue, readonly stop: PyValue, readonly step: PyValue) {}
}

/** A dict; keys keep their insertion order. Lookups by text key go through a Map (prototype-safe). */
export class PyDict {
  readonly keys: PyValue[] = [];
  readonly values: PyValue[] = [];
  private readonly byText = new Map<string, number>();

  set(key: PyValue, value: PyValue): void {
    const text = typeof key === 'string' ? `s${key}` : typeof key === 'number' || typeof key === 'bigint' ? `n${String(key)}` : null;
    const at = text === null ? undefined : this.byText.get(text);
    if (at !== undefined) {
      this.values[at] = value;
      return;
    }
    if (text !== null) this.byText.set(text, this.keys.length);
    this.keys.push(key);
    this.values.push(value);
  }

  get(key: string): PyValue | undefined {
    const at = this.byText.get(`s${key}`);
    return at === undefined ? undefined : this.values[at];
  }

  has(key: string): boolean {
    return this.byText.has(`s${key}`);
  }

  get size(): number {
    return this.keys.length;
  }
}

/** A module-level name the file referred to (GLOBAL / STACK_GLOBAL) that is on the allow-list. */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}

  get qualname(): string {
    return `${this.module}.${this.name}`;
  }
}

/**
 * An instance of an allowed class, as the file describes it: constructor arguments (REDUCE / NEWOBJ) and the
 * state BUILD gave it (usually the instance __dict__). Attributes are read with `attr`.
 */
export class PyObject {
  state: PyValue = null;
  /** Items appended to it (a list subclass) and key/value pairs set on it (a dict subclass). */
  readonly listItems: PyValue[] = [];
  readonly dictItems = new PyDict();

  constructor(readonly cls: PyGlobal, readonly args: readonly PyValue[]) {}

  /** The attribute `name` from the state: a dict, or the (dict, slots) pair Python uses with __slots__. */
  attr(name: string): PyValue | undefined {
    const s = this.state;
    if (s instanceof PyDict) return s.get(name);
    if (s instanceof PyTuple && s.items.length === 2) {
      for (const part of s.items) {
        if (part instanceof PyDict && part.has(name)) return part.get(name);
      }
    }
    return undefined;
  }
}

/**
 * A NumPy array: dtype, shape and either its raw bytes (a view into the file) or, for object arrays, values.
 * Created empty by numpy's _reconstruct and filled by BUILD (the memo may hold it in between), or built whole.
 */
export class NdArray {
  dtype: DType | null = null;
  shape: number[] = [];
  fortran = false;
  /** Raw element bytes in the dtype's byte order (row-major unless fortran); null for object arrays. */
  bytes: Uint8Array | null = null;
  /** Elements of an object array (dtype 'O'), in storage order; null otherwise. */
  objects: PyValue[] | null = null;

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
}

/** A short human description of a value, for error messages. */
export function describe(v: PyValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') return `the number ${String(v)}`;
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v instanceof PyTuple) return `a tuple of ${v.items.length}`;
  if (v instanceof PyDict) return `a dict of ${v.size}`;
  if (v instanceof PySet) return 'a set';
  if (v instanceof PySlice) return 'a slice';
  if (v instanceof PyGlobal) return v.qualname;
  if (v instanceof PyObject) return `a ${v.cls.name}`;
  if (v instanceof NdArray) return `an array of shape (${v.shape.join(', ')})${v.dtype ? ` ${v.dtype.str}` : ''}`;
  return `dtype ${v.str}`;
}
