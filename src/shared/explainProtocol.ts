/**
 * Messages of the explanation panel (modelLens.explain), and the two the profile panel adds for
 * "Explain this row". Analysis results travel only by postMessage.
 */
import type { DatasetExplanation } from '../core/explain/view/explainDataset';

/** What an explanation panel persists across reloads: the files (it recomputes) and the focused row. */
export interface ExplainPanelState {
  modelUri: string;
  datasetUri: string;
  /** 0-based dataset row whose waterfall is shown first. */
  focusRow?: number;
}

/** What the panel shows: core's explanation of (a sample of) the dataset. */
export type ExplainSnapshot = DatasetExplanation;

export type ExplainHostMsg =
  | { type: 'explain/loading' }
  | { type: 'explain/snapshot'; snapshot: ExplainSnapshot; state: ExplainPanelState }
  | { type: 'explain/focus'; row: number }
  | { type: 'analysis/failed'; message: string; code?: string };

export type ExplainViewMsg = { type: 'view/ready' } | { type: 'explain/refresh' } | { type: 'explain/export'; format: 'md' | 'html' | 'json' | 'share' };

export function parseExplainViewMsg(raw: unknown): ExplainViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; format?: unknown };
  if (m.type === 'view/ready' || m.type === 'explain/refresh') return { type: m.type };
  if (m.type === 'explain/export' && (m.format === 'md' || m.format === 'html' || m.format === 'json' || m.format === 'share')) return { type: 'explain/export', format: m.format };
  return undefined;
}

/** Host → profile panel: the model "Explain this row" would use, or why there is none. */
export type ProfileExplainHostMsg = { type: 'profile/explainModel'; model: string | null; reason?: string };

/** Profile panel → host: explain one dataset row (0-based) with the configured model. */
export type ProfileExplainViewMsg = { type: 'profile/explainRow'; row: number };

export function parseProfileExplainViewMsg(raw: unknown): ProfileExplainViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; row?: unknown };
  return m.type === 'profile/explainRow' && typeof m.row === 'number' && Number.isInteger(m.row) && m.row >= 0 ? { type: 'profile/explainRow', row: m.row } : undefined;
}
