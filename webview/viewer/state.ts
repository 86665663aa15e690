import type { DataIssue } from '../../src/core/data/dataset';
import type { ColumnProfile } from '../../src/core/profile/types';
import type { ViewerColumn, ViewerHostMsg, ViewerMemory, ViewerSort } from '../../src/shared/viewerProtocol';

/** Pixel sizes the scroll math and the view share. */
export const ROW_H = 24;
export const HEAD_H = 86;
/** Browsers cap an element's height (~33M px in Chromium); past this the scrollbar is scaled to the row count. */
export const MAX_SCROLL_PX = 8_000_000;
export const DEFAULT_WIDTH = 140;
export const MIN_WIDTH = 40;
export const MAX_WIDTH = 2000;

export interface Cell {
  row: number;
  col: number;
}

export interface ViewerState {
  status: 'loading' | 'ready' | 'failed';
  error?: string;
  title: string;
  columns: ViewerColumn[];
  totalRows: number;
  viewRows: number;
  issues: DataIssue[];
  trusted: boolean;
  explainModel: string | null;
  /** The applied SQL filter, and its error when the last one was refused. */
  filter: string;
  filterError?: string;
  quick: Map<string, string>;
  sort?: ViewerSort;
  hidden: string[];
  widths: Map<string, number>;
  profile: Map<string, ColumnProfile>;
  profileDone: boolean;
  /** Active cell (row: position in the view; col: index into visibleColumns) and the selection's other corner. */
  active: Cell;
  anchor: Cell;
  /** Bumped when the view changes: stale pages and replies are dropped. */
  generation: number;
  detail?: { position: number; row: number; values?: (string | null)[] };
  columnInfo?: string;
  notice?: { text: string; error: boolean };
  scrollRow: number;
}

export type Action =
  | { type: 'host'; msg: ViewerHostMsg }
  | { type: 'filter'; text: string }
  | { type: 'quick'; column: string; text: string }
  | { type: 'sort'; column: string }
  | { type: 'hide'; column: string }
  | { type: 'show'; column: string }
  | { type: 'resize'; column: string; width: number }
  | { type: 'move'; rows: number; cols: number; extend: boolean }
  | { type: 'moveTo'; row: number; col?: number; extend?: boolean }
  | { type: 'selectAll' }
  | { type: 'detail'; position: number; row: number }
  | { type: 'closeDetail' }
  | { type: 'columnInfo'; column: string | undefined }
  | { type: 'scrolled'; row: number };

export const initialState: ViewerState = {
  status: 'loading', title: '', columns: [], totalRows: 0, viewRows: 0, issues: [], trusted: true, explainModel: null,
  filter: '', quick: new Map(), hidden: [], widths: new Map(), profile: new Map(), profileDone: false,
  active: { row: 0, col: 0 }, anchor: { row: 0, col: 0 }, generation: 0, scrollRow: 0,
};

/** The columns shown, in file order, without the hidden ones. */
export function visibleColumns(s: ViewerState): ViewerColumn[] {
  return s.columns.filter((c) => !s.hidden.includes(c.name));
}

export function widthOf(s: ViewerState, column: string): number {
  return s.widths.get(column) ?? DEFAULT_WIDTH;
}

