import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chunk, convertGroupColumns } from '../data/columnGroups';
import type { ColumnInfo } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { engineMemoryBytes } from '../data/engineMemory';
import { scanSql } from '../data/fileScan';
import { quoteIdent, quoteLiteral } from '../data/sql';
import { removeEntriesOfDeadProcesses } from '../data/engineTemp';

/**
 * A wide CSV too large for an engine table stays a view over the file (data/loadDelimited.ts), and each column
 * batch of the profile would re-read (re-tokenize) the whole file: ~9 reads of a 1,000 × 100k CSV, ~50 of a
 * 10,000 × 10k one (issue 18). Instead its columns are converted once, a conversion group at a time (converting
 * all 10,000 columns of a chunk at once runs out of memory at 1 GB), into temporary Parquet files in the engine's
 * temp folder, in file order (the row hashes join batches by position); the batches are then copied from those.
 * Parquet keeps every engine type the CSV reader produces, so the batch tables, and the profile, are identical.
 * The files are removed by close(), which the caller runs after success, error or cancel.
 */
export class TempParquet {
  private readonly groupOf = new Map<string, number>();
  /** The engine's literal scan of each file (the temp folder's path may hold glob characters). */
  private readonly scans: string[] = [];

  private constructor(private readonly files: string[], groups: readonly ColumnInfo[][]) {
    groups.forEach((g, i) => g.forEach((c) => this.groupOf.set(c.name, i)));
  }

  /** Converts `columns` of `relation` (a view over a wide CSV) into Parquet files, one per conversion group. */
  static async convert(engine: Engine, relation: string, columns: readonly ColumnInfo[], options: RunOptions): Promise<TempParquet> {
    const groups = chunk(columns, await conversionGroupColumns(engine, options));
    const dir = String((await engine.run(`SELECT current_setting('temp_directory') AS d`, options))[0]?.['d'] ?? '');
    if (!dir) throw new Error('the engine has no temp directory for converting a wide CSV');
    mkdirSync(dir, { recursive: true });
    removeStale(dir);
    const tag = `ml-wide-${process.pid}-${randomBytes(6).toString('hex')}`;
    const files = groups.map((_g, i) => join(dir, `${tag}-${i}.parquet`));
    const made = new TempParquet(files, groups);
    try {
      const memory = await engineMemoryBytes(engine, options);
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i]!;
        // The writer holds a row group of every column in memory: rows per group sized to an eighth of the limit.
        const rowGroup = Math.max(2048, Math.min(122_880, Math.floor(memory / 8 / (Math.max(1, g.length) * ROW_BYTES_PER_VALUE))));
        await engine.exec(`COPY (SELECT ${g.map((c) => quoteIdent(c.name)).join(', ')} FROM ${relation}) TO ${quoteLiteral(files[i]!)} (FORMAT parquet, COMPRESSION ${CODEC}, ROW_GROUP_SIZE ${rowGroup})`, options);
        made.scans.push(await scanSql(engine, 'read_parquet', files[i]!, [], options));
      }
    } catch (e) {
      made.close();
      throw e;
    }
    return made;
  }

  /** The scan of the Parquet file holding `columns` (all from one conversion group). */
  relationOf(columns: readonly ColumnInfo[]): string {
    const g = this.groupOf.get(columns[0]?.name ?? '');
    if (g === undefined || columns.some((c) => this.groupOf.get(c.name) !== g)) throw new Error('TempParquet: a batch spans conversion groups');
    return this.scans[g]!;
  }

  /** The batches of `size` columns, none spanning two conversion groups, in column order. */
  batches(columns: readonly ColumnInfo[], size: number): ColumnInfo[][] {
    const out: ColumnInfo[][] = [];
    let start = 0;
    while (start < columns.length) {
      const g = this.groupOf.get(columns[start]!.name);
      let end = start;
      while (end < columns.length && end - start < size && this.groupOf.get(columns[end]!.name) === g) end++;
      out.push(columns.slice(start, end));
      start = end;
    }
    return out;
  }

  /** Removes the files (also any partly written by an interrupted conversion). */
  close(): void {
    for (const f of this.files) rmSync(f, { force: true });
  }

  /** The files, for tests. */
  paths(): readonly string[] {
    return this.files;
  }
}

/**
 * Columns per conversion group: the reader's group (data/columnGroups.ts), and no more than the Parquet writer's
 * buffers fit in half the memory limit (measured: 488 columns at a 128 MB limit ran out of memory, ~250 KiB each).
 */
export async function conversionGroupColumns(engine: Engine, options: RunOptions): Promise<number> {
  const byWriter = Math.max(16, Math.floor((0.5 * (await engineMemoryBytes(engine, options))) / WRITER_BYTES_PER_COLUMN));
  return Math.min(await convertGroupColumns(engine, options), byWriter);
}

const WRITER_BYTES_PER_COLUMN = 512 * 1024;

const NAME = /^ml-wide-(\d+)-[0-9a-f]+-\d+\.parquet$/;

/**
 * Removes the files of profiles whose process is gone: a process killed outright (SIGTERM, SIGKILL, a crash) runs
 * no cleanup, and each file is as large as the CSV. Ctrl-C in the CLI cancels, which removes them as usual.
 */
export function removeStale(dir: string): void {
  removeEntriesOfDeadProcesses(dir, NAME);
}

/** Bytes per value assumed for the Parquet writer's row group being filled. */
const ROW_BYTES_PER_VALUE = 24;
/** Uncompressed: the files live only while the profile runs; measured cheaper to write and read than snappy. */
const CODEC = 'uncompressed';
