import { DType, type DTypeField } from './dtype';
import { PickleError } from './pickleError';
import { NdArray, PyTuple, type PyValue } from './values';

/** Largest array (in elements) the reader accepts; its bytes must be present in the file in any case. */
export const MAX_ARRAY_ELEMENTS = 2 ** 31 - 1;

/** A shape tuple as non-negative integers; its element count must stay below MAX_ARRAY_ELEMENTS. */
export function readShape(v: PyValue): number[] {
  const items = v instanceof PyTuple ? v.items : Array.isArray(v) ? v : typeof v === 'number' ? [v] : null;
  if (!items || items.length > 32) throw new PickleError('BAD_PICKLE', 'has a NumPy array with a malformed shape');
  const shape = items.map((x) => (typeof x === 'bigint' ? Number(x) : x));
  let count = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) throw new PickleError('BAD_PICKLE', `has a NumPy array with shape (${shape.map(String).join(', ')})`);
    count *= d;
  }
  if (count > MAX_ARRAY_ELEMENTS) {
    throw new PickleError('PICKLE_LIMIT', `declares a NumPy array of shape (${shape.join(', ')}) with ${count.toExponential(2)} elements, more than Model Lens reads (${MAX_ARRAY_ELEMENTS})`, { shape });
  }
  return shape as number[];
}

