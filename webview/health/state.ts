import { formatCount, formatNumber, formatPercent } from '../../src/core/render/numbers';
import { term } from '../../src/core/render/vocabulary';
import type { HealthReport, HealthResult } from '../../src/core/health/types';
import { own } from '../../src/core/dict';

export interface HealthViewState {
  status: 'loading' | 'ready' | 'failed';
  report?: HealthReport;
  titles: Record<string, string>;
  error?: string;
  /** 'problems' shows warn and fail results only. */
  show: 'problems' | 'all';
  filter: string;
}

export type HealthAction =
  | { type: 'loading' }
  | { type: 'snapshot'; report: HealthReport; titles: Record<string, string> }
  | { type: 'failed'; message: string }
  | { type: 'show'; value: 'problems' | 'all' }
  | { type: 'filter'; text: string };

export const initialHealthState: HealthViewState = { status: 'loading', titles: {}, show: 'problems', filter: '' };

/** Pure state transitions of the health panel; unit-tested without a DOM. */
export function reduceHealth(s: HealthViewState, a: HealthAction): HealthViewState {
  switch (a.type) {
    case 'loading':
      return { ...s, status: 'loading' };
    case 'snapshot': {
      const next: HealthViewState = { ...s, status: 'ready', report: a.report, titles: a.titles };
      delete next.error;
      // Nothing to show among problems: show everything rather than an empty table.
      if (a.report.summary.fail + a.report.summary.warn === 0) next.show = 'all';
      return next;
    }
    case 'failed':
      return { ...s, status: 'failed', error: a.message };
    case 'show':
      return { ...s, show: a.value };
    case 'filter':
      return { ...s, filter: a.text };
  }
}

const ORDER = { fail: 0, warn: 1, pass: 2 } as const;

/** Results shown: failures first, then warnings, then passes (report order within each); filtered by check title, id or column. */
export function visibleResults(s: HealthViewState): HealthResult[] {
  if (!s.report) return [];
  const needle = s.filter.trim().toLowerCase();
  return s.report.checks
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => (s.show === 'all' || c.status !== 'pass') && (!needle || [c.id, own(s.titles, c.id) ?? '', c.column ?? ''].some((t) => t.toLowerCase().includes(needle))))
    .sort((a, b) => ORDER[a.c.status] - ORDER[b.c.status] || a.i - b.i)
    .map((x) => x.c);
}

/** Per check: how many results passed, warned and failed, in report order. */
export function perCheck(r: HealthReport): { id: string; pass: number; warn: number; fail: number }[] {
  const out = new Map<string, { id: string; pass: number; warn: number; fail: number }>();
  for (const c of r.checks) {
    const e = out.get(c.id) ?? { id: c.id, pass: 0, warn: 0, fail: 0 };
    e[c.status] += 1;
    out.set(c.id, e);
  }
  return [...out.values()];
}

/**
 * Evidence as words a person reads: a number (3 significant digits, shares as percentages), a string, a list, or
 * "Name: value" pairs with the vocabulary's names (never raw JSON or camelCase keys).
 */
export function evidence(v: unknown, key = ''): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return /share|rate|pct|fraction/i.test(key) && v >= 0 && v <= 1 ? formatPercent(v) : Number.isInteger(v) ? formatCount(v) : formatNumber(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.slice(0, 8).map((x) => evidence(x, key)).join(', ') + (v.length > 8 ? `, … (${v.length})` : '');
  const entries = Object.entries(v as Record<string, unknown>).filter(([k]) => k !== 'bins');
  return entries.map(([k, x]) => `${term(k).name}: ${typeof x === 'object' && x !== null && !Array.isArray(x) ? `(${evidence(x, k)})` : evidence(x, k)}`).join('; ');
}

/** Separates a histogram (`bins`: shares per bin) from the rest of a piece of evidence. */
export function splitBins(v: unknown): { bins?: number[]; rest: unknown } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { rest: v };
  const { bins, ...rest } = v as { bins?: unknown };
  return Array.isArray(bins) && bins.every((x) => typeof x === 'number') ? { bins: bins as number[], rest } : { rest: v };
}
