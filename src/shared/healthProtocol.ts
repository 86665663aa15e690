/** Messages between the extension host and the pipeline-health panel ('<noun>/<verb>'). */
import type { HealthReport } from '../core/health/types';

/** What the health panel persists across reloads: the dataset, so it can re-check. */
export interface HealthPanelState {
  fileUri: string;
}

export type HealthHostMsg =
  | { type: 'health/loading' }
  | { type: 'health/snapshot'; report: HealthReport; state: HealthPanelState; titles: Record<string, string> }
  | { type: 'analysis/failed'; message: string; code?: string };

export type HealthViewMsg = { type: 'view/ready' } | { type: 'health/refresh' } | { type: 'health/export'; format: 'md' | 'html' | 'json' | 'share' };

/** Shape-check an incoming webview message before the host trusts it. */
export function parseHealthViewMsg(raw: unknown): HealthViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; format?: unknown };
  if (m.type === 'view/ready' || m.type === 'health/refresh') return { type: m.type };
  if (m.type === 'health/export' && (m.format === 'md' || m.format === 'html' || m.format === 'json' || m.format === 'share')) return { type: 'health/export', format: m.format };
  return undefined;
}
