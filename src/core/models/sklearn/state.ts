import { arrayNumbers, arrayStrings, arrayValues } from '../pickle/ndarray';
import { PickleError } from '../pickle/pickleError';
import { describe, NdArray, PyDict, PyObject, PyTuple, type PyValue } from '../pickle/values';

/** Thrown for a fitted estimator whose state is not what its scikit-learn version writes. */
export const bad = (what: string): PickleError => new PickleError('BAD_PICKLE', what);
/** Thrown for a well-formed estimator or option that Model Lens does not read (yet). */
export const unsupported = (what: string): PickleError => new PickleError('UNSUPPORTED_MODEL', what);

/** The class name of an object (e.g. 'RandomForestClassifier'), or a description of a non-object. */
export const className = (v: PyValue | undefined): string => (v instanceof PyObject ? v.cls.name : describe(v));

/**
 * Typed, checked reads of one fitted object's attributes (its pickled __dict__), named in errors as
 * "<Class>.<attribute>". Reads are by attribute name, never by position.
 */
export class Attrs {
  readonly name: string;

  constructor(readonly obj: PyObject, readonly path = obj.cls.name) {
    this.name = obj.cls.name;
  }

  static of(v: PyValue | undefined, path: string): Attrs {
    if (!(v instanceof PyObject)) throw bad(`has ${describe(v)} where ${path} should be a fitted scikit-learn object`);
    return new Attrs(v, path);
  }

  has(key: string): boolean {
    const v = this.obj.attr(key);
    return v !== undefined;
  }

  raw(key: string): PyValue | undefined {
    return this.obj.attr(key);
  }

  private missing(key: string, what: string): PickleError {
    const v = this.obj.attr(key);
    if (v === undefined) return bad(`has a ${this.name} without ${key} at ${this.path} (is it fitted?)`);
    return bad(`has ${this.path}.${key} = ${describe(v)}, expected ${what}`);
  }

  num(key: string): number {
    const v = this.obj.attr(key);
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    throw this.missing(key, 'a number');
  }

  optNum(key: string): number | null {
    const v = this.obj.attr(key);
    return v === undefined || v === null ? null : this.num(key);
  }

  int(key: string): number {
    const v = this.num(key);
    if (!Number.isSafeInteger(v) || v < 0) throw this.missing(key, 'a non-negative integer');
    return v;
  }

  str(key: string): string {
    const v = this.obj.attr(key);
    if (typeof v === 'string') return v;
    throw this.missing(key, 'text');
  }

  optStr(key: string): string | null {
    const v = this.obj.attr(key);
    return typeof v === 'string' ? v : null;
  }

  bool(key: string, dflt: boolean): boolean {
    const v = this.obj.attr(key);
    if (v === undefined || v === null) return dflt;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    throw this.missing(key, 'True or False');
  }

  array(key: string): NdArray {
    const v = this.obj.attr(key);
    if (v instanceof NdArray) return v;
    throw this.missing(key, 'a NumPy array');
  }

  optArray(key: string): NdArray | null {
    const v = this.obj.attr(key);
    return v instanceof NdArray ? v : null;
  }

  numbers(key: string): Float64Array {
    const v = this.obj.attr(key);
    if (typeof v === 'number') return Float64Array.of(v);
    return arrayNumbers(this.array(key), `${this.path}.${key}`);
  }

  /** A list, a tuple or an object array, as plain values. */
  list(key: string): PyValue[] {
    const v = this.obj.attr(key);
    if (Array.isArray(v)) return v;
    if (v instanceof PyTuple) return [...v.items];
    if (v instanceof NdArray) return arrayValues(v, `${this.path}.${key}`);
    throw this.missing(key, 'a list');
  }

  obj_(key: string): Attrs {
    return Attrs.of(this.obj.attr(key), `${this.path}.${key}`);
  }

  dict(key: string): PyDict | null {
    const v = this.obj.attr(key);
    return v instanceof PyDict ? v : null;
  }

  /** feature_names_in_ (set when fitted on a DataFrame with text column names), or null. */
  featureNames(): string[] | null {
    const v = this.obj.attr('feature_names_in_');
    if (!(v instanceof NdArray)) return null;
    const names = arrayStrings(v, `${this.path}.feature_names_in_`);
    if (names.some((n) => n === null)) throw bad(`has ${this.path}.feature_names_in_ with a missing name`);
    return names as string[];
  }

  /** The scikit-learn version that wrote the object (_sklearn_version), or null. */
  version(): string | null {
    return this.optStr('_sklearn_version');
  }
}
