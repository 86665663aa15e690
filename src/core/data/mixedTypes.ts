import type { Engine, RunOptions } from './engine';
import { chunk, convertGroupColumns } from './columnGroups';
import { describeColumns } from './describeColumns';
import { quoteIdent, quoteLiteral } from './sql';

/** Rows looked at first: a column that is not mostly numbers here is not a numeric column with stray text. */
const SCREEN_ROWS = 2048;
/** A column is "numeric with stray text" when at most this share of its values are not numbers. */
const MAX_TEXT_SHARE = 0.1;

export interface StrayText {
  column: string;
  /** Values that are not numbers. */
  count: number;
  /** The file line of the first one (1-based, header = line 1), when the reader reports it. */
  line?: number;
  /** Where that line's row starts in the text (the reader's `line_byte_position`; physicalLines.ts turns it into a line). */
  at?: number;
}

/**
 * Text inside a numeric column that DuckDB's sniffer saw in its sample (~20k rows), so that it typed the whole
 * column VARCHAR: no value was rejected, so loadDelimited's cast check cannot see it. A VARCHAR column whose
 * values are numbers except a few (≤ 10%) is such a column; its first non-number is located by reading the file
 * again with the column typed DOUBLE and taking the reader's first rejected line. Cheap when there is none: one
 * look at the first 2048 rows of the text columns.
 */
export async function findStrayText(
  engine: Engine,
  table: string,
  /** A scan of the file with these columns' types overridden and these extra reader options (the dialect stays pinned). */
  typedScan: (types: ReadonlyMap<string, string>, extra: readonly string[]) => string,
  options: RunOptions,
): Promise<StrayText[]> {
  const text = (await describeColumns(engine, table, options)).filter((c) => c.type === 'VARCHAR').map((c) => c.name);
  if (text.length === 0) return [];
  // A group of columns at a time: on a wide file's view each query converts every value it reads (columnGroups.ts).
  // A quarter of a conversion group: text values take more than the 32 bytes the groups assume (measured: 1,907
  // text columns of the 10,000-column view, out of memory at 1 GB). The screen reads only its first rows.
  const size = Math.max(16, Math.floor((await convertGroupColumns(engine, options)) / 4));
  const counts = async (from: (cols: string) => string, cols: readonly string[]) => {
    const out = new Map<string, number>();
    for (const [g, group] of chunk(cols, size).entries()) {
      if (!group.length) continue;
      const row = (await engine.run(`SELECT ${group.map((c, i) => `count(${quoteIdent(c)}) AS n${i}, count(TRY_CAST(${quoteIdent(c)} AS DOUBLE)) AS k${i}`).join(', ')} FROM ${from(group.map(quoteIdent).join(', '))}`, options))[0]!;
      group.forEach((_, i) => {
        out.set(`n${g * size + i}`, Number(row[`n${i}`]));
        out.set(`k${g * size + i}`, Number(row[`k${i}`]));
      });
    }
    return out;
  };
  const head = await counts((cols) => `(SELECT ${cols} FROM ${quoteIdent(table)} LIMIT ${SCREEN_ROWS})`, text);
  const candidates = text.filter((_, i) => head.get(`n${i}`)! > 0 && head.get(`k${i}`)! >= (1 - MAX_TEXT_SHARE) * head.get(`n${i}`)!);
  if (candidates.length === 0) return [];
  const all = await counts(() => quoteIdent(table), candidates);
  const found: StrayText[] = [];
  candidates.forEach((column, i) => {
    const n = all.get(`n${i}`)!;
    const bad = n - all.get(`k${i}`)!;
    if (bad > 0 && bad <= MAX_TEXT_SHARE * n) found.push({ column, count: bad });
  });
  if (found.length === 0) return found;
  // The line of the first text value: read again with these columns typed as numbers; the reader rejects that line.
  const rejects = engine.uniqueName('stray_rejects');
  const typed = typedScan(new Map(found.map((f): [string, string] => [f.column, 'DOUBLE'])), ['store_rejects = true', `rejects_table = ${quoteLiteral(rejects)}`, `rejects_scan = ${quoteLiteral(engine.uniqueName('stray_scan'))}`]);
  const lines = await engine.withConnection(options, async (conn) => {
    // Select the columns themselves: with count(*) alone the reader would not convert (or reject) their values.
    await conn.run(`SELECT ${found.map((f) => `count(${quoteIdent(f.column)})`).join(', ')} FROM ${typed}`);
    const reader = await conn.runAndReadAll(`SELECT column_name, min(line)::BIGINT AS line, arg_min(line_byte_position, line)::BIGINT AS at FROM ${quoteIdent(rejects)} WHERE error_type = 'CAST' GROUP BY column_name`);
    return new Map(reader.getRowObjectsJS().map((r) => [String(r['column_name']), { line: Number(r['line']), at: r['at'] === null ? undefined : Number(r['at']) }]));
  });
  for (const f of found) {
    const first = lines.get(f.column);
    if (first === undefined) continue;
    f.line = first.line;
    if (first.at !== undefined) f.at = first.at;
  }
  return found;
}
