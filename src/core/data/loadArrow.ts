import { readFileSync } from 'node:fs';
import { DataType, RecordBatchReader, type Field, type RecordBatch } from 'apache-arrow';
import { DuckDBTimestampValue, type DuckDBAppender } from '@duckdb/node-api';
import { InputError } from '../errors';
import type { DataIssue } from './dataset';
import type { Engine, RunOptions } from './engine';
import { quoteIdent } from './sql';

type Kind = 'int' | 'float' | 'bool' | 'time' | 'text';

function kindOf(type: DataType): Kind {
  if (DataType.isInt(type)) return 'int';
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return 'float';
  if (DataType.isBool(type)) return 'bool';
  if (DataType.isDate(type) || DataType.isTimestamp(type)) return 'time';
  return 'text';
}

const SQL_TYPE: Record<Kind, string> = { int: 'BIGINT', float: 'DOUBLE', bool: 'BOOLEAN', time: 'TIMESTAMP', text: 'VARCHAR' };

/**
 * Load an Arrow IPC file (Feather v2) into an engine table. DuckDB's arrow extension cannot be downloaded
 * here, so batches are decoded with apache-arrow and appended; memory is the file plus one batch.
 * Types: integers → BIGINT, floats/decimals → DOUBLE, dates/timestamps → TIMESTAMP, dictionaries and
 * everything else → VARCHAR.
 */
export async function loadArrow(engine: Engine, path: string, table: string, options: RunOptions): Promise<{ issues: DataIssue[] }> {
  let reader: RecordBatchReader;
  try {
    reader = RecordBatchReader.from(readFileSync(path));
    reader.open();
  } catch (e) {
    throw damaged(path, e);
  }
  const fields: Field[] = reader.schema.fields;
  if (fields.length === 0) throw new InputError('NO_COLUMNS', `${path}: the Arrow file has no columns.`, { path });
  const kinds = fields.map((f) => kindOf(f.type));
  const { names, issues } = uniqueNames(fields.map((f) => f.name));
  const ddl = fields.map((_f, i) => `${quoteIdent(names[i]!)} ${SQL_TYPE[kinds[i]!]}`).join(', ');
  await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(table)} (${ddl})`, options);
  await engine.withConnection(options, async (conn) => {
    const appender = await conn.createAppender(table);
    try {
      for (const batch of batches(reader, path)) {
        if (options.signal?.aborted) break;
        const vectors = fields.map((_, i) => batch.getChildAt(i));
        for (let r = 0; r < batch.numRows; r++) {
          for (let c = 0; c < fields.length; c++) append(appender, kinds[c]!, vectors[c]?.get(r));
          appender.endRow();
        }
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  });
  return { issues };
}

/**
 * Arrow allows repeated field names; the engine does not, and matches names without regard to case. A repeated
 * name (or one differing only in case) is renamed as DuckDB's CSV reader does (`A` → `A_1`) and reported.
 */
function uniqueNames(raw: readonly string[]): { names: string[]; issues: DataIssue[] } {
  const taken = new Set<string>();
  const firstOf = new Map<string, number>();
  const issues: DataIssue[] = [];
  const names = raw.map((name, i) => {
    const key = name.toLowerCase();
    if (!taken.has(key)) {
      taken.add(key);
      firstOf.set(key, i);
      return name;
    }
    let k = 1;
    while (taken.has(`${key}_${k}`)) k++;
    const shown = `${name}_${k}`;
    taken.add(shown.toLowerCase());
    const first = firstOf.get(key)!;
    issues.push({ code: 'DUPLICATE_COLUMNS', severity: 'warning', column: shown, message: `Columns ${first + 1} and ${i + 1} are named '${raw[first]}' and '${name}'${raw[first] === name ? '' : ', which differ only in case'}; column ${i + 1} is shown as '${shown}'. Rename one in the file to keep both names.` });
    return shown;
  });
  return { names, issues };
}

/** A decoder failure ("Cannot read properties of null") said as what it means for the user. */
function damaged(path: string, e: unknown): InputError {
  return new InputError('PARSE_ERROR', `${path}: the Arrow IPC/Feather v2 data is damaged or cut off and cannot be decoded (${e instanceof Error ? e.message : String(e)}). Copy or export the file again.`, { path });
}

/** The reader's record batches, with decoding errors (a truncated stream) reported as a damaged file. */
function* batches(reader: RecordBatchReader, path: string): Generator<RecordBatch> {
  const it = reader[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<RecordBatch>;
    try {
      next = it.next();
    } catch (e) {
      throw damaged(path, e);
    }
    if (next.done) return;
    yield next.value;
  }
}

function append(a: DuckDBAppender, kind: Kind, v: unknown): void {
  if (v === null || v === undefined) return a.appendNull();
  switch (kind) {
    case 'int':
      return a.appendBigInt(typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v))));
    case 'float':
      return a.appendDouble(Number(v));
    case 'bool':
      return a.appendBoolean(Boolean(v));
    case 'time': {
      const ms = v instanceof Date ? v.getTime() : Number(v);
      return a.appendTimestamp(new DuckDBTimestampValue(BigInt(Math.round(ms * 1000))));
    }
    default:
      return a.appendVarchar(typeof v === 'string' ? v : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));
  }
}
