import { roleOf, type GlobalRole } from './allowList';
import { DType } from './dtype';
import { fillArray, latin1, readShape, scalarValue, setArrayState } from './ndarray';
import { PickleError } from './pickleError';
import { describe, NdArray, PyDict, PyGlobal, PyObject, PySet, PySlice, PyTuple, type PyValue } from './values';

/**
 * What REDUCE, NEWOBJ, INST/OBJ and BUILD do, as plain data. A "callable" must be an allowed PyGlobal; its role
 * (allowList.ts) decides the value built from the arguments. No function named by the file is ever looked up
 * or run: this switch is the whole of it.
 */
export function construct(callable: PyValue, args: readonly PyValue[]): PyValue {
  if (!(callable instanceof PyGlobal)) throw new PickleError('PICKLE_REFUSED', `calls ${describe(callable)}, which is not a constructor Model Lens knows`);
  const role = roleOf(callable.module, callable.name) as GlobalRole;
  const arg = (i: number): PyValue => args[i] ?? null;
  switch (role) {
    case 'class':
    case 'inert':
    case 'joblibArray':
      return new PyObject(callable, args);
    case 'object':
      return new PyObject(callable, []);
    case 'reconstructor': {
      const cls = arg(0);
      if (!(cls instanceof PyGlobal) || !isClassRole(cls)) throw new PickleError('PICKLE_REFUSED', `rebuilds an object of ${describe(cls)}, which is not a class Model Lens reads`);
      return new PyObject(cls, []);
    }
    case 'reconstruct': {
      const cls = arg(0);
      if (!(cls instanceof PyGlobal) || roleOf(cls.module, cls.name) !== 'ndarray') {
        throw new PickleError('UNSUPPORTED_MODEL', `rebuilds a NumPy array subclass ${describe(cls)}; only plain numpy.ndarray is read`);
      }
      return new NdArray();
    }
    case 'frombuffer': {
      const [buf, dtype, shape, order] = args;
      if (!(dtype instanceof DType)) throw new PickleError('BAD_PICKLE', 'rebuilds a NumPy array from a buffer without a dtype');
      const a = new NdArray();
      fillArray(a, dtype, readShape(shape ?? null), order === 'F', typeof buf === 'string' ? latin1(buf) : buf ?? null);
      return a;
    }
    case 'dtype': {
      const spec = arg(0);
      if (typeof spec !== 'string') throw new PickleError('BAD_PICKLE', `makes a NumPy dtype from ${describe(spec)}`);
      return new DType(spec);
    }
    case 'scalar': {
      const dtype = arg(0);
      if (!(dtype instanceof DType)) throw new PickleError('BAD_PICKLE', 'makes a NumPy scalar without a dtype');
      return scalarValue(dtype, arg(1));
    }
    case 'encode': {
      const [text, encoding] = args;
      if (typeof text !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1')) {
        throw new PickleError('PICKLE_REFUSED', `asks for _codecs.encode with ${describe(encoding)}; only latin1 byte strings are read`);
      }
      return latin1(text);
    }
    case 'bytearray': {
      const b = arg(0);
      if (b === null) return new Uint8Array(0);
      if (typeof b === 'string') return latin1(b);
      if (b instanceof Uint8Array) return b;
      throw new PickleError('BAD_PICKLE', `makes a bytearray from ${describe(b)}`);
    }
    case 'slice':
      return new PySlice(arg(0), arg(1), arg(2));
    case 'set':
    case 'frozenset': {
      const items = arg(0);
      return new PySet(Array.isArray(items) ? [...items] : items instanceof PyTuple ? [...items.items] : []);
    }
    case 'dict': {
      const d = new PyDict();
      const pairs = arg(0);
      if (Array.isArray(pairs)) {
        for (const p of pairs) {
          const kv = p instanceof PyTuple ? p.items : Array.isArray(p) ? p : null;
          if (!kv || kv.length !== 2) throw new PickleError('BAD_PICKLE', 'builds an OrderedDict from malformed pairs');
          d.set(kv[0]!, kv[1]!);
        }
      }
      return d;
    }
    case 'ndarray':
      throw new PickleError('UNSUPPORTED_MODEL', 'calls numpy.ndarray directly; only pickled arrays are read');
    default: {
      const never: never = role;
      throw new PickleError('PICKLE_REFUSED', `calls ${callable.qualname} (${String(never)})`);
    }
  }
}

function isClassRole(g: PyGlobal): boolean {
  const role = roleOf(g.module, g.name);
  return role === 'class' || role === 'inert' || role === 'object';
}

/** NEWOBJ / NEWOBJ_EX / OBJ / INST: `cls` must be an allowed class. */
export function instantiate(cls: PyValue, args: readonly PyValue[]): PyValue {
  if (!(cls instanceof PyGlobal)) throw new PickleError('PICKLE_REFUSED', `creates an instance of ${describe(cls)}, which is not a class`);
  const role = roleOf(cls.module, cls.name);
  if (role === 'dict') return construct(cls, args);
  if (role === 'set' || role === 'frozenset') return construct(cls, args);
  if (role !== 'class' && role !== 'inert' && role !== 'object' && role !== 'joblibArray') {
    throw new PickleError('PICKLE_REFUSED', `creates an instance of ${cls.qualname}, which is not a class Model Lens reads`);
  }
  return new PyObject(cls, args);
}

/** BUILD: sets the state of an object, array or dtype. */
export function build(target: PyValue, state: PyValue): void {
  if (target instanceof PyObject) {
    target.state = state;
    return;
  }
  if (target instanceof NdArray) return setArrayState(target, state);
  if (target instanceof DType) return target.setState(state);
  if (target instanceof PyDict && state instanceof PyDict) {
    state.keys.forEach((k, i) => target.set(k, state.values[i]!));
    return;
  }
  throw new PickleError('BAD_PICKLE', `sets the state of ${describe(target)}, which has none`);
}
