import { canonicalModule, roleOf } from './allowList';
import { build, construct, instantiate } from './construct';
import { readJoblibArray } from './joblibArray';
import { PickleError } from './pickleError';
import { parseFloatLine, parseIntLine, parseLongLine, parseRawUnicode, parseStringLine } from './textOpcodes';
import { describe, NdArray, PyDict, PyGlobal, PyObject, PySet, PyTuple, type PyValue } from './values';

/** Bounds of the reader; a file that needs more is refused (PICKLE_LIMIT) before it costs memory or time. */
export const PICKLE_LIMITS = {
  /** Memo entries (PUT / MEMOIZE). */
  memo: 5_000_000,
  /** Values on the stack, all MARK levels together. */
  stack: 5_000_000,
  /** Containers inside containers (and open MARKs). */
  depth: 200,
  /**
   * Values the result would hold if every shared reference were a copy: a "memo bomb" (a list holding the same
   * list ten times, thirty levels deep) is small in memory but explodes for anything that walks it.
   */
  expanded: 20_000_000,
  /** Bytes of one Python int (LONG1 / LONG4). */
  longBytes: 64,
};

/** Counters shared by a pickle and the pickles nested in it (joblib object arrays). */
interface Budget {
  weight: WeakMap<object, number>;
  depth: WeakMap<object, number>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin = new TextDecoder('latin1');

/**
 * Reads a pickle (protocols 0–5) as data: an opcode interpreter in the manner of Python's Lib/pickle.py
 * _Unpickler, where every opcode that would import or call something goes through the allow-list
 * (allowList.ts) and builds plain values (construct.ts) instead. joblib's NumpyArrayWrapper reads the array
 * bytes that joblib writes right after it (joblibArray.ts). Starts at `start`; `end()` is where STOP was.
 */
export class Unpickler {
  pos: number;
  protocol = 0;
  private stack: PyValue[] = [];
  private readonly marks: PyValue[][] = [];
  private readonly memo = new Map<number, PyValue>();
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array, start = 0, private readonly budget: Budget = { weight: new WeakMap(), depth: new WeakMap() }) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Runs opcodes up to STOP and returns the value left on the stack. */
  load(): PyValue {
    for (;;) {
      const at = this.pos;
      if (at >= this.bytes.length) throw this.bad('ends before its STOP opcode (the file is truncated)');
      const op = this.bytes[this.pos++]!;
      if (op === 0x2e /* . STOP */) {
        const value = this.pop();
        if (this.marks.length > 0) throw this.bad('stops with an unclosed MARK');
        return value;
      }
      this.step(op, at);
      if (this.stackSize() > PICKLE_LIMITS.stack) throw new PickleError('PICKLE_LIMIT', `puts more than ${PICKLE_LIMITS.stack} values on its stack`);
    }
  }

  /** Reads a nested pickle that starts at the current position (joblib writes object arrays this way). */
  loadNested(): PyValue {
    const inner = new Unpickler(this.bytes, this.pos, this.budget);
    const value = inner.load();
    this.pos = inner.pos;
    return value;
  }

