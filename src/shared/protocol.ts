/**
 * Messages between the extension host and the webview panels. One union per direction per panel,
 * discriminated on `type` ('<noun>/<verb>'). Analysis results travel only by postMessage.
 */
import type { DatasetProfile } from '../core/profile/types';

/** What a profile panel persists across reloads (WebviewPanelSerializer). */
export interface ProfilePanelState {
  fileUri: string;
}

export type ProfileHostMsg =
  | { type: 'profile/loading'; path: string }
  | { type: 'profile/snapshot'; profile: DatasetProfile; fileUri: string }
  | { type: 'analysis/failed'; message: string; code?: string };

export type ProfileViewMsg =
  | { type: 'view/ready' }
  | { type: 'profile/refresh' }
  | { type: 'profile/export'; format: 'md' | 'json' };

/** Shape-check an incoming webview message before the host trusts it. */
export function parseProfileViewMsg(raw: unknown): ProfileViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; format?: unknown };
  switch (m.type) {
    case 'view/ready':
    case 'profile/refresh':
      return { type: m.type };
    case 'profile/export':
      return m.format === 'md' || m.format === 'json' ? { type: 'profile/export', format: m.format } : undefined;
    default:
      return undefined;
  }
}
