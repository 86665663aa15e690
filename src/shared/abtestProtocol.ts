/** Messages between the host and the A/B test panel ('<noun>/<verb>'). Results travel only by postMessage. */
import type { AbtestOptions, AbtestReport } from '../core/abtest/types';

/** The answers of the "Analyse A/B Test" quick picks (also what tests pass as a preset): the analysis options without the dataset and the tuning knobs. */
export type AbtestChoices = Pick<AbtestOptions, 'variant' | 'control' | 'metrics' | 'guardrails' | 'expectedSplit' | 'timeColumn' | 'segments'>;

/** What the panel persists across reloads (WebviewPanelSerializer): the file and the choices, so it can recompute. */
export interface AbtestPanelState {
  fileUri: string;
  choices: AbtestChoices;
}

export type AbtestHostMsg =
  | { type: 'abtest/loading' }
  | { type: 'abtest/snapshot'; report: AbtestReport; state: AbtestPanelState }
  | { type: 'analysis/failed'; message: string; code?: string };

export type AbtestViewMsg = { type: 'view/ready' } | { type: 'abtest/refresh' } | { type: 'abtest/export'; format: 'md' | 'html' | 'json' | 'share' };

export function parseAbtestViewMsg(raw: unknown): AbtestViewMsg | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as { type?: unknown; format?: unknown };
  if (m.type === 'view/ready' || m.type === 'abtest/refresh') return { type: m.type };
  if (m.type === 'abtest/export' && (m.format === 'md' || m.format === 'html' || m.format === 'json' || m.format === 'share')) return { type: 'abtest/export', format: m.format };
  return undefined;
}

/** Menus pass (uri, uris[]); tests and other extensions pass a choices object. */
export function isAbtestChoices(v: unknown): v is AbtestChoices {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const c = v as Partial<AbtestChoices>;
  return typeof c.variant === 'string' && typeof c.control === 'string' && Array.isArray(c.metrics) && c.metrics.every((m) => typeof m === 'string');
}
