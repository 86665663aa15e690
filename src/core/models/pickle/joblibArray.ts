import { roleOf } from './allowList';
import { DType } from './dtype';
import { fillArray, readShape } from './ndarray';
import { PickleError } from './pickleError';
import type { Unpickler } from './unpickle';
import { describe, NdArray, PyGlobal, type PyObject } from './values';

/**
 * The array behind a joblib NumpyArrayWrapper (joblib/numpy_pickle.py): joblib pickles the wrapper (shape, order,
 * dtype, and since joblib 1.2 numpy_array_alignment_bytes) and writes the array right after its BUILD opcode —
 * for plain dtypes one padding-length byte, that many padding bytes, then shape × itemsize raw bytes in `order`;
 * for object dtypes a nested pickle of the array. The declared size is checked against the bytes that are left
 * before anything is read.
 */
export function readJoblibArray(u: Unpickler, wrapper: PyObject): NdArray {
  const dtype = wrapper.attr('dtype');
  const subclass = wrapper.attr('subclass');
  const order = wrapper.attr('order');
  if (!(dtype instanceof DType)) throw new PickleError('BAD_PICKLE', 'has a joblib array without a dtype');
  if (!(subclass instanceof PyGlobal) || roleOf(subclass.module, subclass.name) !== 'ndarray') {
    throw new PickleError('UNSUPPORTED_MODEL', `has a joblib array of type ${describe(subclass ?? null)}; only numpy.ndarray is read`);
  }
  const shape = readShape(wrapper.attr('shape') ?? null);
  if (dtype.hasObject) {
    const nested = u.loadNested();
    if (!(nested instanceof NdArray)) throw new PickleError('BAD_PICKLE', `has a joblib object array that reads as ${describe(nested)}`);
    return nested;
  }
  const alignment = wrapper.attr('numpy_array_alignment_bytes');
  if (typeof alignment === 'number') u.take(u.u8());
  const count = shape.reduce((a, b) => a * b, 1);
  const need = count * dtype.itemsize;
  const left = u.bytes.length - u.pos;
  if (need > left) {
    throw new PickleError('PICKLE_LIMIT', `declares a joblib array of shape (${shape.join(', ')}) ${dtype.str}, ${need.toLocaleString('en-US')} bytes, but only ${left.toLocaleString('en-US')} bytes remain in the file`, { shape, declared: need, present: left });
  }
  const a = new NdArray();
  fillArray(a, dtype, shape, order === 'F', u.slice(need));
  return a;
}
