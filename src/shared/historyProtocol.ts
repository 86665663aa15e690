/** Host <-> webview messages of the "Run History" panel (issue 21): every check's key figures over past runs. */
import type { CheckTrend } from '../core/history/historyQuery';
import { dict, own } from '../core/dict';

export interface HistoryPanelState {
  /** The workspace folder whose .modellens/history is shown. */
  folder: string;
  /** Show only this check (opened from the Checks view), or every check. */
  check?: string;
}

export interface HistorySnapshot {
  folder: string;
  runs: number;
  skippedLines: number;
  trends: CheckTrend[];
}

export type HistoryHostMsg =
  | { type: 'history/loading' }
  | { type: 'history/snapshot'; snapshot: HistorySnapshot; state: HistoryPanelState }
  | { type: 'analysis/failed'; message: string };

export type HistoryViewMsg = { type: 'view/ready' } | { type: 'history/refresh' } | { type: 'history/export'; format: 'md' | 'html' | 'json' | 'share' };

export function parseHistoryViewMsg(raw: unknown): HistoryViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; format?: unknown };
  if (m.type === 'view/ready' || m.type === 'history/refresh') return { type: m.type };
  if (m.type === 'history/export' && (m.format === 'md' || m.format === 'html' || m.format === 'json' || m.format === 'share')) return { type: 'history/export', format: m.format };
  return undefined;
}

export function parseHistoryPanelState(v: unknown): HistoryPanelState | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const src = v as Record<string, unknown>;
  const r = dict<unknown>(Object.keys(src).map((k) => [k, own(src, k)]));
  if (typeof r['folder'] !== 'string' || r['folder'].length === 0 || r['folder'].length > 4096) return undefined;
  if (r['check'] !== undefined && (typeof r['check'] !== 'string' || r['check'].length > 400)) return undefined;
  return { folder: r['folder'], ...(typeof r['check'] === 'string' ? { check: r['check'] } : {}) };
}
