import { InputError } from '../../errors';
import { own } from '../../dict';

/**
 * Decodes Universal Binary JSON (UBJSON draft 12, https://ubjson.org) as written by XGBoost's
 * `save_model('model.ubj')` (src/common/json.cc UBJWriter): big-endian numbers, object keys as
 * length-prefixed strings, and optimized containers `[$<type>#<count>` for the node arrays, which
 * become typed arrays here. Pure data decoding: nothing in the file is executed.
 */
export function decodeUbjson(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder('utf-8', { fatal: false });
  let pos = 0;

  const fail = (what: string): never => {
    throw new InputError('PARSE_ERROR', `Cannot read UBJSON model: ${what} at byte ${pos}. The file may be truncated or not an XGBoost .ubj model.`, { offset: pos });
  };
  const need = (k: number): void => {
    if (pos + k > bytes.length) fail('unexpected end of data');
  };
  const marker = (): number => {
    need(1);
    return bytes[pos++]!;
  };

  function scalar(m: number): number | boolean | null | string {
    const c = String.fromCharCode(m);
    const sizes: Record<string, number> = { i: 1, U: 1, I: 2, l: 4, L: 8, d: 4, D: 8 };
    const size = own(sizes, c);
    if (size !== undefined) {
      need(size);
      const at = pos;
      pos += size;
      switch (c) {
        case 'i': return view.getInt8(at);
        case 'U': return view.getUint8(at);
        case 'I': return view.getInt16(at);
        case 'l': return view.getInt32(at);
        case 'L': return Number(view.getBigInt64(at));
        case 'd': return view.getFloat32(at);
        default: return view.getFloat64(at);
      }
    }
    if (c === 'Z') return null;
    if (c === 'T') return true;
    if (c === 'F') return false;
    if (c === 'C') return String.fromCharCode(marker());
    if (c === 'S' || c === 'H') return string();
    return fail(`unknown type marker '${c}'`);
  }

  function count(): number {
    const n = scalar(marker());
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) fail('bad length');
    return n as number;
  }

  function string(): string {
    const n = count();
    need(n);
    const s = text.decode(bytes.subarray(pos, pos + n));
    pos += n;
    return s;
  }

  function value(m: number): unknown {
    if (m === 0x5b /* [ */) return array();
    if (m === 0x7b /* { */) return object();
    return scalar(m);
  }

  /** Optional `$type` and `#count` header of a container. */
  function header(): { type: number | null; n: number | null } {
    let type: number | null = null;
    let n: number | null = null;
    if (bytes[pos] === 0x24 /* $ */) { pos++; type = marker(); }
    if (bytes[pos] === 0x23 /* # */) { pos++; n = count(); } else if (type !== null) fail("'$' without '#'");
    return { type, n };
  }

  function array(): unknown {
    const { type, n } = header();
    // Elements of type null/true/false/no-op take no bytes, so their declared count is backed by nothing: refuse
    // more of them than bytes remain (XGBoost never writes such arrays). Every other element takes ≥ 1 byte.
    if (n !== null && n > bytes.length - pos) fail(`declared count ${n} exceeds the ${bytes.length - pos} remaining bytes`);
    if (type !== null && n !== null) return typedArray(type, n);
    const out: unknown[] = [];
    if (n !== null) {
      for (let i = 0; i < n; i++) out.push(value(marker()));
      return out;
    }
    for (let m = marker(); m !== 0x5d /* ] */; m = marker()) if (m !== 0x4e /* N */) out.push(value(m));
    return out;
  }

  function typedArray(type: number, n: number): unknown {
    const c = String.fromCharCode(type);
    const ctor = { i: Int8Array, U: Uint8Array, I: Int16Array, l: Int32Array, d: Float32Array, D: Float64Array }[c as 'i'];
    if (ctor === undefined) {
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(value(type));
      return out;
    }
    const size = ctor.BYTES_PER_ELEMENT;
    need(n * size);
    const out = new ctor(n);
    for (let i = 0; i < n; i++) out[i] = scalar(type) as number;
    return out;
  }

  function object(): Record<string, unknown> {
    const { type, n } = header();
    const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const entry = (): void => {
      const key = string();
      out[key] = type !== null ? value(type) : value(marker());
    };
    if (n !== null) {
      for (let i = 0; i < n; i++) entry();
      return out;
    }
    while (bytes[pos] !== 0x7d /* } */) {
      need(1);
      if (bytes[pos] === 0x4e) { pos++; continue; }
      entry();
    }
    pos++;
    return out;
  }

  const result = value(marker());
  return result;
}
