import type { Dataset } from '../data/dataset';
import type { Engine } from '../data/engine';
import { quoteLiteral } from '../data/sql';

/**
 * How the viewer addresses a row: its 0-based position in the file (in file order across the files of a folder), as a
 * SQL expression over the scan, plus conditions that let the engine skip what it does not need. Engine tables (CSV,
 * JSON Lines, Arrow, xlsx, compressed text) use `rowid`; a Parquet file its `file_row_number`, so a range of rows
 * reads only their row groups; a folder adds each file's row offset to `file_row_number` and names the file by
 * `filename`, so a page reads one or two files.
 */
export interface RowIds {
  /** FROM expression (a table name or a read_parquet call) and the row-id expression over it. */
  from: string;
  expr: string;
  /** Condition: row ids in [lo, hi]. */
  range(lo: number, hi: number): string;
  /** Condition: row ids in the list (non-empty). */
  among(ids: readonly number[]): string;
}

export async function rowIdsOf(engine: Engine, ds: Dataset): Promise<RowIds> {
  if (ds.multiFile) {
    const files = ds.multiFile.files;
    const counts = await engine.run(`SELECT file_name AS f, sum(num_rows)::BIGINT AS n FROM parquet_file_metadata([${files.map(quoteLiteral).join(', ')}]) GROUP BY ALL`);
    const byName = new Map(counts.map((r) => [String(r['f']), Number(r['n'])]));
    const offsets: number[] = [];
    let total = 0;
    for (const f of files) {
      offsets.push(total);
      total += byName.get(f) ?? 0;
    }
    const fileOf = (id: number): number => {
      let lo = 0;
      let hi = offsets.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (offsets[mid]! <= id) lo = mid; else hi = mid - 1;
      }
      return lo;
    };
    const groups = (ids: readonly number[]) => {
      const g = new Map<number, number[]>();
      for (const id of ids) {
        const f = fileOf(id);
        const list = g.get(f) ?? [];
        list.push(id - offsets[f]!);
        g.set(f, list);
      }
      return g;
    };
    return {
      from: ds.multiFile.scan,
      // By file name: `file_index` counts only the files left after Hive partition pruning.
      expr: `(file_row_number::BIGINT + (MAP {${files.map((f, i) => `${quoteLiteral(f)}: ${offsets[i]}::BIGINT`).join(', ')}})[filename])`,
      range(lo, hi) {
        const parts: string[] = [];
        for (let f = fileOf(lo); f < files.length && offsets[f]! <= hi; f++) {
          parts.push(`(filename = ${quoteLiteral(files[f]!)} AND file_row_number BETWEEN ${Math.max(0, lo - offsets[f]!)} AND ${hi - offsets[f]!})`);
        }
        return parts.length ? `(${parts.join(' OR ')})` : 'FALSE';
      },
      among(ids) {
        return `(${[...groups(ids)].map(([f, local]) => `(filename = ${quoteLiteral(files[f]!)} AND file_row_number IN (${local.join(', ')}))`).join(' OR ')})`;
      },
    };
  }
  if (ds.format === 'parquet' && !ds.engineTable && ds.fileScan) {
    return {
      from: ds.fileScan,
      expr: 'file_row_number',
      range: (lo, hi) => `file_row_number BETWEEN ${lo} AND ${hi}`,
      among: (ids) => `file_row_number IN (${ids.join(', ')})`,
    };
  }
  return {
    from: ds.relation,
    expr: 'rowid',
    range: (lo, hi) => `rowid BETWEEN ${lo} AND ${hi}`,
    among: (ids) => `rowid IN (${ids.join(', ')})`,
  };
}
