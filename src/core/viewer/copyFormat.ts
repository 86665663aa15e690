/**
 * Selected cells as text for the clipboard. TSV follows what spreadsheets paste: tabs between fields, CRLF-free
 * lines; a field holding a tab, a newline or a quote is quoted with doubled quotes. Markdown is a GitHub table whose
 * cells escape `|` and `\` and turn line breaks into <br>. Missing values are empty cells.
 */
export function toTsv(header: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  const field = (v: string | null): string => (v === null ? '' : /[\t\n\r"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows].map((r) => r.map(field).join('\t')).join('\n');
}

export function toMarkdown(header: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  const cell = (v: string | null): string => (v === null ? '' : v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>'));
  const line = (r: readonly (string | null)[]) => `| ${r.map(cell).join(' | ')} |`;
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}