const gb = (bytes: number): string => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${bytes} bytes`);

/** Fills `a` (numpy's ndarray.__setstate__): (version, shape, dtype, is_fortran, rawdata), rawdata being bytes or, for object arrays, a list. */
export function setArrayState(a: NdArray, state: PyValue): void {
  if (!(state instanceof PyTuple)) throw new PickleError('BAD_PICKLE', 'has a NumPy array whose state is not a tuple');
  const items = state.items.length === 5 ? state.items.slice(1) : state.items;
  if (items.length !== 4) throw new PickleError('BAD_PICKLE', `has a NumPy array state of ${state.items.length} items`);
  const [shapeV, dtype, fortran, raw] = items;
  if (!(dtype instanceof DType)) throw new PickleError('BAD_PICKLE', 'has a NumPy array without a dtype');
  fillArray(a, dtype, readShape(shapeV ?? null), fortran === true || fortran === 1, raw ?? null);
}

/** Sets an array's content after checking that the data holds exactly shape × itemsize bytes (or that many objects). */
export function fillArray(a: NdArray, dtype: DType, shape: number[], fortran: boolean, raw: PyValue): void {
  const count = shape.reduce((x, y) => x * y, 1);
  a.dtype = dtype;
  a.shape = shape;
  a.fortran = fortran;
  if (dtype.hasObject) {
    if (dtype.kind !== 'O') throw new PickleError('UNSUPPORTED_MODEL', 'has a structured NumPy array holding Python objects, which Model Lens does not read');
    if (!Array.isArray(raw) || raw.length !== count) {
      throw new PickleError('BAD_PICKLE', `has an object array of shape (${shape.join(', ')}) with ${Array.isArray(raw) ? raw.length : 'no'} elements`);
    }
    a.objects = raw;
    return;
  }
  const bytes = typeof raw === 'string' ? latin1(raw) : raw;
  if (!(bytes instanceof Uint8Array)) throw new PickleError('BAD_PICKLE', `has a NumPy array of shape (${shape.join(', ')}) without its data`);
  const need = count * dtype.itemsize;
  if (bytes.length !== need) {
    throw new PickleError(need > bytes.length ? 'PICKLE_LIMIT' : 'BAD_PICKLE', `declares a NumPy array of shape (${shape.join(', ')}) ${dtype.str}, ${gb(need)}, but holds ${gb(bytes.length)} of data`, { shape, declared: need, present: bytes.length });
  }
  a.bytes = bytes;
}

/** Python 3 reads protocol 0–2 byte strings as latin-1 text; this turns them back into bytes. */
export function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) throw new PickleError('BAD_PICKLE', 'has array data that is not latin-1 text');
    out[i] = c;
  }
  return out;
}

const viewOf = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Reads one element of a numeric dtype at byte offset `o`; int64 beyond 2^53 is refused. */
function reader(dtype: DType, what: string): (view: DataView, o: number) => number {
  const le = dtype.littleEndian;
  const size = dtype.itemsize;
  switch (`${dtype.kind}${size}`) {
    case 'f8': return (v, o) => v.getFloat64(o, le);
    case 'f4': return (v, o) => v.getFloat32(o, le);
    case 'f2': return (v, o) => half(v.getUint16(o, le));
    case 'i8': return (v, o) => int64(v, o, le, what);
    case 'u8': return (v, o) => safe(v.getBigUint64(o, le), what);
    case 'i4': return (v, o) => v.getInt32(o, le);
    case 'u4': return (v, o) => v.getUint32(o, le);
    case 'i2': return (v, o) => v.getInt16(o, le);
    case 'u2': return (v, o) => v.getUint16(o, le);
    case 'i1': return (v, o) => v.getInt8(o);
    case 'u1': case 'b1': return (v, o) => v.getUint8(o);
    default: throw new PickleError('UNSUPPORTED_MODEL', `stores ${what} as NumPy ${dtype.str}, which Model Lens does not read as numbers`);
  }
}

/** A signed 64-bit integer from its two 32-bit halves (no BigInt), refused beyond 2^53. */
function int64(v: DataView, o: number, le: boolean, what: string): number {
  const lo = v.getUint32(le ? o : o + 4, le);
  const hi = v.getInt32(le ? o + 4 : o, le);
  if (hi < -2097152 || hi > 2097151) return safe(v.getBigInt64(o, le), what);
  return hi * 4294967296 + lo;
}

function safe(x: bigint, what: string): number {
  const n = Number(x);
  if (!Number.isSafeInteger(n)) throw new PickleError('BAD_PICKLE', `stores ${what} with an integer beyond 2^53 (${String(x)})`);
  return n;
}

function half(h: number): number {
  const e = (h >> 10) & 31;
  const m = h & 1023;
  const s = h >> 15 ? -1 : 1;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Element index in storage order of C-order index i (differs for Fortran-ordered arrays of 2+ dimensions). */
function storageIndex(a: NdArray): ((i: number) => number) | null {
  if (!a.fortran || a.shape.length < 2) return null;
  const shape = a.shape;
  return (i: number) => {
    let rest = i;
    let idx = 0;
    let stride = 1;
    const coords = new Array<number>(shape.length);
    for (let d = shape.length - 1; d >= 0; d--) {
      coords[d] = rest % shape[d]!;
      rest = Math.floor(rest / shape[d]!);
    }
    for (let d = 0; d < shape.length; d++) {
      idx += coords[d]! * stride;
      stride *= shape[d]!;
    }
    return idx;
  };
}

/** The array's elements as numbers in C (row-major) order. Booleans are 0/1; object arrays must hold numbers. */
export function arrayNumbers(a: NdArray, what: string): Float64Array {
  const n = a.size;
  const out = new Float64Array(n);
  const at = storageIndex(a);
  if (a.objects) {
    for (let i = 0; i < n; i++) {
      const v = a.objects[at ? at(i) : i];
      if (typeof v === 'number') out[i] = v;
      else if (typeof v === 'boolean') out[i] = v ? 1 : 0;
      else if (v === null) out[i] = NaN;
      else throw new PickleError('UNSUPPORTED_MODEL', `stores ${what} as objects that are not numbers`);
    }
    return out;
  }
  const dtype = a.dtype!;
  if (dtype.fields) throw new PickleError('BAD_PICKLE', `stores ${what} as records where numbers were expected`);
  if (!at && dtype.kind === 'f' && dtype.itemsize === 8 && dtype.littleEndian) {
    const { buffer, offset } = alignedBytes(a);
    out.set(new Float64Array(buffer, offset, n));
    return out;
  }
  const read = reader(dtype, what);
  const view = viewOf(a.bytes!);
  const size = dtype.itemsize;
  for (let i = 0; i < n; i++) out[i] = read(view, (at ? at(i) : i) * size);
  return out;
}

/** Scratch space that holds one array's bytes at an 8-byte-aligned offset, reused from array to array. */
let scratch = new ArrayBuffer(0);
let scratchOwner: NdArray | null = null;

/** The array's bytes as (buffer, byte offset) with the offset a multiple of 8: in place when already aligned, else copied to scratch. */
function alignedBytes(a: NdArray): { buffer: ArrayBufferLike; offset: number } {
  const b = a.bytes!;
  if (b.byteOffset % 8 === 0) return { buffer: b.buffer, offset: b.byteOffset };
  if (scratchOwner !== a) {
    if (scratch.byteLength < b.length) scratch = new ArrayBuffer(Math.max(b.length, 2 * scratch.byteLength));
    new Uint8Array(scratch, 0, b.length).set(b);
    scratchOwner = a;
  }
  return { buffer: scratch, offset: 0 };
}

/**
 * Little-endian float64, int64 and 8-bit fields at aligned offsets (scikit-learn's node records) are read through
 * typed-array views of an aligned copy — several times faster than DataView on half a million records. Returns
 * false (the caller reads element by element) for anything else, or an int64 beyond 32 bits.
 */
function fastField(a: NdArray, field: DTypeField, out: Float64Array | Int32Array): boolean {
  const size = a.dtype!.itemsize;
  const { kind, itemsize: w, littleEndian } = field.dtype;
  if (!littleEndian || size % w !== 0 || field.offset % w !== 0) return false;
  const n = a.size;
  const stride = size / w;
  const at = field.offset / w;
  const { buffer, offset } = alignedBytes(a);
  const len = a.bytes!.length;
  if (kind === 'f' && w === 8) {
    const v = new Float64Array(buffer, offset, len / 8);
    for (let i = 0; i < n; i++) out[i] = v[i * stride + at]!;
    return true;
  }
  if ((kind === 'i' || kind === 'u' || kind === 'b') && w === 1) {
    const v = new Uint8Array(buffer, offset, len);
    if (kind === 'i') for (let i = 0; i < n; i++) out[i] = (v[i * stride + at]! << 24) >> 24;
    else for (let i = 0; i < n; i++) out[i] = v[i * stride + at]!;
    return true;
  }
  if (kind === 'i' && w === 8) {
    const v = new Int32Array(buffer, offset, len / 4);
    for (let i = 0; i < n; i++) {
      const k = 2 * (i * stride + at);
      const lo = v[k]!;
      if (v[k + 1] !== lo >> 31) return false; // beyond 32 bits: read exactly, element by element
      out[i] = lo;
    }
    return true;
  }
  return false;
}

/** One field of a structured array (e.g. 'threshold' of a tree's nodes) as numbers, or null when there is no such field. */
export function fieldNumbers(a: NdArray, name: string, what: string): Float64Array | null {
  const field = a.dtype?.fields?.find((f) => f.name === name);
  if (!field || !a.bytes) return null;
  const n = a.size;
  const out = new Float64Array(n);
  if (fastField(a, field, out)) return out;
  const read = reader(field.dtype, `${what}.${name}`);
  const view = viewOf(a.bytes);
  const size = a.dtype!.itemsize;
  for (let i = 0, o = field.offset; i < n; i++, o += size) out[i] = read(view, o);
  return out;
}

/** fieldNumbers for integer fields (node indices, feature ids), straight into an Int32Array; null when absent. */
export function fieldInt32(a: NdArray, name: string, what: string): Int32Array | null {
  const field = a.dtype?.fields?.find((f) => f.name === name);
  if (!field || !a.bytes) return null;
  const n = a.size;
  const out = new Int32Array(n);
  if (field.dtype.kind !== 'f' && fastField(a, field, out)) return out;
  const read = reader(field.dtype, `${what}.${name}`);
  const view = viewOf(a.bytes);
  const size = a.dtype!.itemsize;
  for (let i = 0, o = field.offset; i < n; i++, o += size) {
    const v = read(view, o);
    if (!(v >= -2147483648 && v <= 2147483647 && Number.isInteger(v))) throw new PickleError('BAD_PICKLE', `stores ${what}.${name} = ${v}, not a 32-bit index`);
    out[i] = v;
  }
  return out;
}

/** The array's elements as text (NumPy U/S arrays, or object arrays of str; None stays null). */
export function arrayStrings(a: NdArray, what: string): (string | null)[] {
  const n = a.size;
  if (a.objects) {
    return a.objects.map((v) => {
      if (typeof v === 'string' || v === null) return v;
      throw new PickleError('UNSUPPORTED_MODEL', `stores ${what} as objects that are not text`);
    });
  }
  const dtype = a.dtype!;
  const bytes = a.bytes!;
  const size = dtype.itemsize;
  const out: string[] = [];
  if (dtype.kind === 'U') {
    const view = viewOf(bytes);
    for (let i = 0; i < n; i++) {
      let s = '';
      for (let k = 0; k < size; k += 4) {
        const c = view.getUint32(i * size + k, dtype.littleEndian);
        if (c === 0) break;
        s += String.fromCodePoint(c);
      }
      out.push(s);
    }
    return out;
  }
  if (dtype.kind === 'S') {
    for (let i = 0; i < n; i++) {
      let end = i * size + size;
      while (end > i * size && bytes[end - 1] === 0) end--;
      out.push(new TextDecoder('latin1').decode(bytes.subarray(i * size, end)));
    }
    return out;
  }
  throw new PickleError('UNSUPPORTED_MODEL', `stores ${what} as NumPy ${dtype.str} where text was expected`);
}

/** Elements of any array as plain values: numbers (numeric dtypes), text (U/S) or the objects themselves. */
export function arrayValues(a: NdArray, what: string): PyValue[] {
  if (a.objects) return [...a.objects];
  const k = a.dtype!.kind;
  if (k === 'U' || k === 'S') return arrayStrings(a, what);
  if (k === 'b') return Array.from(arrayNumbers(a, what), (x) => x !== 0);
  return Array.from(arrayNumbers(a, what));
}

/** A single element read by numpy.core.multiarray.scalar(dtype, bytes). */
export function scalarValue(dtype: DType, raw: PyValue): PyValue {
  if (dtype.kind === 'O') return raw;
  const a = new NdArray();
  fillArray(a, dtype, [], false, raw);
  const [v] = arrayValues(a, 'a NumPy scalar');
  return v ?? null;
}
