/**
 * Host <-> webview messages of the "Evaluate Model" panel (issue 21). The evaluation travels by postMessage; the
 * panel persists the request (files and columns) so a reload recomputes it.
 */
import type { EvaluationReport } from '../core/evaluate/types';
import { dict, own } from '../core/dict';

/** What to evaluate; plain JSON, paths absolute. */
export interface EvaluateRequest {
  dataset: string;
  label: string;
  score?: string;
  prediction?: string;
  model?: string;
  timeColumn?: string;
  window?: string;
  reference?: string;
  business?: string[];
  threshold?: number;
  positive?: string;
  failOn?: string[];
}

export interface EvaluatePanelState {
  request: EvaluateRequest;
}

export type EvaluateHostMsg =
  | { type: 'evaluate/loading'; message?: string }
  | { type: 'evaluate/snapshot'; report: EvaluationReport; state: EvaluatePanelState }
  | { type: 'analysis/failed'; message: string; code?: string };

export type EvaluateViewMsg =
  | { type: 'view/ready' }
  | { type: 'evaluate/refresh' }
  | { type: 'evaluate/export'; format: 'md' | 'html' | 'json' | 'share' };

/** Shape-check an incoming webview message before the host trusts it. */
export function parseEvaluateViewMsg(raw: unknown): EvaluateViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; format?: unknown };
  if (m.type === 'view/ready' || m.type === 'evaluate/refresh') return { type: m.type };
  if (m.type === 'evaluate/export' && (m.format === 'md' || m.format === 'html' || m.format === 'json' || m.format === 'share')) return { type: 'evaluate/export', format: m.format };
  return undefined;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 4096 && !v.includes('\u0000');
const optStr = (v: unknown) => v === undefined || str(v);
const strList = (v: unknown) => v === undefined || (Array.isArray(v) && v.length < 100 && v.every(str));

/** Validates a persisted or passed-in request (serializer state, command arguments): only known fields, checked types. */
export function parseEvaluateRequest(v: unknown): EvaluateRequest | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  // Own properties only: a prototype-named key (e.g. "__proto__") must not smuggle fields in.
  const src = v as Record<string, unknown>;
  const r = dict<unknown>(Object.keys(src).map((k) => [k, own(src, k)]));
  if (!str(r['dataset']) || !str(r['label'])) return undefined;
  for (const k of ['score', 'prediction', 'model', 'timeColumn', 'window', 'reference', 'positive']) if (!optStr(r[k])) return undefined;
  if (!strList(r['business']) || !strList(r['failOn'])) return undefined;
  if (r['threshold'] !== undefined && !(typeof r['threshold'] === 'number' && Number.isFinite(r['threshold']))) return undefined;
  const out: EvaluateRequest = { dataset: r['dataset'] as string, label: r['label'] as string };
  for (const k of ['score', 'prediction', 'model', 'timeColumn', 'window', 'reference', 'positive'] as const) if (r[k] !== undefined) out[k] = r[k] as string;
  if (r['business'] !== undefined) out.business = [...(r['business'] as string[])];
  if (r['failOn'] !== undefined) out.failOn = [...(r['failOn'] as string[])];
  if (r['threshold'] !== undefined) out.threshold = r['threshold'] as number;
  return [out.score, out.prediction, out.model].filter((x) => x !== undefined).length === 1 ? out : undefined;
}
