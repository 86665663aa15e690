import type { ColumnInfo, Dataset } from '../data/dataset';
import type { Engine, RunOptions } from '../data/engine';
import { quoteIdent } from '../data/sql';
import { CancelledError, InputError } from '../errors';
import { compileFilter } from './filterSql';
import { quickFilterSql } from './quickFilter';
import { rowIdsOf, type RowIds } from './rowIds';

/** What a person asks the grid to show: a SQL filter, quick filters per column, one sort column. */
export interface ViewSpec {
  filter: string;
  quick: ReadonlyMap<string, string>;
  sort?: { column: string; descending: boolean } | undefined;
}

/** One grid row: its 0-based row in the file and its cells as text (null = missing), cut at CELL_CHARS. */
export interface GridRow {
  row: number;
  cells: (string | null)[];
}

export const CELL_CHARS = 300;
/** Most rows one page request returns. */
export const MAX_PAGE = 2000;

/**
 * Pages of a dataset for the grid, in file order or through a filter and a sort, without loading the file.
 * - File order: a page is a range of row ids, so the engine reads only the row groups (or table segments) it needs.
 * - Filter and/or sort: the matching row ids, in order, are written once into an engine table (the sort key and
 *   row id only, never the rows), then a page is a rowid range of that table and its rows are fetched by id.
 *   A sort's first page does not wait for that table: one top-N query on the key finds it.
 * Every query is built from engine-quoted names and the checked filter (filterSql.ts); the user's text never is.
 */
export class ViewerTable {
  private ids!: RowIds;
  private view: { where: string; order?: string; rows: number; perm?: () => Promise<string>; first?: number[] } = { where: 'TRUE', rows: 0 };
  private permBuilt: Promise<string> | undefined;
  private generation = 0;
  private abort: AbortController | undefined;
  private readonly tables: string[] = [];

  private constructor(readonly engine: Engine, readonly dataset: Dataset) {}

  static async create(engine: Engine, dataset: Dataset): Promise<ViewerTable> {
    const t = new ViewerTable(engine, dataset);
    t.ids = await rowIdsOf(engine, dataset);
    t.view = { where: 'TRUE', rows: dataset.rows };
    return t;
  }

  get columns(): readonly ColumnInfo[] {
    return this.dataset.columns;
  }

  /** Rows of the current view. */
  get rows(): number {
    return this.view.rows;
  }

  /** The checked WHERE condition of a spec (filter AND quick filters); throws InputError with a clear message. */
  async whereOf(spec: ViewSpec): Promise<string> {
    const parts: string[] = [];
    if (spec.filter.trim()) parts.push(`(${await compileFilter(this.engine, spec.filter, this.ids.from, this.columns)})`);
    for (const [name, text] of spec.quick) {
      const col = this.columns.find((c) => c.name === name);
      if (!col) throw new InputError('COLUMN_NOT_FOUND', `quick filter: no column named '${name}'.`);
      const sql = quickFilterSql(col.name, col.type, text);
      if (sql) parts.push(sql);
    }
    return parts.length ? parts.join(' AND ') : 'TRUE';
  }

  /** SQL of the FROM … WHERE … ORDER BY of a spec's rows (for exports and rules); `where` from whereOf. */
  selectSql(columns: string, where: string, sort: ViewSpec['sort']): string {
    return `SELECT ${columns} FROM ${this.ids.from} WHERE ${where}${sort ? ` ORDER BY ${this.orderBy(sort)}` : ''}`;
  }

  get idExpr(): string {
    return this.ids.expr;
  }

  /** Shows `spec`: counts its rows (returned) and prepares its order; a later call cancels this one's work. */
  async setView(spec: ViewSpec, options: RunOptions = {}): Promise<number> {
    const where = await this.whereOf(spec);
    const sort = spec.sort;
    if (sort && !this.columns.some((c) => c.name === sort.column)) throw new InputError('COLUMN_NOT_FOUND', `sort: no column named '${sort.column}'.`);
    this.abort?.abort();
    this.dropLater(this.permBuilt);
    this.permBuilt = undefined;
    const abort = new AbortController();
    this.abort = abort;
    const generation = ++this.generation;
    const run: RunOptions = { signal: anySignal(abort.signal, options.signal) };
    if (where === 'TRUE' && !sort) {
      this.view = { where, rows: this.dataset.rows };
      return this.view.rows;
    }
    const order = sort ? this.orderBy(sort) : undefined;
    const rows = where === 'TRUE' ? this.dataset.rows : Number((await this.engine.run(`SELECT count(*)::BIGINT AS n FROM ${this.ids.from} WHERE ${where}`, run))[0]?.['n'] ?? 0);
    let first: number[] | undefined;
    if (order) {
      const top = await this.engine.run(`SELECT ${this.ids.expr} AS r FROM ${this.ids.from} WHERE ${where} ORDER BY ${order} LIMIT 200`, run);
      first = top.map((r) => Number(r['r']));
    }
    if (generation !== this.generation) throw new CancelledError();
    // The order table is built on first need (a page past the top-N), or right after the first page is served, so
    // that it does not slow that page down.
    const perm = () => {
      if (generation !== this.generation) return Promise.reject(new CancelledError());
      if (!this.permBuilt) {
        this.permBuilt = this.buildPerm(where, order, run);
        this.permBuilt.catch(() => undefined);
      }
      return this.permBuilt;
    };
    this.view = { where, rows, perm, ...(order ? { order } : {}), ...(first ? { first } : {}) };
    return rows;
  }