/** The selection as an inclusive range of view rows and visible column indexes. */
export function selection(s: ViewerState): { top: number; bottom: number; left: number; right: number } {
  return { top: Math.min(s.active.row, s.anchor.row), bottom: Math.max(s.active.row, s.anchor.row), left: Math.min(s.active.col, s.anchor.col), right: Math.max(s.active.col, s.anchor.col) };
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

function withView(s: ViewerState, patch: Partial<ViewerState>): ViewerState {
  const { detail: _d, ...rest } = s;
  return { ...rest, ...patch, generation: s.generation + 1, active: { row: 0, col: s.active.col }, anchor: { row: 0, col: s.active.col }, scrollRow: 0 };
}

function applyMemory(m: ViewerMemory | undefined, names: Set<string>): Partial<ViewerState> {
  if (!m) return {};
  return {
    filter: m.filter,
    quick: new Map(m.quick.filter(([c]) => names.has(c))),
    ...(m.sort && names.has(m.sort.column) ? { sort: m.sort } : {}),
    hidden: m.hidden.filter((h) => names.has(h)),
    widths: new Map(m.widths.filter(([c]) => names.has(c))),
    scrollRow: m.scrollRow,
    active: { row: m.scrollRow, col: 0 },
    anchor: { row: m.scrollRow, col: 0 },
  };
}

/** Pure state transitions of the data viewer; unit-tested without a DOM. */
export function reduce(s: ViewerState, a: Action): ViewerState {
  switch (a.type) {
    case 'host':
      return onHost(s, a.msg);
    case 'filter':
      return withView(s, { filter: a.text });
    case 'quick': {
      const quick = new Map(s.quick);
      if (a.text.trim()) quick.set(a.column, a.text); else quick.delete(a.column);
      return withView(s, { quick });
    }
    case 'sort': {
      // ascending → descending → file order
      const cur = s.sort?.column === a.column ? s.sort : undefined;
      const { sort: _x, ...rest } = s;
      const next = !cur ? { column: a.column, descending: false } : !cur.descending ? { column: a.column, descending: true } : undefined;
      return withView(rest as ViewerState, next ? { sort: next } : {});
    }
    case 'hide': {
      if (visibleColumns(s).length <= 1) return s;
      const hidden = [...s.hidden, a.column];
      const col = clamp(s.active.col, 0, s.columns.length - hidden.length - 1);
      return { ...s, hidden, active: { ...s.active, col }, anchor: { ...s.anchor, col } };
    }
    case 'show':
      return { ...s, hidden: s.hidden.filter((h) => h !== a.column) };
    case 'resize':
      return { ...s, widths: new Map(s.widths).set(a.column, clamp(Math.round(a.width), MIN_WIDTH, MAX_WIDTH)) };
    case 'move':
    case 'moveTo': {
      const lastRow = Math.max(0, s.viewRows - 1);
      const lastCol = Math.max(0, visibleColumns(s).length - 1);
      const active = a.type === 'move'
        ? { row: clamp(s.active.row + a.rows, 0, lastRow), col: clamp(s.active.col + a.cols, 0, lastCol) }
        : { row: clamp(a.row, 0, lastRow), col: clamp(a.col ?? s.active.col, 0, lastCol) };
      return { ...s, active, anchor: a.extend ? s.anchor : active };
    }
    case 'selectAll':
      return { ...s, anchor: { row: 0, col: 0 }, active: { row: Math.max(0, s.viewRows - 1), col: Math.max(0, visibleColumns(s).length - 1) } };
    case 'detail':
      return { ...s, detail: { position: a.position, row: a.row } };
    case 'closeDetail': {
      const { detail: _d, ...rest } = s;
      return rest;
    }
    case 'columnInfo': {
      const { columnInfo: _c, ...rest } = s;
      return a.column === undefined || a.column === s.columnInfo ? rest : { ...rest, columnInfo: a.column };
    }
    case 'scrolled':
      return { ...s, scrollRow: a.row };
  }
}

function onHost(s: ViewerState, m: ViewerHostMsg): ViewerState {
  switch (m.type) {
    case 'viewer/schema': {
      const names = new Set(m.columns.map((c) => c.name));
      const base = { ...s, status: 'ready' as const, title: m.title, columns: m.columns, totalRows: m.rows, viewRows: m.rows, issues: m.issues, trusted: m.trusted, explainModel: m.explainModel };
      if (m.reloaded?.sameSchema) return { ...base, generation: s.generation + 1, profile: new Map(), profileDone: false };
      const fresh: ViewerState = { ...initialState, ...base, generation: s.generation + 1, profile: new Map(), quick: new Map(), widths: new Map() };
      return { ...fresh, ...(m.reloaded ? {} : applyMemory(m.memory, names)) };
    }
    case 'viewer/view': {
      const { filterError: _e, ...rest } = s;
      return m.error ? { ...s, filterError: m.error.message } : { ...rest, viewRows: m.rows };
    }
    case 'viewer/profile': {
      const profile = new Map(s.profile);
      for (const c of m.columns) profile.set(c.name, c);
      return { ...s, profile, profileDone: m.done };
    }
    case 'viewer/profileFailed':
      return { ...s, profileDone: true, notice: { text: `The column profile could not be computed: ${m.message}`, error: true } };
    case 'viewer/record':
      return s.detail && s.detail.row === m.row ? { ...s, detail: { ...s.detail, values: m.values } } : s;
    case 'viewer/notice':
      return { ...s, notice: { text: m.message, error: m.error === true } };
    case 'analysis/failed':
      return { ...s, status: 'failed', error: m.message };
    case 'viewer/rows':
      return s;
  }
}

/**
 * Which rows a scroll position shows. Up to MAX_SCROLL_PX the scroll height is rows × ROW_H and rows move by
 * pixels (`offset` is how far the first row is scrolled out). Beyond, the scrollbar stands for the row count:
 * its fraction picks the first row, so a 10M-row view still scrolls end to end.
 */
export function scrollWindow(scrollTop: number, viewport: number, rows: number): { first: number; count: number; offset: number } {
  const visible = Math.max(1, Math.ceil(viewport / ROW_H) + 1);
  const full = rows * ROW_H;
  if (full <= MAX_SCROLL_PX) {
    const first = Math.min(Math.floor(scrollTop / ROW_H), Math.max(0, rows - 1));
    return { first, count: Math.min(visible, rows - first), offset: scrollTop - first * ROW_H };
  }
  const range = MAX_SCROLL_PX - viewport;
  const last = Math.max(0, rows - visible + 1);
  const first = Math.round(clamp(scrollTop / Math.max(1, range), 0, 1) * last);
  return { first, count: Math.min(visible, rows - first), offset: 0 };
}

/** Height of the scrolled content for `rows`. */
export function scrollHeight(rows: number): number {
  return Math.min(rows * ROW_H, MAX_SCROLL_PX);
}

/** The scrollTop that shows `row` at the top (inverse of scrollWindow). */
export function scrollTopFor(row: number, viewport: number, rows: number): number {
  if (rows * ROW_H <= MAX_SCROLL_PX) return row * ROW_H;
  const visible = Math.max(1, Math.ceil(viewport / ROW_H) + 1);
  const last = Math.max(1, rows - visible + 1);
  return (clamp(row, 0, last) / last) * (MAX_SCROLL_PX - viewport);
}

/** The scrollTop after making `row` visible (unchanged when it already is); `viewport` is the rows area's height. */
export function revealRow(scrollTop: number, viewport: number, rows: number, row: number): number {
  const w = scrollWindow(scrollTop, viewport, rows);
  const fullyVisible = Math.max(1, Math.floor(viewport / ROW_H) - 1);
  if (row >= w.first && row < w.first + fullyVisible && w.offset === 0) return scrollTop;
  if (row > w.first && row < w.first + fullyVisible) return scrollTop;
  const top = row <= w.first ? row : row - fullyVisible + 1;
  return scrollTopFor(Math.max(0, top), viewport, rows);
}