  private step(op: number, at: number): void {
    switch (op) {
      case 0x80: { // PROTO
        const v = this.u8();
        if (v > 5) throw new PickleError('UNSUPPORTED_MODEL', `is a pickle of protocol ${v}; Model Lens reads protocols 0–5`);
        this.protocol = v;
        return;
      }
      case 0x95: this.u64(); return; // FRAME: frames only group opcodes; they are read in sequence
      case 0x28: this.pushMark(); return; // ( MARK
      case 0x30: this.pop(); return; // 0 POP
      case 0x31: this.popMark(); return; // 1 POP_MARK
      case 0x32: this.push(this.top()); return; // 2 DUP
      case 0x4e: this.push(null); return; // N NONE
      case 0x88: this.push(true); return; // NEWTRUE
      case 0x89: this.push(false); return; // NEWFALSE
      case 0x49: this.push(parseIntLine(this.line())); return; // I INT
      case 0x4c: this.push(parseLongLine(this.line())); return; // L LONG
      case 0x4a: this.push(this.view.getInt32(this.take(4), true)); return; // J BININT
      case 0x4b: this.push(this.u8()); return; // K BININT1
      case 0x4d: this.push(this.view.getUint16(this.take(2), true)); return; // M BININT2
      case 0x8a: this.push(this.long(this.u8())); return; // LONG1
      case 0x8b: this.push(this.long(this.i32len())); return; // LONG4
      case 0x46: this.push(parseFloatLine(this.line())); return; // F FLOAT
      case 0x47: this.push(this.view.getFloat64(this.take(8), false)); return; // G BINFLOAT
      case 0x53: this.push(parseStringLine(this.line())); return; // S STRING
      case 0x54: this.push(latin.decode(this.slice(this.i32len()))); return; // T BINSTRING
      case 0x55: this.push(latin.decode(this.slice(this.u8()))); return; // U SHORT_BINSTRING
      case 0x56: this.push(parseRawUnicode(this.lineBytes())); return; // V UNICODE
      case 0x58: this.push(this.text(this.view.getUint32(this.take(4), true))); return; // X BINUNICODE
      case 0x8c: this.push(this.text(this.u8())); return; // SHORT_BINUNICODE
      case 0x8d: this.push(this.text(this.u64())); return; // BINUNICODE8
      case 0x42: this.push(this.slice(this.view.getUint32(this.take(4), true))); return; // B BINBYTES
      case 0x43: this.push(this.slice(this.u8())); return; // C SHORT_BINBYTES
      case 0x8e: this.push(this.slice(this.u64())); return; // BINBYTES8
      case 0x96: this.push(this.slice(this.u64())); return; // BYTEARRAY8
      case 0x98: return; // READONLY_BUFFER: the bytes on the stack stay as they are
      case 0x97: throw new PickleError('PICKLE_REFUSED', 'refers to an out-of-band buffer (pickle protocol 5 NEXT_BUFFER), which a file cannot carry');
      case 0x29: this.push(this.tuple([])); return; // ) EMPTY_TUPLE
      case 0x74: this.push(this.tuple(this.popMark())); return; // t TUPLE
      case 0x85: this.push(this.tuple(this.popN(1))); return; // TUPLE1
      case 0x86: this.push(this.tuple(this.popN(2))); return; // TUPLE2
      case 0x87: this.push(this.tuple(this.popN(3))); return; // TUPLE3
      case 0x5d: this.push([]); return; // ] EMPTY_LIST
      case 0x6c: { const items = this.popMark(); const list: PyValue[] = []; this.addAll(list, items); this.push(list); return; } // l LIST
      case 0x61: { const v = this.pop(); this.append(this.top(), [v]); return; } // a APPEND
      case 0x65: { const items = this.popMark(); this.append(this.top(), items); return; } // e APPENDS
      case 0x7d: this.push(new PyDict()); return; // } EMPTY_DICT
      case 0x64: { const d = new PyDict(); this.setItems(d, this.popMark()); this.push(d); return; } // d DICT
      case 0x73: { const v = this.pop(); const k = this.pop(); this.setItems(this.top(), [k, v]); return; } // s SETITEM
      case 0x75: { const items = this.popMark(); this.setItems(this.top(), items); return; } // u SETITEMS
      case 0x8f: this.push(new PySet()); return; // EMPTY_SET
      case 0x90: { const items = this.popMark(); const s = this.top(); if (!(s instanceof PySet)) throw this.bad(`adds items to ${describe(s)}`); this.addAll(s.items, items, s); return; } // ADDITEMS
      case 0x91: { const items = this.popMark(); const s = new PySet(); this.addAll(s.items, items, s); this.push(s); return; } // FROZENSET
      case 0x70: this.putMemo(this.lineInt()); return; // p PUT
      case 0x71: this.putMemo(this.u8()); return; // q BINPUT
      case 0x72: this.putMemo(this.view.getUint32(this.take(4), true)); return; // r LONG_BINPUT
      case 0x94: this.putMemo(this.memo.size); return; // MEMOIZE
      case 0x67: this.push(this.getMemo(this.lineInt())); return; // g GET
      case 0x68: this.push(this.getMemo(this.u8())); return; // h BINGET
      case 0x6a: this.push(this.getMemo(this.view.getUint32(this.take(4), true))); return; // j LONG_BINGET
      case 0x63: { const module = this.line(); const name = this.line(); this.push(this.global(module, name)); return; } // c GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = this.pop();
        const module = this.pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw this.bad('has a STACK_GLOBAL whose module or name is not text');
        this.push(this.global(module, name));
        return;
      }
      case 0x52: { // R REDUCE
        const args = this.pop();
        const callable = this.pop();
        if (!(args instanceof PyTuple)) throw this.bad(`calls ${describe(callable)} with ${describe(args)} instead of an argument tuple`);
        this.push(this.made(construct(callable, args.items), args.items));
        return;
      }
      case 0x81: { // NEWOBJ
        const args = this.pop();
        const cls = this.pop();
        if (!(args instanceof PyTuple)) throw this.bad('has a NEWOBJ without an argument tuple');
        this.push(this.made(instantiate(cls, args.items), args.items));
        return;
      }
      case 0x92: { // NEWOBJ_EX
        const kwargs = this.pop();
        const args = this.pop();
        const cls = this.pop();
        if (!(args instanceof PyTuple) || !(kwargs instanceof PyDict)) throw this.bad('has a malformed NEWOBJ_EX');
        this.push(this.made(instantiate(cls, args.items), [...args.items, kwargs]));
        return;
      }
      case 0x69: { // i INST
        const cls = this.global(this.line(), this.line());
        const args = this.popMark();
        this.push(this.made(instantiate(cls, args), args));
        return;
      }
      case 0x6f: { // o OBJ
        const items = this.popMark();
        const cls = items.shift() ?? null;
        this.push(this.made(instantiate(cls, items), items));
        return;
      }
      case 0x62: { // b BUILD
        const state = this.pop();
        const target = this.top();
        build(target, state);
        this.weigh(target, state);
        if (target instanceof PyObject && roleOf(target.cls.module, target.cls.name) === 'joblibArray') {
          this.pop();
          this.push(readJoblibArray(this, target));
        }
        return;
      }
      case 0x50: case 0x51: // PERSID, BINPERSID
        throw new PickleError('PICKLE_REFUSED', 'refers to a persistent id, which only a custom unpickler can resolve');
      case 0x82: case 0x83: case 0x84: // EXT1, EXT2, EXT4
        throw new PickleError('PICKLE_REFUSED', "refers to a copyreg extension code, which names a callable in the reader's registry");
      default:
        throw this.bad(`has an unknown opcode 0x${op.toString(16).padStart(2, '0')} at byte ${at}`);
    }
  }

  /** Resolves a module-level name against the allow-list; anything else stops the read right here. */
  private global(module: string, name: string): PyGlobal {
    if (roleOf(module, name) === undefined) {
      throw new PickleError('PICKLE_REFUSED', `asks for ${canonicalModule(module)}.${name}`, { global: `${canonicalModule(module)}.${name}` });
    }
    return new PyGlobal(canonicalModule(module), name);
  }

  private made(value: PyValue, args: readonly PyValue[]): PyValue {
    for (const a of args) this.weigh(value, a);
    return value;
  }

  // ---- bounded bookkeeping ----

  private weightOf(v: PyValue): number {
    return typeof v === 'object' && v !== null ? (this.budget.weight.get(v) ?? 1) : 1;
  }

  private depthOf(v: PyValue): number {
    return typeof v === 'object' && v !== null ? (this.budget.depth.get(v) ?? 0) : 0;
  }

  /** Records that `container` now holds `child`: its expanded size and nesting grow, within bounds. */
  private weigh(container: PyValue, child: PyValue): void {
    if (typeof container !== 'object' || container === null) return;
    const w = this.weightOf(container) + this.weightOf(child);
    if (w > PICKLE_LIMITS.expanded) {
      throw new PickleError('PICKLE_LIMIT', `refers to its own parts so often that it would expand to more than ${PICKLE_LIMITS.expanded.toLocaleString('en-US')} values (a "memo bomb")`);
    }
    this.budget.weight.set(container, w);
    const d = Math.max(this.depthOf(container), this.depthOf(child) + 1);
    if (d > PICKLE_LIMITS.depth) throw new PickleError('PICKLE_LIMIT', `nests containers more than ${PICKLE_LIMITS.depth} levels deep`);
    this.budget.depth.set(container, d);
  }

  private addAll(target: PyValue[], items: PyValue[], owner: PyValue = target): void {
    for (const v of items) {
      this.weigh(owner, v);
      target.push(v);
    }
  }

  private tuple(items: PyValue[]): PyTuple {
    const t = new PyTuple(items);
    for (const v of items) this.weigh(t, v);
    return t;
  }

  private append(target: PyValue, items: PyValue[]): void {
    if (Array.isArray(target)) return this.addAll(target, items);
    if (target instanceof PyObject) return this.addAll(target.listItems, items, target);
    throw this.bad(`appends to ${describe(target)}`);
  }

  private setItems(target: PyValue, items: PyValue[]): void {
    if (items.length % 2 !== 0) throw this.bad('sets a dict item without a value');
    const dict = target instanceof PyDict ? target : target instanceof PyObject ? target.dictItems : null;
    if (!dict) throw this.bad(`sets items on ${describe(target)}`);
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i]!;
      if (Array.isArray(key) || key instanceof PyDict || key instanceof NdArray) throw this.bad(`uses ${describe(key)} as a dict key`);
      this.weigh(target, key);
      this.weigh(target, items[i + 1]!);
      dict.set(key, items[i + 1]!);
    }
  }

  private putMemo(index: number): void {
    if (this.stack.length === 0) throw this.bad('memoizes with an empty stack');
    if (!this.memo.has(index) && this.memo.size >= PICKLE_LIMITS.memo) throw new PickleError('PICKLE_LIMIT', `keeps more than ${PICKLE_LIMITS.memo} values in its memo`);
    this.memo.set(index, this.top());
  }

  private getMemo(index: number): PyValue {
    const v = this.memo.get(index);
    if (v === undefined) throw this.bad(`refers to memo entry ${index}, which was never stored`);
    return v;
  }

  private stackSize(): number {
    let n = this.stack.length;
    for (const m of this.marks) n += m.length;
    return n;
  }

  private push(v: PyValue): void {
    this.stack.push(v);
  }

  private pop(): PyValue {
    if (this.stack.length === 0) throw this.bad('pops from an empty stack');
    return this.stack.pop()!;
  }

  private top(): PyValue {
    if (this.stack.length === 0) throw this.bad('reads from an empty stack');
    return this.stack[this.stack.length - 1]!;
  }

  private popN(n: number): PyValue[] {
    if (this.stack.length < n) throw this.bad('pops from an empty stack');
    return this.stack.splice(this.stack.length - n, n);
  }

  private pushMark(): void {
    if (this.marks.length >= PICKLE_LIMITS.depth) throw new PickleError('PICKLE_LIMIT', `opens more than ${PICKLE_LIMITS.depth} nested MARKs`);
    this.marks.push(this.stack);
    this.stack = [];
  }

  private popMark(): PyValue[] {
    const items = this.stack;
    const outer = this.marks.pop();
    if (!outer) throw this.bad('closes a MARK that was never opened');
    this.stack = outer;
    return items;
  }

  // ---- reading bytes ----

  /** Advances past k bytes that must be present; returns where they start. */
  take(k: number): number {
    if (!Number.isSafeInteger(k) || k < 0 || this.pos + k > this.bytes.length) {
      throw new PickleError(k >= 2 ** 20 ? 'PICKLE_LIMIT' : 'BAD_PICKLE', `declares ${k} bytes at byte ${this.pos} but only ${this.bytes.length - this.pos} remain (the file is truncated or lies about a size)`, { declared: k, present: this.bytes.length - this.pos });
    }
    const at = this.pos;
    this.pos += k;
    return at;
  }

  slice(k: number): Uint8Array {
    const at = this.take(k);
    return this.bytes.subarray(at, at + k);
  }

  u8(): number {
    return this.bytes[this.take(1)]!;
  }

  private u64(): number {
    const v = this.view.getBigUint64(this.take(8), true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new PickleError('PICKLE_LIMIT', `declares a size of ${String(v)} bytes`);
    return Number(v);
  }

  private i32len(): number {
    const v = this.view.getInt32(this.take(4), true);
    if (v < 0) throw this.bad(`declares a negative length ${v}`);
    return v;
  }

  private text(k: number): string {
    try {
      return utf8.decode(this.slice(k));
    } catch {
      throw this.bad(`has text that is not UTF-8 before byte ${this.pos}`);
    }
  }

  private long(k: number): number | bigint {
    if (k > PICKLE_LIMITS.longBytes) throw new PickleError('PICKLE_LIMIT', `holds an integer of ${k} bytes`);
    const b = this.slice(k);
    if (k === 0) return 0;
    let v = 0n;
    for (let i = k - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[k - 1]! & 0x80) v -= 1n << BigInt(8 * k);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  private lineBytes(): Uint8Array {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw this.bad('ends inside a text opcode (no newline)');
    const b = this.bytes.subarray(this.pos, end);
    this.pos = end + 1;
    return b;
  }

  private line(): string {
    return latin.decode(this.lineBytes());
  }

  private lineInt(): number {
    const v = parseLongLine(this.line());
    if (typeof v !== 'number' || v < 0) throw this.bad('has a memo index that is not a small non-negative integer');
    return v;
  }

  private bad(what: string): PickleError {
    return new PickleError('BAD_PICKLE', what.includes(' at byte ') ? what : `${what} (at byte ${this.pos})`);
  }
}
