/**
 * The cells of a delimited file's header line with their character offsets, so a diagnostic about a column can
 * sit on that column's name (quotes included) instead of at line 1, column 1. Handles RFC 4180 quoting ("a,b",
 * doubled quotes) and a byte-order mark. Pure.
 */
export interface HeaderCell {
  name: string;
  /** 0-based offsets in the line, end exclusive. */
  start: number;
  end: number;
}

export function headerCells(line: string, delimiter = ','): HeaderCell[] {
  const out: HeaderCell[] = [];
  let i = line.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i <= line.length) {
    const start = i;
    let name = '';
    if (line[i] === '"') {
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') { name += '"'; i += 2; continue; }
        if (line[i] === '"') { i++; break; }
        name += line[i++];
      }
      while (i < line.length && line[i] !== delimiter) i++;
    } else {
      while (i < line.length && line[i] !== delimiter) name += line[i++];
    }
    out.push({ name: name.trim(), start, end: i });
    i++;
  }
  return out;
}

/** The cell of `column` (exact name first, then case-insensitive), or undefined. */
export function headerCell(line: string, column: string, delimiter = ','): HeaderCell | undefined {
  const cells = headerCells(line, delimiter);
  return cells.find((c) => c.name === column) ?? cells.find((c) => c.name.toLowerCase() === column.toLowerCase());
}
