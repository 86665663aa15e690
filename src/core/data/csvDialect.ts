import type { Engine, RunOptions } from './engine';
import { own } from '../dict';
import { csvSniff } from './fileScan';
import { quoteLiteral } from './sql';

/**
 * A delimited file's dialect and column types as DuckDB's sniffer detects them, found once per file (issue 18):
 * every `read_csv` without them sniffs again, and one sniff of a 10,000 × 10k CSV costs ~35 CPU-s (its sample,
 * 20,480 rows, is the whole file, tried for each candidate dialect), while a wide file is read once per column
 * group, per query on its view and per converted group. The sniffer here is the reader's own (`sniff_csv`, same
 * sample and options), so a pinned read has the types an auto-detecting read would have had.
 */
export interface CsvDialect {
  /** `read_csv` options of the dialect (delim, quote, escape, new_line, skip, comment, header, date/timestamp formats). */
  readonly options: readonly string[];
  /** The detected columns in file order: the names the reader gives them (duplicates renamed) and their types. */
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  /** The dialect's parts, for reading the file's text outside the engine (csvLines.ts): '' for none. */
  readonly text?: { readonly delim: string; readonly quote: string; readonly escape: string; readonly skip: number; readonly header: boolean };
}

/** sniff_csv's text for "none" (no quote, escape or comment). */
const NONE = '(empty)';

/**
 * Runs the sniffer once on `quotedFile` (a literal pattern, quoted: fileScan.ts's literalPattern) with the reader
 * options the caller would have passed (`header = true`, a `new_line`), and returns what later reads pin.
 */
export async function sniffCsv(engine: Engine, quotedFile: string, userOptions: readonly string[], options: RunOptions): Promise<CsvDialect> {
  const rows = await engine.run(`SELECT * FROM ${csvSniff(quotedFile, userOptions)}`, options);
  const r = rows[0];
  if (!r) throw new Error('the CSV sniffer returned no result');
  const text = (k: string): string => {
    const v = own(r, k);
    return v === null || v === undefined ? '' : String(v);
  };
  const orNone = (k: string): string => (text(k) === NONE ? '' : text(k));
  const opts = [
    `delim = ${quoteLiteral(text('Delimiter'))}`,
    `quote = ${quoteLiteral(orNone('Quote'))}`,
    `escape = ${quoteLiteral(orNone('Escape'))}`,
    // '\n', '\r\n' or '\r' spelled with backslashes, as read_csv's new_line option takes them.
    ...(text('NewLineDelimiter') && /^(\\[rn])+$/.test(text('NewLineDelimiter')) ? [`new_line = ${quoteLiteral(text('NewLineDelimiter'))}`] : []),
    `skip = ${Number(r['SkipRows'] ?? 0)}`,
    `comment = ${quoteLiteral(orNone('Comment'))}`,
    `header = ${r['HasHeader'] === true ? 'true' : 'false'}`,
    ...(text('DateFormat') ? [`dateformat = ${quoteLiteral(text('DateFormat'))}`] : []),
    ...(text('TimestampFormat') ? [`timestampformat = ${quoteLiteral(text('TimestampFormat'))}`] : []),
  ];
  const columns = (r['Columns'] as unknown as { name: unknown; type: unknown }[] | null ?? []).map((c) => ({ name: String(c.name), type: String(c.type) }));
  const textDialect = { delim: text('Delimiter'), quote: orNone('Quote'), escape: orNone('Escape'), skip: Number(r['SkipRows'] ?? 0), header: r['HasHeader'] === true };
  return { options: opts, columns, text: textDialect };
}

/**
 * The `read_csv` options of a read that does not sniff: the dialect and every column's type pinned; `types`
 * overrides some columns' types (e.g. VARCHAR for a column with text after the sniffed sample), by name.
 */
export function pinnedOptions(dialect: CsvDialect, types: ReadonlyMap<string, string> = new Map()): string[] {
  const columns = dialect.columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(types.get(c.name) ?? c.type)}`);
  return ['auto_detect = false', ...dialect.options, `columns = {${columns.join(', ')}}`];
}
