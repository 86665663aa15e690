/**
 * One verdict per analysis, computed once here and shown as it is by every surface: the panel's verdict card,
 * the Checks view, the status bar, Problems, reports, share pages and the CLI. A check kind's status and
 * summary are its verdict's status and headline.
 */
export type VerdictStatus = 'pass' | 'warn' | 'fail' | 'error';

/** One of the few numbers that matter, already formatted ("4 of 16", "25%", "0.62×"). */
export interface KeyNumber {
  label: string;
  value: string;
  /** Tooltip: what the number means and its threshold. */
  hint?: string;
}

export interface Verdict {
  status: VerdictStatus;
  /** One sentence that names what failed and where, e.g. "Dataset drift: 9 of 16 features drifted, most in income". */
  headline: string;
  /** Why, worst first: one short sentence each. */
  reasons: string[];
  /** At most three. */
  numbers: KeyNumber[];
}

/** The word every surface uses for a status. */
export const STATUS_LABEL: Record<VerdictStatus, string> = { pass: 'Passed', warn: 'Needs attention', fail: 'Failed', error: 'Could not run' };

const RANK: Record<VerdictStatus, number> = { pass: 0, warn: 1, fail: 2, error: 3 };

/** The worst of several statuses: error > fail > warn > pass. */
export function worst(statuses: readonly VerdictStatus[]): VerdictStatus {
  return statuses.reduce<VerdictStatus>((w, s) => (RANK[s] > RANK[w] ? s : w), 'pass');
}

/** "a", "a and b", "a, b and 2 more". */
export function listWords(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length <= max) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
