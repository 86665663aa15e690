import { escapeCsv, markdownCell } from '../render/escape';

/**
 * Selected cells as text for the clipboard, through the one escaper per format (src/core/render/escape.ts). TSV
 * follows what spreadsheets paste: tabs between fields; a field holding a tab, a newline or a quote is quoted with
 * doubled quotes, and text a spreadsheet would run as a formula is prefixed with `'` (numbers such as -5 are left as they are). Markdown is a GitHub table
 * whose cells are inline Markdown text (pipes and markup escaped, line breaks as spaces). Missing values are empty
 * cells.
 */
export function toTsv(header: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  // A number (negative ones too) is pasted as a number, not as text guarded against formulas.
  const field = (v: string | null): string => (v !== null && v.trim() === v && v !== '' && Number.isFinite(Number(v)) ? v : escapeCsv(v, '\t'));
  return [header, ...rows].map((r) => r.map(field).join('\t')).join('\n');
}

export function toMarkdown(header: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  const cell = (v: string | null): string => (v === null ? '' : markdownCell(v));
  const line = (r: readonly (string | null)[]) => `| ${r.map(cell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}
