import { PickleError } from './pickleError';
import type { PyValue } from './values';
import { PyDict, PyTuple } from './values';

/** One field of a structured dtype (e.g. a scikit-learn tree node record). */
export interface DTypeField {
  name: string;
  dtype: DType;
  offset: number;
}

/**
 * A NumPy dtype as a pickle describes it: `numpy.dtype('f8', False, True)` then BUILD with the state tuple
 * (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]). Only what reading numbers,
 * text and structured records needs is kept. Kinds: b (bool), i, u, f, c, O (object), U (UCS-4 text), S (bytes),
 * V (void / structured), M/m (datetimes, recognised and refused on use).
 */
export class DType {
  kind: string;
  itemsize: number;
  littleEndian = true;
  fields: DTypeField[] | null = null;

  /** `spec` is what numpy.dtype.__reduce__ passes: a kind letter and a size, e.g. 'f8', 'i8', 'b1', 'O8', 'U3', 'V56'. */
  constructor(readonly spec: string) {
    const m = /^([bifucOUSVMm])(\d{1,9})$/.exec(spec);
    if (!m) throw new PickleError('BAD_PICKLE', `names a NumPy dtype '${spec.slice(0, 20)}' that Model Lens cannot read`);
    this.kind = m[1]!;
    const n = Number(m[2]);
    this.itemsize = this.kind === 'U' ? 4 * n : this.kind === 'O' ? 8 : n;
  }

  /** numpy's dtype.str-like name, for messages. */
  get str(): string {
    if (this.fields) return `record[${this.fields.map((f) => f.name).join(', ')}]`;
    return `${this.kind}${this.kind === 'U' ? this.itemsize / 4 : this.itemsize}`;
  }

  get hasObject(): boolean {
    return this.kind === 'O' || (this.fields?.some((f) => f.dtype.hasObject) ?? false);
  }

  /** Applies the BUILD state of numpy.dtype.__setstate__. */
  setState(state: PyValue): void {
    if (!(state instanceof PyTuple) || state.items.length < 6) throw new PickleError('BAD_PICKLE', 'has a NumPy dtype with a malformed state');
    const [, byteorder, subarray, names, fields, elsize] = state.items;
    if (byteorder === '>') this.littleEndian = false;
    else if (byteorder === '<' || byteorder === '|' || byteorder === '=') this.littleEndian = true;
    else throw new PickleError('BAD_PICKLE', `has a NumPy dtype with byte order ${String(byteorder)}`);
    if (subarray !== null) throw new PickleError('UNSUPPORTED_MODEL', 'has a NumPy sub-array dtype, which Model Lens does not read');
    if (typeof elsize === 'number' && elsize >= 0 && (this.kind === 'U' || this.kind === 'S' || this.kind === 'V')) this.itemsize = elsize;
    if (names instanceof PyTuple && fields instanceof PyDict) {
      const out: DTypeField[] = [];
      for (const name of names.items) {
        if (typeof name !== 'string') throw new PickleError('BAD_PICKLE', 'has a structured dtype whose field names are not text');
        const f = fields.get(name);
        if (!(f instanceof PyTuple) || !(f.items[0] instanceof DType) || typeof f.items[1] !== 'number') {
          throw new PickleError('BAD_PICKLE', `has a structured dtype whose field '${name}' is malformed`);
        }
        const dtype = f.items[0];
        const offset = f.items[1];
        if (!Number.isInteger(offset) || offset < 0 || offset + dtype.itemsize > this.itemsize) {
          throw new PickleError('BAD_PICKLE', `has a structured dtype whose field '${name}' (offset ${offset}, ${dtype.itemsize} bytes) lies outside its ${this.itemsize}-byte records`);
        }
        out.push({ name, dtype, offset });
      }
      this.fields = out;
    }
  }
}
