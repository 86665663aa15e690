import { chunk, conversionGroupColumns } from '../data/columnGroups';
import type { ColumnInfo } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { engineMemoryBytes } from '../data/engineMemory';
import { scanSql } from '../data/fileScan';
import { quoteIdent } from '../data/sql';
import { removeEntriesOfDeadProcesses } from '../data/engineTemp';
import { copyToParquetSql, GROUP_FILE, groupFileNames, groupScans, removeFiles, takeGroupFiles } from '../data/wideCsvParquet';

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

  /**
   * Converts `columns` of `relation` (a view over a wide CSV) into Parquet files, one per conversion group; or takes
   * the files the load's validation read already wrote (data/wideCsvParquet.ts) when they hold exactly `columns`.
   */
  static async convert(engine: Engine, relation: string, columns: readonly ColumnInfo[], options: RunOptions): Promise<TempParquet> {
    const loaded = takeGroupFiles(engine, relation);
    if (loaded) {
      if (sameColumns(loaded.groups, columns)) {
        const byName = new Map(columns.map((c) => [c.name, c]));
        const made = new TempParquet(loaded.files, loaded.groups.map((g) => g.map((n) => byName.get(n)!)));
        try {
          made.scans.push(...(await groupScans(engine, loaded.files, options)));
        } catch (e) {
          made.close();
          throw e;
        }
        return made;
      }
      removeFiles(loaded.files);
    }
    const groups = chunk(columns, await conversionGroupColumns(engine, options));
    const files = await groupFileNames(engine, groups.length, options);
    const made = new TempParquet(files, groups);
    try {
      const memory = await engineMemoryBytes(engine, options);
      for (let i = 0; i < groups.length; i++) {
        const g = groups[i]!;
        await engine.exec(copyToParquetSql(`SELECT ${g.map((c) => quoteIdent(c.name)).join(', ')} FROM ${relation}`, files[i]!, g.length, memory), options);
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
    removeFiles(this.files);
  }

  /** The files, for tests. */
  paths(): readonly string[] {
    return this.files;
  }
}

export { conversionGroupColumns } from '../data/columnGroups';

/**
 * Removes the files of profiles whose process is gone: a process killed outright (SIGTERM, SIGKILL, a crash) runs
 * no cleanup, and each file is as large as the CSV. Ctrl-C in the CLI cancels, which removes them as usual.
 */
export function removeStale(dir: string): void {
  removeEntriesOfDeadProcesses(dir, GROUP_FILE);
}

/** Whether the load's groups hold exactly `columns`, in order. */
function sameColumns(groups: readonly string[][], columns: readonly ColumnInfo[]): boolean {
  const names = groups.flat();
  return names.length === columns.length && names.every((n, i) => n === columns[i]!.name);
}
