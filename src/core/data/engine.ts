import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { CancelledError, InputError } from '../errors';
import { describeLimitError } from '../io/engineLimits';
import { dict } from '../dict';
import { newEngineTempDirectory } from './engineTemp';

export type Row = Record<string, unknown>;

export interface RunOptions {
  /** Aborting interrupts the running DuckDB query; the call then rejects with CancelledError. */
  signal?: AbortSignal | undefined;
  /** Called with a fraction in [0, 1] while a long query runs (from DuckDB's own progress counter). */
  onProgress?: ((fraction: number) => void) | undefined;
}

export interface EngineOptions {
  /** Worker threads for DuckDB (default: all cores). */
  threads?: number;
  /** DuckDB memory limit, e.g. '1GB'. Work beyond it spills to the temp directory. */
  memoryLimit?: string;
  /** Where DuckDB may spill; defaults to the OS temp folder. Never the user's data folder. */
  tempDirectory?: string;
  /**
   * Keep rows in file order when loading and scanning (default true). DuckDB's setting is global to the
   * instance, so only a process that runs order-insensitive work alone may turn it off: the CLI's profile
   * and drift commands (aggregates, and drift grids whose sums could differ in the last bit if chunks
   * arrived in another order; repeated runs on the benchmark files give identical reports) load a 1M-row
   * CSV ~1.8× faster without it. Row
   * numbers (rules, predict, explain) and seeded resampling of rows need it on.
   */
  preserveInsertionOrder?: boolean;
}

/**
 * The embedded data engine: one in-memory DuckDB database per Engine. Every query runs on its own
 * connection so it can be interrupted without disturbing others. Results come back as plain JS values:
 * BIGINT → number (or string beyond 2^53), DATE/TIMESTAMP → ISO string.
 */
export class Engine {
  private closed = false;
  private counter = 0;

  private constructor(private readonly instance: DuckDBInstance, private readonly memoryLimit = '1GB', private readonly ownTemp?: string) {}

  static async create(options: EngineOptions = {}): Promise<Engine> {
    const memoryLimit = options.memoryLimit ?? process.env['MODEL_LENS_MEMORY_LIMIT'] ?? '1GB';
    const ownTemp = options.tempDirectory === undefined ? newEngineTempDirectory() : undefined;
    const config: Record<string, string> = {
      memory_limit: memoryLimit,
      temp_directory: options.tempDirectory ?? ownTemp!,
      enable_external_access: 'true',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.threads) config['threads'] = String(options.threads);
    if (options.preserveInsertionOrder === false) config['preserve_insertion_order'] = 'false';
    try {
      const instance = await DuckDBInstance.create(':memory:', config);
      // TIMESTAMPTZ values are cut into days/weeks/months in UTC (as warehouses are read), not in the machine's zone.
      const c = await instance.connect();
      try {
        await c.run("SET GLOBAL TimeZone = 'UTC'");
        // A Parquet file's footer parsed once per engine, not once per reference: a statement of many branches over
        // one wide file (drift's category counts: ~64 a statement over a 953-column file) parsed it in every branch
        // (1,000 × 100k CSV drift over its group files: peak RSS 2,237 → 1,301 MiB, CPU 115 → 100 s). DuckDB checks
        // the file's modification time before using a cached footer.
        await c.run('SET GLOBAL parquet_metadata_cache = true');
        // Blocks of the files a statement reads are not kept in the buffer pool after it (DuckDB's external file
        // cache): drift of two 10,000 × 10k CSVs re-reads its temporary group files pass after pass, and the cached
        // blocks held ~300 MB beside one side's grids (peak RSS 1,617 → 1,306 MiB, the same report); the operating
        // system's page cache still holds the files.
        await c.run('SET GLOBAL enable_external_file_cache = false');
      } finally { c.closeSync(); }
      return new Engine(instance, memoryLimit, ownTemp);
    } catch (e) {
      if (!/^\s*\d+(\.\d+)?\s*([KMGT]i?B|B|%)?\s*$/i.test(memoryLimit)) throw new InputError('BAD_ARGUMENT', `the engine's memory limit '${memoryLimit}' is not a size such as 4GB or 512MB (MODEL_LENS_MEMORY_LIMIT or modelLens.engine.memoryLimit).`, { memoryLimit });
      throw e;
    }
  }

  /** A fresh name for an engine-owned table; never derived from user input. */
  uniqueName(prefix: string): string {
    this.counter += 1;
    return `ml_${prefix}_${this.counter}`;
  }

  async run(sql: string, options: RunOptions = {}): Promise<Row[]> {
    return this.withConnection(options, async (conn) => {
      const reader = await traced(sql, () => conn.runAndReadAll(sql));
      // From arrays, not getRowObjectsJS: its plain objects drop a column named `__proto__`.
      const names = reader.columnNames();
      return reader.getRowsJS().map((values) => dict(names.map((n, i) => [n, toPlain(values[i])])));
    });
  }

