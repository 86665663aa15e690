import { gunzipSync, inflateSync } from 'node:zlib';
import { InputError } from '../../errors';
import { PickleError } from './pickleError';
import { Unpickler } from './unpickle';
import type { PyValue } from './values';

/** What kind of container a file is, from its first bytes (see sniffPickle). */
export type PickleContainer = 'pickle' | 'zlib' | 'gzip' | 'bz2' | 'lzma' | 'xz' | 'lz4' | 'joblib-zfile';

export interface PickleRead {
  value: PyValue;
  /** Pickle protocol (0–5; 0 also for protocol 1, which has no PROTO opcode). */
  protocol: number;
  /** 'pickle' or the compression joblib used. */
  container: PickleContainer;
}

/** Largest uncompressed size of a compressed joblib file: 100× its compressed size, at least 256 MiB, at most 2 GiB. */
export function inflateLimit(compressed: number): number {
  return Math.min(2 ** 31 - 1, Math.max(256 * 2 ** 20, 100 * compressed));
}

const PROTOCOL0_START = new Set([...'(c]})NIFLSVKJMGUTXBCl'].map((c) => c.charCodeAt(0)));

/**
 * Recognises a pickle or a compressed joblib file by its first bytes: protocol 2–5 start with PROTO (0x80, 2–5);
 * protocols 0 and 1 have no header, so they are taken for pickles when the first byte is an opcode that can
 * start one (a GLOBAL must be followed by "module\nname\n") and the last byte is STOP ('.'). joblib's
 * compressors write zlib (0x78), gzip (1f 8b), bz2 ('BZ'), lzma (5d 00), xz (fd 37 7a 58 5a) and lz4 (04 22 4d 18)
 * streams; files of joblib < 0.9.3 start with 'ZF'. `tail` is the file's last byte when known.
 */
export function sniffPickle(head: Uint8Array, tail?: number): PickleContainer | null {
  const b0 = head[0];
  const b1 = head[1];
  if (b0 === undefined) return null;
  if (b0 === 0x80 && b1 !== undefined && b1 >= 2 && b1 <= 5) return 'pickle';
  if (b0 === 0x78 && b1 !== undefined && (b1 === 0x01 || b1 === 0x5e || b1 === 0x9c || b1 === 0xda)) return 'zlib';
  if (b0 === 0x1f && b1 === 0x8b) return 'gzip';
  if (b0 === 0x42 && b1 === 0x5a && head[2] === 0x68) return 'bz2';
  if (b0 === 0xfd && b1 === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a) return 'xz';
  if (b0 === 0x5d && b1 === 0x00 && head[2] === 0x00) return 'lzma';
  if (b0 === 0x04 && b1 === 0x22 && head[2] === 0x4d && head[3] === 0x18) return 'lz4';
  if (b0 === 0x5a && b1 === 0x46 && head[2] === 0x30 && head[3] === 0x78) return 'joblib-zfile';
  if (tail !== undefined && tail !== 0x2e) return null;
  if (!PROTOCOL0_START.has(b0)) return null;
  const text = String.fromCharCode(...head.subarray(0, 128));
  if (b0 === 0x63 /* c */) return /^c[A-Za-z_][\w.]*\n[A-Za-z_]\w*\n/.test(text) ? 'pickle' : null;
  if (b0 === 0x28 /* ( */ || b0 === 0x5d /* ] */ || b0 === 0x7d /* } */) return /^[(\]}][(cdlNIFSVKJMGUTXp}\]q)]/.test(text) ? 'pickle' : null;
  return null;
}

/**
 * Reads a pickle or joblib file as data (never as code; see unpickle.ts). Compressed joblib files (zlib, gzip)
 * are inflated first, up to inflateLimit. Every problem is an InputError naming the file and ending with
 * "nothing was run" — which is always true, as nothing in the file is ever run.
 */
export function readPickle(bytes: Uint8Array, source: string, limits: { inflated?: number } = {}): PickleRead {
  const container = sniffPickle(bytes.subarray(0, 256), bytes[bytes.length - 1]) ?? 'pickle';
  try {
    const data = inflate(bytes, container, limits.inflated ?? inflateLimit(bytes.length));
    const u = new Unpickler(data);
    const value = u.load();
    return { value, protocol: u.protocol, container };
  } catch (e) {
    if (e instanceof PickleError) {
      throw new InputError(e.code, `${source} ${e.what}; nothing was run. Model Lens reads pickles as data and never runs them (see "scikit-learn models" in the README).`, { source, ...e.details });
    }
    if (e instanceof RangeError) throw new InputError('PICKLE_LIMIT', `${source} is too large to read (${e.message}); nothing was run.`, { source });
    throw e;
  }
}

function inflate(bytes: Uint8Array, container: PickleContainer, limit: number): Uint8Array {
  if (container === 'pickle') return bytes;
  if (container !== 'zlib' && container !== 'gzip') {
    const why = container === 'joblib-zfile' ? 'was written by joblib older than 0.9.3' : `is compressed with ${container}, which Model Lens cannot decompress (zlib and gzip can be read)`;
    throw new PickleError('UNSUPPORTED_MODEL', `${why}; re-save it with joblib.dump(model, path, compress=("zlib", 3)) or without compression`);
  }
  try {
    return container === 'zlib' ? inflateSync(bytes, { maxOutputLength: limit }) : gunzipSync(bytes, { maxOutputLength: limit });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PickleError('PICKLE_LIMIT', `inflates to more than ${(limit / 2 ** 20).toFixed(limit < 2 ** 20 ? 2 : 0)} MiB (over 100 times its compressed size, or over 2 GiB); refusing a likely decompression bomb`);
    }
    throw new PickleError('BAD_PICKLE', `is a ${container} stream that cannot be decompressed (${(e as Error).message})`);
  }
}