  /** Drops an order table once its build has settled (a cancelled build leaves nothing). */
  private dropLater(perm: Promise<string> | undefined): void {
    perm?.then((t) => this.engine.exec(`DROP TABLE IF EXISTS ${t}`)).catch(() => undefined);
  }

  private async buildPerm(where: string, order: string | undefined, run: RunOptions): Promise<string> {
    const name = quoteIdent(this.engine.uniqueName('order'));
    this.tables.push(name);
    await this.engine.exec(`CREATE TABLE ${name} AS SELECT ${this.ids.expr} AS r FROM ${this.ids.from} WHERE ${where}${order ? ` ORDER BY ${order}` : ''}`, run);
    return name;
  }

  private orderBy(sort: NonNullable<ViewSpec['sort']>): string {
    return `${quoteIdent(sort.column)} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST, ${this.ids.expr}`;
  }

  /** `count` rows of the view from position `start` (0-based), each with its file row and display text. */
  async page(start: number, count: number, options: RunOptions = {}): Promise<GridRow[]> {
    const n = Math.max(0, Math.min(count, MAX_PAGE, this.view.rows - start));
    if (n === 0 || start < 0) return [];
    const v = this.view;
    if (!v.perm) return this.fetch(this.ids.range(start, start + n - 1), undefined, options);
    let ids: number[];
    if (v.first && start + n <= v.first.length) {
      ids = v.first.slice(start, start + n);
      const rows = await this.fetch(this.ids.among(ids), ids, options);
      setTimeout(() => void v.perm?.().catch(() => undefined), 0);
      return rows;
    } else {
      const perm = await v.perm();
      ids = (await this.engine.run(`SELECT r FROM ${perm} WHERE rowid BETWEEN ${start} AND ${start + n - 1} ORDER BY rowid`, options)).map((r) => Number(r['r']));
    }
    return ids.length ? this.fetch(this.ids.among(ids), ids, options) : [];
  }

  /** Every field of one file row, as text (long values up to 100,000 characters). */
  async record(row: number, options: RunOptions = {}): Promise<(string | null)[] | undefined> {
    const cells = this.columns.map((c, i) => `left(CAST(${quoteIdent(c.name)} AS VARCHAR), 100000) AS c${i}`).join(', ');
    const got = (await this.engine.run(`SELECT ${cells} FROM ${this.ids.from} WHERE ${this.ids.range(row, row)}`, options))[0];
    return got ? this.columns.map((_c, i) => str(got[`c${i}`])) : undefined;
  }

  private async fetch(condition: string, order: number[] | undefined, options: RunOptions): Promise<GridRow[]> {
    const cells = this.columns.map((c, i) => `left(CAST(${quoteIdent(c.name)} AS VARCHAR), ${CELL_CHARS}) AS c${i}`).join(', ');
    const got = await this.engine.run(`SELECT ${this.ids.expr} AS __r, ${cells} FROM ${this.ids.from} WHERE ${condition}${order ? '' : ` ORDER BY ${this.ids.expr}`}`, options);
    const rows = got.map((r) => ({ row: Number(r['__r']), cells: this.columns.map((_c, i) => str(r[`c${i}`])) }));
    if (!order) return rows;
    const byId = new Map(rows.map((r) => [r.row, r]));
    return order.flatMap((id) => byId.get(id) ?? []);
  }

  /** Cancels running work and drops the engine tables this view made. */
  async release(): Promise<void> {
    this.abort?.abort();
    for (const t of this.tables.splice(0)) await this.engine.exec(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  }
}

function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

function anySignal(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  return b ? AbortSignal.any([a, b]) : a;
}
