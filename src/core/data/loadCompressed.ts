import { CancelledError, InputError } from '../errors';
import { checkCompressedMagic, verifyGzip, verifyZstd } from './compressedFile';
import type { DataIssue } from './dataset';
import type { Engine, RunOptions } from './engine';
import { loadDelimited } from './loadDelimited';
import { checkText } from './precheck';
import type { ExtendedSource } from './sources';
import { scanSql } from './fileScan';
import { quoteIdent } from './sql';

type Compressed = Extract<ExtendedSource, { kind: 'compressed' }>;

/**
 * Load gzip- or zstd-compressed CSV/TSV/JSON Lines into an engine table. DuckDB decompresses while it reads; the
 * file is also checked here, because DuckDB reads a cut-off file without an error (fewer rows, or none):
 * gzip is decompressed once in a stream beside the load (its first 64 KiB then get the same text checks as a
 * plain file: UTF-16, binary, UTF-8), zstd frames are walked block by block. A check failure wins over the
 * engine's error, which for a cut-off file would only blame its last line. `head` is the decompressed first
 * bytes (gzip only), for the header checks of delimited text.
 */
export async function loadCompressed(engine: Engine, src: Compressed, table: string, options: RunOptions): Promise<{ issues: DataIssue[]; head?: string }> {
  const { path } = src;
  checkCompressedMagic(path, src.compression);
  if (src.compression === 'zstd') verifyZstd(path);
  const verified = src.compression === 'gzip' ? verifyGzip(path, options.signal) : Promise.resolve(undefined);
  const load = (async (): Promise<DataIssue[]> => {
    if (src.format === 'jsonl') {
      await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM ${await scanSql(engine, 'read_json', path, ["format = 'newline_delimited'"], options)}`, options);
      return [];
    }
    return (await loadDelimited(engine, path, table, options)).issues;
  })();
  const [check, loaded] = await Promise.allSettled([verified, load]);
  if (options.signal?.aborted) throw new CancelledError();
  if (check.status === 'rejected') {
    await engine.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`).catch(() => undefined);
    throw check.reason;
  }
  const head = check.value;
  if (head) {
    if (head.length === 0) throw new InputError('FILE_EMPTY', `${path} decompresses to nothing (0 bytes). Expected ${src.format.toUpperCase()} text.`, { path });
    checkText(path, head, true);
  }
  if (loaded.status === 'rejected') throw loaded.reason;
  return { issues: loaded.value, ...(head ? { head: head.toString('utf8') } : {}) };
}
