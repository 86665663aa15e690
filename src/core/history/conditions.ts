import { InputError } from '../errors';
import { percentileSorted } from '../stats/percentile';

/**
 * Conditions against a check's own history, e.g. `rocAuc dropped > 0.02 vs median of last 4 runs` or
 * `mae rose > 10% vs last run`. The figure is one of the check's key figures (what the history stores); the
 * baseline is a statistic of its values in the last N earlier runs of the same check (fewer when there are
 * fewer; not evaluated when there is none). "dropped" fails when baseline − now exceeds the amount (absolute,
 * or relative to |baseline| with %); "rose" when now − baseline does.
 */
export interface HistoryCondition {
  text: string;
  figure: string;
  direction: 'dropped' | 'rose';
  op: '>' | '>=';
  amount: number;
  relative: boolean;
  stat: 'median' | 'mean' | 'min' | 'max' | 'last';
  runs: number;
}

const PATTERN = /^\s*([A-Za-z_][\w.]*)\s+(dropped|rose)\s*(>=|>)\s*(\d+(?:\.\d+)?)\s*(%?)\s+vs\s+(?:(median|mean|min|max)\s+of\s+(?:the\s+)?last\s+(\d{1,4})\s+runs?|(?:the\s+)?(?:last|previous)\s+run)\s*$/i;

/** Whether the text is meant as a history condition (mentions 'dropped'/'rose' … 'vs'). */
export function looksLikeHistoryCondition(text: string): boolean {
  return /\b(dropped|rose)\b/i.test(text) && /\bvs\b/i.test(text);
}

export function parseHistoryCondition(text: string): HistoryCondition {
  const m = PATTERN.exec(text);
  if (!m) {
    throw new InputError('BAD_FAIL_ON', `'${text}' is not a history condition; write e.g. 'rocAuc dropped > 0.02 vs median of last 4 runs', 'mae rose > 10% vs mean of last 3 runs' or 'accuracy dropped > 0.01 vs last run'.`, { text });
  }
  const [, figure = '', dir = 'dropped', op = '>', amount = '0', pct = '', stat, runs] = m;
  const n = stat ? Number(runs) : 1;
  if (n < 1) throw new InputError('BAD_FAIL_ON', `'${text}': the number of runs must be at least 1.`, { text });
  return { text: text.trim(), figure, direction: dir.toLowerCase() as 'dropped' | 'rose', op: op as '>' | '>=', amount: Number(amount), relative: pct === '%', stat: (stat?.toLowerCase() ?? 'last') as HistoryCondition['stat'], runs: n };
}

export interface HistoryConditionResult {
  status: 'pass' | 'fail' | 'notEvaluated';
  value: number | null;
  baseline: number | null;
  note?: string;
}

/** `past` are the figure's values in earlier runs, oldest first; `now` the current value. */
export function evaluateHistoryCondition(c: HistoryCondition, now: number | null, past: readonly number[]): HistoryConditionResult {
  const recent = past.filter(Number.isFinite).slice(-c.runs);
  if (now === null || !Number.isFinite(now)) return { status: 'notEvaluated', value: null, baseline: null, note: `no current value of ${c.figure}` };
  if (recent.length === 0) return { status: 'notEvaluated', value: now, baseline: null, note: `no earlier run has ${c.figure} yet` };
  const sorted = Float64Array.from(recent).sort();
  const baseline = c.stat === 'median' ? percentileSorted(sorted, 0.5) : c.stat === 'mean' ? recent.reduce((a, b) => a + b, 0) / recent.length : c.stat === 'min' ? sorted[0]! : c.stat === 'max' ? sorted[sorted.length - 1]! : recent[recent.length - 1]!;
  const change = c.direction === 'dropped' ? baseline - now : now - baseline;
  const size = c.relative ? (baseline === 0 ? (change > 0 ? Infinity : 0) : (100 * change) / Math.abs(baseline)) : change;
  const fails = c.op === '>' ? size > c.amount : size >= c.amount;
  const note = recent.length < c.runs ? `only ${recent.length} earlier run${recent.length === 1 ? '' : 's'}` : undefined;
  return { status: fails ? 'fail' : 'pass', value: now, baseline, ...(note ? { note } : {}) };
}
