/**
 * The last line of defence before SQL leaves the machine: a statement is sent to a warehouse only if it is
 * one SELECT (or WITH … SELECT) as Model Lens generates it. Every identifier Model Lens writes is quoted and
 * every value a literal, so outside quotes a generated statement holds only keywords, operators, numbers and
 * function names. The check walks the text once, skipping quoted parts ('…', "…", `…`), and refuses:
 * a semicolon (a second statement), comments, `$` (PostgreSQL dollar quoting), backslashes, and any word
 * that changes data or sessions. Read-only sessions (executors) are the other line.
 */

const FORBIDDEN = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'UPSERT', 'REPLACE', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'GRANT', 'REVOKE',
  'COPY', 'CALL', 'EXECUTE', 'EXEC', 'DO', 'SET', 'RESET', 'BEGIN', 'COMMIT', 'ROLLBACK', 'START', 'USE', 'LOCK',
  'VACUUM', 'ANALYZE', 'REFRESH', 'PUT', 'GET', 'REMOVE', 'UNLOAD', 'LOAD', 'ATTACH', 'DETACH', 'INTO', 'PRAGMA',
  'DECLARE', 'PREPARE', 'DEALLOCATE', 'LISTEN', 'NOTIFY', 'COMMENT', 'SECURITY', 'OPTIMIZE', 'MSCK', 'UNDROP',
]);

export class UnsafeSqlError extends Error {
  constructor(reason: string) {
    super(`refused to send SQL to the warehouse: ${reason}. Model Lens only sends the SELECT statements it generates.`);
    this.name = 'UnsafeSqlError';
  }
}

/**
 * Throws UnsafeSqlError unless `sql` is a single generated SELECT / WITH statement. `backslashEscapes`: the
 * engine's string literals take backslash escapes (BigQuery, Databricks/Spark), so `\'` does not close one.
 */
export function assertSelectOnly(sql: string, options: { backslashEscapes?: boolean } = {}): void {
  const words: string[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(sql, i, c, options.backslashEscapes === true);
      if (end < 0) throw new UnsafeSqlError(`an unterminated ${c} quote`);
      i = end + 1;
      continue;
    }
    if (c === ';') throw new UnsafeSqlError('a semicolon (more than one statement)');
    if (c === '$') throw new UnsafeSqlError("a '$' outside quotes");
    if (c === '\\') throw new UnsafeSqlError('a backslash outside quotes');
    if (c === '\u0000') throw new UnsafeSqlError('a NUL character');
    if ((c === '-' && sql[i + 1] === '-') || (c === '/' && sql[i + 1] === '*') || c === '#') throw new UnsafeSqlError('a comment');
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(sql[j]!)) j++;
      words.push(sql.slice(i, j).toUpperCase());
      i = j;
      continue;
    }
    i++;
  }
  const first = words[0];
  if (first !== 'SELECT' && first !== 'WITH') throw new UnsafeSqlError(`it starts with ${first ?? 'nothing'}, not SELECT`);
  const bad = words.find((w) => FORBIDDEN.has(w));
  if (bad) throw new UnsafeSqlError(`the keyword ${bad}`);
}

/** Index of the quote that closes the one at `start` (a doubled quote is an escaped quote), or -1. */
function closingQuote(sql: string, start: number, q: string, backslash: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    if (backslash && sql[i] === '\\') {
      i += 2;
      continue;
    }
    if (sql[i] === q) {
      if (sql[i + 1] === q) {
        i += 2;
        continue;
      }
      return i;
    }
    i++;
  }
  return -1;
}
