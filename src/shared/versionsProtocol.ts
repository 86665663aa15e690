/**
 * Host <-> webview messages of the "Compare Model Versions" panel (issue #7). Analysis results travel only
 * by postMessage; the panel persists the two version references and the evaluation choice to recompute.
 */
import type { VersionDiff } from '../core/versions/diffModels';

/** A model version the host can re-open after a reload (plain JSON). Paths are absolute file-system paths. */
export type VersionRef =
  | { kind: 'file'; path: string }
  | { kind: 'git'; path: string; rev: string }
  | { kind: 'mlflow'; mlruns: string; runId: string }
  | { kind: 'dvc'; path: string; md5: string; commit: string };

/** The evaluation dataset and label chosen for a comparison; both optional (metadata-only comparison). */
export interface EvalChoice {
  data?: string;
  label?: string;
}

export interface VersionsPanelState {
  a: VersionRef;
  b: VersionRef;
  evaluation: EvalChoice;
}

export type VersionsHostMsg =
  | { type: 'versions/loading'; message?: string }
  | { type: 'versions/snapshot'; diff: VersionDiff; state: VersionsPanelState }
  | { type: 'analysis/failed'; message: string; code?: string };

export type VersionsViewMsg =
  | { type: 'view/ready' }
  | { type: 'versions/refresh' }
  | { type: 'versions/swap' }
  | { type: 'versions/chooseData' }
  | { type: 'versions/export'; format: 'md' | 'html' | 'json' | 'share' };

/** Shape-check an incoming webview message before the host trusts it. */
export function parseVersionsViewMsg(raw: unknown): VersionsViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; format?: unknown };
  switch (m.type) {
    case 'view/ready':
    case 'versions/refresh':
    case 'versions/swap':
    case 'versions/chooseData':
      return { type: m.type };
    case 'versions/export':
      return m.format === 'md' || m.format === 'html' || m.format === 'json' || m.format === 'share' ? { type: 'versions/export', format: m.format } : undefined;
    default:
      return undefined;
  }
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Validates a persisted or passed-in reference (serializer state, command arguments). */
export function isVersionRef(v: unknown): v is VersionRef {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  switch (r['kind']) {
    case 'file':
      return str(r['path']);
    case 'git':
      return str(r['path']) && str(r['rev']);
    case 'mlflow':
      return str(r['mlruns']) && str(r['runId']);
    case 'dvc':
      return str(r['path']) && str(r['md5']) && str(r['commit']);
    default:
      return false;
  }
}
