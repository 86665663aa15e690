/**
 * Messages between the host and the data viewer ("Model Lens: Dataset" editor, modelLens.dataset). Rows travel as
 * text cells by postMessage; every incoming message is shape-checked here before the host reads it.
 */
import type { DataIssue } from '../core/data/dataset';
import type { ColumnProfile } from '../core/profile/types';
import type { GridRow } from '../core/viewer/viewerTable';

export interface ViewerColumn {
  name: string;
  type: string;
  /** How quick filters read this column: number, time, boolean or text. */
  kind: 'number' | 'time' | 'boolean' | 'text';
}

export interface ViewerSort {
  column: string;
  descending: boolean;
}

/** What the viewer remembers per file (workspace state): the view and the layout. */
export interface ViewerMemory {
  filter: string;
  quick: [string, string][];
  sort?: ViewerSort;
  scrollRow: number;
  widths: [string, number][];
  hidden: string[];
}

export type ViewerAction = 'profile' | 'drift' | 'bias' | 'health' | 'rules' | 'explain' | 'exportCsv' | 'exportParquet';
export const VIEWER_ACTIONS: readonly ViewerAction[] = ['profile', 'drift', 'bias', 'health', 'rules', 'explain', 'exportCsv', 'exportParquet'];

export type ViewerHostMsg =
  | {
      type: 'viewer/schema';
      title: string;
      columns: ViewerColumn[];
      rows: number;
      issues: DataIssue[];
      /** False in Restricted Mode: exports and "Explain this row" are off. */
      trusted: boolean;
      /** The model "Explain this row" uses, when one is configured (file name). */
      explainModel: string | null;
      memory?: ViewerMemory;
      /** A reload after the file changed: true when the columns are the same (position and view are kept). */
      reloaded?: { sameSchema: boolean };
    }
  | { type: 'viewer/view'; request: number; rows: number; error?: { code: string; message: string } }
  | { type: 'viewer/rows'; request: number; start: number; rows: GridRow[] }
  | { type: 'viewer/profile'; columns: ColumnProfile[]; done: boolean; rows: number }
  | { type: 'viewer/profileFailed'; message: string }
  | { type: 'viewer/record'; row: number; values: (string | null)[] }
  | { type: 'viewer/notice'; message: string; error?: boolean }
  | { type: 'analysis/failed'; message: string; code?: string };

export type ViewerViewMsg =
  | { type: 'view/ready' }
  | { type: 'viewer/setView'; request: number; filter: string; quick: [string, string][]; sort?: ViewerSort }
  | { type: 'viewer/rows'; request: number; start: number; count: number }
  | { type: 'viewer/record'; row: number }
  | { type: 'viewer/copy'; start: number; end: number; columns: string[]; format: 'tsv' | 'md' }
  | { type: 'viewer/action'; action: ViewerAction; row?: number }
  | { type: 'viewer/remember'; scrollRow: number; widths: [string, number][]; hidden: string[] };

const MAX_TEXT = 10_000;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isText = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isPairs = (v: unknown): v is [string, string][] => Array.isArray(v) && v.length <= 10_000 && v.every((p) => Array.isArray(p) && p.length === 2 && isText(p[0]) && isText(p[1]));
const isSort = (v: unknown): v is ViewerSort => typeof v === 'object' && v !== null && isText((v as ViewerSort).column) && typeof (v as ViewerSort).descending === 'boolean';

/** Shape-check an incoming webview message; anything unexpected is dropped (undefined). */
export function parseViewerViewMsg(raw: unknown): ViewerViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m['type']) {
    case 'view/ready':
      return { type: 'view/ready' };
    case 'viewer/setView':
      if (!isInt(m['request']) || !isText(m['filter']) || !isPairs(m['quick']) || (m['sort'] !== undefined && !isSort(m['sort']))) return undefined;
      return { type: 'viewer/setView', request: m['request'], filter: m['filter'], quick: m['quick'].map(([a, b]) => [a, b]), ...(m['sort'] ? { sort: { column: (m['sort'] as ViewerSort).column, descending: (m['sort'] as ViewerSort).descending } } : {}) };
    case 'viewer/rows':
      return isInt(m['request']) && isInt(m['start']) && isInt(m['count']) ? { type: 'viewer/rows', request: m['request'], start: m['start'], count: m['count'] } : undefined;
    case 'viewer/record':
      return isInt(m['row']) ? { type: 'viewer/record', row: m['row'] } : undefined;
    case 'viewer/copy':
      if (!isInt(m['start']) || !isInt(m['end']) || m['end'] < m['start'] || !Array.isArray(m['columns']) || !m['columns'].every((c) => isText(c)) || (m['format'] !== 'tsv' && m['format'] !== 'md')) return undefined;
      return { type: 'viewer/copy', start: m['start'], end: m['end'], columns: [...(m['columns'] as string[])], format: m['format'] };
    case 'viewer/action':
      if (!VIEWER_ACTIONS.includes(m['action'] as ViewerAction) || (m['row'] !== undefined && !isInt(m['row']))) return undefined;
      return { type: 'viewer/action', action: m['action'] as ViewerAction, ...(isInt(m['row']) ? { row: m['row'] } : {}) };
    case 'viewer/remember': {
      const widths = m['widths'];
      const hidden = m['hidden'];
      if (!isInt(m['scrollRow']) || !Array.isArray(widths) || !widths.every((w) => Array.isArray(w) && w.length === 2 && isText(w[0]) && typeof w[1] === 'number' && w[1] >= 20 && w[1] <= 2000)) return undefined;
      if (!Array.isArray(hidden) || !hidden.every((h) => isText(h))) return undefined;
      return { type: 'viewer/remember', scrollRow: m['scrollRow'], widths: widths.map(([a, b]) => [a as string, b as number]), hidden: [...(hidden as string[])] };
    }
    default:
      return undefined;
  }
}