  /** Run statements that return nothing (DDL). */
  async exec(sql: string, options: RunOptions = {}): Promise<void> {
    await this.withConnection(options, async (conn) => {
      await traced(sql, () => conn.run(sql));
    });
  }

  async withConnection<T>(options: RunOptions, body: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('engine is closed');
    const { signal, onProgress } = options;
    if (signal?.aborted) throw new CancelledError();
    const conn = await this.instance.connect();
    const unwatch = signal ? interruptOnAbort(signal, conn) : undefined;
    const timer = onProgress
      ? setInterval(() => {
          const p = conn.progress;
          if (p.percentage >= 0) onProgress(Math.min(1, p.percentage / 100));
        }, 250)
      : undefined;
    try {
      return await body(conn);
    } catch (e) {
      if (signal?.aborted) throw new CancelledError();
      throw describeLimitError(e, 'any', this.memoryLimit) ?? e;
    } finally {
      if (timer) clearInterval(timer);
      unwatch?.();
      conn.closeSync();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.instance.closeSync();
    if (this.ownTemp) rmSync(this.ownTemp, { recursive: true, force: true });
  }
}

/** The open connections of each signal: one abort listener per signal, however many queries run at once. */
const liveConnections = new WeakMap<AbortSignal, Set<DuckDBConnection>>();

/**
 * Interrupts `conn` when `signal` aborts; returns the undo. One listener per signal (not one per connection):
 * a command runs more than ten queries at once on one signal (month windows), and Node warns past ten listeners.
 */
function interruptOnAbort(signal: AbortSignal, conn: DuckDBConnection): () => void {
  const known = liveConnections.get(signal);
  const live = known ?? new Set<DuckDBConnection>();
  if (!known) {
    liveConnections.set(signal, live);
    signal.addEventListener('abort', () => { for (const c of live) c.interrupt(); }, { once: true });
  }
  live.add(conn);
  return () => { live.delete(conn); };
}

const TRACE = process.env['MODEL_LENS_TRACE_QUERIES'] === '1';
let observer: ((sql: string) => void) | undefined;

/** Tests: `fn` sees the SQL of every statement before it runs (counting a command's statements); undefined stops. */
export function observeStatements(fn: ((sql: string) => void) | undefined): void {
  observer = fn;
}

/**
 * Runs `body` (one statement); with MODEL_LENS_TRACE_QUERIES=1 prints when it started (ms since the process
 * started: overlapping statements show as such), its wall time, the process's CPU time
 * meanwhile (DuckDB's threads included; overlapping statements share it) and its SQL (the first
 * MODEL_LENS_TRACE_CHARS characters, 160 by default) to stderr: where a command's time goes, query by query.
 */
export async function traced<T>(sql: string, body: () => Promise<T>): Promise<T> {
  observer?.(sql);
  if (!TRACE) return body();
  const wall = performance.now();
  const cpu = process.cpuUsage();
  try {
    return await body();
  } finally {
    const used = process.cpuUsage(cpu);
    const chars = Number(process.env['MODEL_LENS_TRACE_CHARS'] ?? 160);
    process.stderr.write(`[query] at ${wall.toFixed(0)} ms, ${(performance.now() - wall).toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU: ${sql.replace(/\s+/g, ' ').slice(0, chars)}\n`);
  }
}

/** Null-prototype rows: a column named `__proto__` or `constructor` is an ordinary key (issue 17). */
function toPlainRow(row: Record<string, unknown>): Row {
  const out = dict<unknown>();
  for (const [k, v] of Object.entries(row)) out[k] = toPlain(v);
  return out;
}

function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === 'object') return toPlainRow(v as Record<string, unknown>);
  return v;
}

/** Turn a DuckDB error into an InputError when it is about the user's file, keeping DuckDB's own hint. */
export function describeEngineError(path: string, e: unknown): Error {
  if (e instanceof CancelledError || e instanceof InputError) return e;
  const limit = describeLimitError(e, 'any');
  if (limit) return new InputError(limit.code, `${path}: ${limit.message}`, { path, ...limit.details });
  const msg = e instanceof Error ? e.message : String(e);
  const firstLine = msg.split('\n')[0] ?? msg;
  if (/sniff|dialect/i.test(msg)) {
    return new InputError('PARSE_ERROR', `${path}: could not detect the delimiter or quoting of this file. Is it really delimited text? Check the first lines, or convert it to CSV.`, { path, engine: firstLine });
  }
  return new InputError('PARSE_ERROR', `${path}: could not be read: ${firstLine}`, { path, engine: msg });
}
