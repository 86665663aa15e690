import { createReadStream, closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors';
import type { Compression } from './sources';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = 0xfd2fb528;
const HEAD_BYTES = 64 * 1024;

/** Checks the magic bytes a compressed file's name promises; a specific message when they are missing. */
export function checkCompressedMagic(path: string, compression: Compression): void {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) throw new InputError('FILE_EMPTY', `${path} is empty (0 bytes). Expected ${compression === 'gzip' ? 'gzip' : 'zstd'}-compressed data.`, { path });
    const head = Buffer.alloc(4);
    const got = readSync(fd, head, 0, 4, 0);
    const ok = compression === 'gzip' ? got >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1] : got === 4 && head.readUInt32LE(0) === ZSTD_MAGIC;
    if (!ok) {
      const ext = compression === 'gzip' ? '.gz' : '.zst';
      throw new InputError('NOT_COMPRESSED', `${path} is not ${compression}-compressed (its first bytes are not the ${compression} magic number), although its name ends in ${ext}. Rename it without ${ext} if it is plain text, or re-compress it.`, { path, compression });
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Decompresses a whole gzip file (all members) to prove it is complete, keeping the first 64 KiB of text for the
 * header checks. DuckDB reads a truncated gzip file without an error (a cut-off file gives fewer rows, or none), so
 * this check is what stops silently short data. Memory: one zlib window and the kept head.
 */
export async function verifyGzip(path: string, signal?: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let kept = 0;
  await new Promise<void>((done, fail) => {
    const input = createReadStream(path);
    const gunzip = createGunzip();
    const stop = (e: unknown) => {
      input.destroy();
      gunzip.destroy();
      fail(e);
    };
    const onAbort = () => stop(new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    gunzip.on('data', (c: Buffer) => {
      if (kept < HEAD_BYTES) {
        chunks.push(c.subarray(0, HEAD_BYTES - kept));
        kept += Math.min(c.length, HEAD_BYTES - kept);
      }
    });
    gunzip.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      done();
    });
    gunzip.on('error', (e: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      const truncated = e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message);
      stop(new InputError(
        truncated ? 'TRUNCATED_GZIP' : 'CORRUPT_GZIP',
        truncated
          ? `${path} is a truncated gzip file: the compressed data ends before the end of its stream (the download or copy was probably cut off). Fetch or compress the file again; 'gzip -t' confirms the problem.`
          : `${path} is a corrupt gzip file (${e.message}). Fetch or compress the file again; 'gzip -t' shows the problem.`,
        { path },
      ));
    });
    input.on('error', stop);
    input.pipe(gunzip);
  });
  return Buffer.concat(chunks);
}

/**
 * Walks a zstd file's frames and block headers (no decompression: each block header gives its size) and throws
 * TRUNCATED_ZSTD when the file ends inside a frame. Like gzip, DuckDB reads a truncated zstd file without an error.
 * Format: RFC 8878 §3.1 (frame header, 3-byte block headers with a last-block flag, optional 4-byte checksum;
 * skippable frames 0x184D2A5?).
 */
export function verifyZstd(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(18);
    const read = (pos: number, n: number): Buffer => buf.subarray(0, readSync(fd, buf, 0, n, pos));
    const truncated = () => new InputError('TRUNCATED_ZSTD', `${path} is a truncated zstd file: the data ends inside a compressed frame (the download or copy was probably cut off). Fetch or compress the file again; 'zstd -t' confirms the problem.`, { path });
    let pos = 0;
    while (pos < size) {
      const h = read(pos, 4);
      if (h.length < 4) throw truncated();
      const magic = h.readUInt32LE(0);
      if ((magic & 0xfffffff0) === 0x184d2a50) {
        const s = read(pos + 4, 4);
        if (s.length < 4) throw truncated();
        pos += 8 + s.readUInt32LE(0);
        if (pos > size) throw truncated();
        continue;
      }
      if (magic !== ZSTD_MAGIC) throw new InputError('CORRUPT_ZSTD', `${path}: unexpected bytes at offset ${pos} (not a zstd frame). Fetch or compress the file again; 'zstd -t' shows the problem.`, { path, offset: pos });
      const fhd = read(pos + 4, 1)[0];
      if (fhd === undefined) throw truncated();
      const fcsFlag = fhd >> 6;
      const single = (fhd >> 5) & 1;
      const checksum = (fhd >> 2) & 1;
      const dictFlag = fhd & 3;
      const headerSize = 1 + (single ? 0 : 1) + [0, 1, 2, 4][dictFlag]! + [single ? 1 : 0, 2, 4, 8][fcsFlag]!;
      pos += 4 + headerSize;
      for (;;) {
        const b = read(pos, 3);
        if (b.length < 3) throw truncated();
        const v = b[0]! | (b[1]! << 8) | (b[2]! << 16);
        const last = v & 1;
        const type = (v >> 1) & 3;
        const blockSize = v >>> 3;
        if (type === 3) throw new InputError('CORRUPT_ZSTD', `${path}: a reserved zstd block type at offset ${pos}; the file is corrupt. 'zstd -t' shows the problem.`, { path, offset: pos });
        pos += 3 + (type === 1 ? 1 : blockSize);
        if (pos > size) throw truncated();
        if (last) break;
      }
      if (checksum) pos += 4;
      if (pos > size) throw truncated();
    }
  } finally {
    closeSync(fd);
  }
}
