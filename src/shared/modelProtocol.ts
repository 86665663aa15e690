/** Messages between the host and the model custom editor (modelLens.model). */
import type { ModelSummary } from '../core/explain/view/modelSummary';

export type ModelHostMsg =
  | { type: 'model/snapshot'; summary: ModelSummary; trusted: boolean }
  | { type: 'analysis/failed'; message: string; code?: string };

export type ModelViewMsg = { type: 'view/ready' } | { type: 'model/explain' } | { type: 'model/predict' };

/** Shape-check an incoming webview message before the host trusts it. */
export function parseModelViewMsg(raw: unknown): ModelViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const t = (raw as { type?: unknown }).type;
  return t === 'view/ready' || t === 'model/explain' || t === 'model/predict' ? { type: t } : undefined;
}
