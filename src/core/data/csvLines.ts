import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { CsvDialect } from './csvDialect';

/**
 * The first line (1-based, counted from the file's first line) of each column of `tests` whose field its test accepts,
 * found by reading the file's text with its pinned dialect (a quote-aware split, the reader's line of the record's
 * start). Used only after the engine has found such a value (csvWiden.ts): DuckDB's reader gives no line for a
 * value it accepted. Plain and gzip text; `undefined` when the text cannot be read here (zstd, a multi-character
 * delimiter) or a column is not in the header.
 */
export async function firstLines(path: string, dialect: CsvDialect, tests: ReadonlyMap<string, (value: string) => boolean>, signal?: AbortSignal): Promise<Map<string, number> | undefined> {
  const d = dialect.text;
  if (!d || d.delim.length !== 1 || d.quote.length > 1 || d.escape.length > 1 || /\.zst$/i.test(path)) return undefined;
  const index = new Map<number, string>();
  dialect.columns.forEach((c, i) => { if (tests.has(c.name)) index.set(i, c.name); });
  const found = new Map<string, number>();
  if (index.size === 0) return found;
  const raw = createReadStream(path);
  const stream = /\.gz$/i.test(path) ? raw.pipe(createGunzip()) : raw;
  const decoder = new StringDecoder('utf8');
  let line = 1;
  let skipLines = d.skip;
  let headerPending = d.header;
  let recordLine = 1;
  let field = 0;
  let value = '';
  let quoted = false;
  let escaped = false;
  const endField = () => {
    const name = index.get(field);
    if (name !== undefined && !headerPending && !found.has(name) && tests.get(name)!(value.replace(/\r$/, ''))) found.set(name, recordLine);
    value = '';
  };
  try {
    for await (const chunk of stream) {
      if (signal?.aborted) break;
      const text = decoder.write(chunk as Buffer);
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (skipLines > 0) {
          if (ch === '\n') { skipLines--; line++; recordLine = line; }
          continue;
        }
        if (escaped) { escaped = false; value += ch; if (ch === '\n') line++; continue; }
        if (quoted) {
          if (d.escape && ch === d.escape && d.escape !== d.quote) escaped = true;
          else if (ch === d.quote) quoted = false;
          else { value += ch; if (ch === '\n') line++; }
          continue;
        }
        if (d.quote && ch === d.quote) { quoted = true; continue; }
        if (ch === d.delim) { endField(); field++; continue; }
        if (ch === '\n') {
          endField();
          line++;
          field = 0;
          recordLine = line;
          headerPending = false;
          if (found.size === index.size) return found;
          continue;
        }
        value += ch;
      }
    }
    if (value !== '' || field > 0) endField();
  } finally {
    raw.destroy();
  }
  return found;
}
