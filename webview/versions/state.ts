import type { VersionDiff } from '../../src/core/versions/diffModels';
import type { EvalMetric } from '../../src/core/versions/evaluate';

export interface VersionsViewState {
  status: 'loading' | 'ready' | 'failed';
  diff?: VersionDiff;
  error?: string;
  message?: string;
  /** Slices: only those where B is significantly worse, or all. */
  allSlices: boolean;
  /** Parameters: only changed ones, or all. */
  allParams: boolean;
}

export type VersionsAction =
  | { type: 'loading'; message?: string }
  | { type: 'snapshot'; diff: VersionDiff }
  | { type: 'failed'; message: string }
  | { type: 'toggleSlices' }
  | { type: 'toggleParams' };

export const initialVersionsState: VersionsViewState = { status: 'loading', allSlices: false, allParams: false };

/** Pure state transitions of the comparison panel; unit-tested without a DOM. */
export function reduceVersions(s: VersionsViewState, a: VersionsAction): VersionsViewState {
  switch (a.type) {
    case 'loading':
      return { ...s, status: 'loading', ...(a.message ? { message: a.message } : {}) };
    case 'snapshot':
      return { ...s, status: 'ready', diff: a.diff };
    case 'failed':
      return { ...s, status: 'failed', error: a.message };
    case 'toggleSlices':
      return { ...s, allSlices: !s.allSlices };
    case 'toggleParams':
      return { ...s, allParams: !s.allParams };
  }
}

/**
 * Where a CI bar sits on a shared axis: the interval and the point as fractions of [−m, m], m = the largest
 * |bound| over all rows (so bars are comparable), with 0 in the middle. null when there is no interval.
 */
export function ciBar(m: Pick<EvalMetric, 'delta' | 'ci'>, scale: number): { lo: number; hi: number; point: number; zero: number } | null {
  if (!m.ci || !(scale > 0)) return null;
  const at = (v: number) => Math.min(1, Math.max(0, 0.5 + v / (2 * scale)));
  return { lo: at(m.ci[0]), hi: at(m.ci[1]), point: at(m.delta), zero: 0.5 };
}

/** The common scale for CI bars of metrics with the same units: max |bound| over them. */
export function ciScale(ms: readonly Pick<EvalMetric, 'delta' | 'ci'>[]): number {
  return Math.max(0, ...ms.flatMap((m) => (m.ci ? [Math.abs(m.ci[0]), Math.abs(m.ci[1]), Math.abs(m.delta)] : [Math.abs(m.delta)])));
}

/** Slices the table shows: the significantly worse ones (all when asked, or when none is worse, the 10 largest drops). */
export function visibleSlices(d: VersionDiff, all: boolean): VersionDiff['slices'] {
  if (all) return d.slices;
  const worse = d.slices.filter((s) => s.worse);
  return worse.length ? worse : d.slices.slice(0, 10);
}
