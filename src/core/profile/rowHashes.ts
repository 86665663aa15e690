import type { ColumnInfo } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';

/**
 * One 64-bit hash per row of a wide file, built column batch by column batch (issue 18): hashing all 10,000
 * columns of a row in one query makes DuckDB hold every column of a row group at once, past the 1 GB default
 * (measured: 10,000 × 10k Parquet, out of memory). Each batch's engine table is a copy of the file's rows in
 * file order, so the running hash joins it by position (POSITIONAL JOIN): h ← hash(h, batch columns). Two rows
 * get the same chained hash exactly when they would get the same one-query hash, up to 64-bit collisions, as
 * before; duplicate rows are then counted from this one-column table.
 *
 * Row order: the CLI's profile turns DuckDB's `preserve_insertion_order` off for speed, and a table copied with it
 * off may hold its rows in another order per batch. It is turned on while the chain is built and restored after.
 */
export class RowHashes {
  private current: string | undefined;

  private constructor(private readonly engine: Engine, private readonly restoreOrder: boolean) {}

  static async start(engine: Engine): Promise<RowHashes> {
    const rows = await engine.run(`SELECT current_setting('preserve_insertion_order') AS v`);
    const on = rows[0]?.['v'] === true || rows[0]?.['v'] === 'true';
    if (!on) await engine.exec('SET preserve_insertion_order = true');
    return new RowHashes(engine, !on);
  }

  /** Folds the columns of `table` (a batch copied from the file in file order) into the running hash. */
  async add(table: string, columns: readonly ColumnInfo[], options: RunOptions): Promise<void> {
    const next = quoteIdent(this.engine.uniqueName('rowhash'));
    const cols = columns.map((c) => `b.${quoteIdent(c.name)}`).join(', ');
    await this.engine.exec(this.current
      ? `CREATE TABLE ${next} AS SELECT hash(p.h, ${cols}) AS h FROM ${this.current} p POSITIONAL JOIN ${table} b`
      : `CREATE TABLE ${next} AS SELECT hash(${cols}) AS h FROM ${table} b`, options);
    await this.drop();
    this.current = next;
  }

  /** The engine table holding the hashes (column `h`, one row per data row). */
  relation(): string {
    if (!this.current) throw new Error('RowHashes: no column batch was added');
    return this.current;
  }

  async close(): Promise<void> {
    await this.drop();
    if (this.restoreOrder) await this.engine.exec('SET preserve_insertion_order = false').catch(() => undefined);
  }

  private async drop(): Promise<void> {
    const t = this.current;
    this.current = undefined;
    if (t) await this.engine.exec(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  }
}
