/**
 * Messages between the extension host and the webview panels. One union per direction per panel,
 * discriminated on `type` ('<noun>/<verb>'). Analysis results travel only by postMessage.
 */
import type { DatasetProfile } from '../core/profile/types';
import type { DriftReport } from '../core/drift/driftReport';
import type { DriftSettings } from '../core/drift/driftSettings';
import type { RulesReport } from '../core/rules/validate';
import type { BiasReport } from '../core/bias/audit';
import type { CheckResult } from '../core/bias/checks';

/** What a profile panel persists across reloads (WebviewPanelSerializer). */
export interface ProfilePanelState {
  fileUri: string;
}

export type ProfileHostMsg =
  | { type: 'profile/loading'; path: string }
  | { type: 'profile/snapshot'; profile: DatasetProfile; fileUri: string }
  | ProfileStreamMsg
  | { type: 'analysis/failed'; message: string; code?: string };

/** The dataset-level part of a profile: everything but the columns (streamed in batches before it). */
export type ProfileSummary = Omit<DatasetProfile, 'columns'>;

/**
 * Streaming (issue 18): the panel opens at once; `profile/progress` says how far the run is, `profile/columns`
 * brings each batch of finished columns (in column order from `start`; a first batch may repeat what a reloaded
 * view missed), and `profile/done` the dataset-level figures. Batches + summary equal the `profile/snapshot`.
 */
export type ProfileStreamMsg =
  | { type: 'profile/progress'; fraction: number; stage: string; total?: number }
  | { type: 'profile/columns'; start: number; columns: DatasetProfile['columns']; total: number; fileUri: string }
  | { type: 'profile/done'; summary: ProfileSummary; fileUri: string };

export type ProfileViewMsg =
  | { type: 'view/ready' }
  | { type: 'profile/refresh' }
  | { type: 'profile/cancel' }
  | { type: 'profile/export'; format: 'md' | 'json' | 'share' };

/** Shape-check an incoming webview message before the host trusts it. */
export function parseProfileViewMsg(raw: unknown): ProfileViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; format?: unknown };
  switch (m.type) {
    case 'view/ready':
    case 'profile/refresh':
    case 'profile/cancel':
      return { type: m.type };
    case 'profile/export':
      return m.format === 'md' || m.format === 'json' || m.format === 'share' ? { type: 'profile/export', format: m.format } : undefined;
    default:
      return undefined;
  }
}


/** What a drift panel persists across reloads: the files and settings, so it can recompute. */
export interface DriftPanelState {
  referenceUri: string;
  currentUri?: string;
  settings: DriftSettings;
}

export type DriftHostMsg =
  | { type: 'drift/loading' }
  | { type: 'drift/snapshot'; report: DriftReport; state: DriftPanelState }
  | { type: 'analysis/failed'; message: string; code?: string };

export type DriftViewMsg = { type: 'view/ready' } | { type: 'drift/refresh' } | { type: 'drift/export'; format: 'md' | 'html' | 'json' | 'share' };

export function parseDriftViewMsg(raw: unknown): DriftViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; format?: unknown };
  if (m.type === 'view/ready' || m.type === 'drift/refresh') return { type: m.type };
  if (m.type === 'drift/export' && (m.format === 'md' || m.format === 'html' || m.format === 'json' || m.format === 'share')) return { type: 'drift/export', format: m.format };
  return undefined;
}

export type RulesHostMsg = { type: 'rules/snapshot'; report: RulesReport };
export type RulesViewMsg = { type: 'view/ready' } | { type: 'rules/share' };

export function parseRulesViewMsg(raw: unknown): RulesViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const t = (raw as { type?: unknown }).type;
  return t === 'view/ready' || t === 'rules/share' ? { type: t } : undefined;
}

/** What a bias panel persists: the file and the audit choices, so it can recompute after a reload. */
export interface BiasPanelState {
  fileUri: string;
  choices: BiasAuditChoices;
}

/** The answers of the "Run Bias Audit…" quick picks. */
export interface BiasAuditChoices {
  sensitive: string[];
  label: string;
  prediction?: string;
  score?: string;
  threshold?: number;
  favorable?: string;
  privileged?: Record<string, string>;
}

export type BiasHostMsg =
  | { type: 'bias/loading' }
  | { type: 'bias/snapshot'; report: BiasReport & { checks: CheckResult[] }; state: BiasPanelState }
  | { type: 'analysis/failed'; message: string; code?: string };

export type BiasViewMsg = { type: 'view/ready' } | { type: 'bias/refresh' } | { type: 'bias/export'; format: 'md' | 'html' | 'json' | 'share' };

export function parseBiasViewMsg(raw: unknown): BiasViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; format?: unknown };
  if (m.type === 'view/ready' || m.type === 'bias/refresh') return { type: m.type };
  if (m.type === 'bias/export' && (m.format === 'md' || m.format === 'html' || m.format === 'json' || m.format === 'share')) return { type: 'bias/export', format: m.format };
  return undefined;
}
