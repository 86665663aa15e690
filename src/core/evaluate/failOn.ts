import { InputError } from '../errors';
import { evaluateHistoryCondition, looksLikeHistoryCondition, parseHistoryCondition, type HistoryCondition } from '../history/conditions';
import { METRICS } from './metricCatalog';
import { sig3 } from './present';
import type { EvaluationReport, FailOnResult } from './types';

/**
 * `--fail-on` conditions of an evaluation. A condition FAILS when it holds:
 * - `<metric><op><value>`, e.g. `rocAuc<0.8`, `ece>0.05` (overall value; ops <, <=, >, >=);
 * - `latest.<metric>…` the last window's realised value, `estimated.<metric>…` its CBPE estimate;
 * - counts: `flaggedWindows>0`, `weakSegments>0`, `disagreements>0` (CBPE), `driftedWindows>0` (score drift);
 * - history: `rocAuc dropped > 0.02 vs median of last 4 runs` (see history/conditions.ts), evaluated when the
 *   caller passes the history of this check (modellens.yml `evaluation` checks; `model-lens evaluate --history`).
 * A metric that is undefined is "not evaluated" and does not fail.
 */
export type FailOnCondition =
  | { kind: 'value'; text: string; scope: 'overall' | 'latest' | 'estimated' | 'count'; metric: string; op: '<' | '<=' | '>' | '>='; value: number }
  | { kind: 'history'; text: string; condition: HistoryCondition };

const COUNTS = ['flaggedWindows', 'weakSegments', 'disagreements', 'driftedWindows'] as const;

export function failOnNames(): string[] {
  return [...METRICS.map((m) => m.id), ...COUNTS];
}

export function parseFailOn(text: string): FailOnCondition {
  if (looksLikeHistoryCondition(text)) return { kind: 'history', text: text.trim(), condition: parseHistoryCondition(text) };
  const m = /^\s*(?:(latest|estimated)\.)?([A-Za-z]+)\s*(<=|>=|<|>)\s*(\S+)\s*$/.exec(text);
  if (!m) throw new InputError('BAD_FAIL_ON', `--fail-on '${text}' is not <metric><op><value>; write e.g. 'rocAuc<0.8', 'ece>0.05', 'latest.accuracy<0.9', 'flaggedWindows>0' or 'rocAuc dropped > 0.02 vs median of last 4 runs'.`, { text });
  const [, prefix, metric = '', op = '<', raw = ''] = m;
  const isCount = (COUNTS as readonly string[]).includes(metric);
  if (!isCount && !METRICS.some((x) => x.id === metric)) throw new InputError('BAD_FAIL_ON', `--fail-on '${text}': unknown metric '${metric}'; valid names are: ${failOnNames().join(', ')}.`, { text, metric });
  if (isCount && prefix) throw new InputError('BAD_FAIL_ON', `--fail-on '${text}': '${metric}' is a count over the whole evaluation; drop '${prefix}.'.`, { text });
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new InputError('BAD_FAIL_ON', `--fail-on '${text}': '${raw}' is not a number.`, { text });
  return { kind: 'value', text: `${prefix ? `${prefix}.` : ''}${metric}${op}${raw}`, scope: isCount ? 'count' : ((prefix as 'latest' | 'estimated' | undefined) ?? 'overall'), metric, op: op as '<', value };
}

const holds = (v: number, op: string, t: number): boolean => (op === '<' ? v < t : op === '<=' ? v <= t : op === '>' ? v > t : v >= t);

/** The value a condition looks at, or null with the reason it is not available. */
function valueOf(r: EvaluationReport, c: Extract<FailOnCondition, { kind: 'value' }>): { value: number | null; note?: string } {
  switch (c.scope) {
    case 'overall': {
      const m = r.metrics.find((x) => x.name === c.metric);
      return m ? { value: m.value, ...(m.note && m.value === null ? { note: m.note } : {}) } : { value: null, note: `${c.metric} does not apply to this ${r.task} evaluation` };
    }
    case 'latest': {
      const w = r.windows?.[r.windows.length - 1];
      if (!w) return { value: null, note: 'no windows (give a time column and --window)' };
      const m = w.metrics.find((x) => x.name === c.metric);
      return { value: m?.value ?? null, ...(m?.value === null || !m ? { note: w.labeledRows ? `${c.metric} undefined in the latest window` : 'the latest window has no labels' } : {}) };
    }
    case 'estimated': {
      const w = r.estimated?.windows[r.estimated.windows.length - 1];
      const m = w?.metrics.find((x) => x.name === c.metric);
      return m ? { value: m.value } : { value: null, note: r.estimated ? `${c.metric} is not estimated (CBPE estimates rocAuc, accuracy, precision, recall, f1)` : 'no CBPE estimate (a binary classifier with scores and windows or --reference)' };
    }
    case 'count': {
      const count = c.metric === 'flaggedWindows' ? (r.windows?.filter((w) => w.flagged).length ?? 0)
        : c.metric === 'weakSegments' ? r.segments.filter((s) => s.weak).length
          : c.metric === 'disagreements' ? (r.estimated?.disagreements.length ?? 0)
            : (r.windows?.filter((w) => w.scoreDrift?.drifted).length ?? 0);
      return { value: count };
    }
  }
}

/** `history(figure)`: the figure's values in earlier runs of this check, oldest first (absent: no history). */
export function evaluateFailOn(r: EvaluationReport, conditions: readonly FailOnCondition[], history?: (figure: string) => number[]): FailOnResult[] {
  return conditions.map((c): FailOnResult => {
    if (c.kind === 'history') {
      const figure = c.condition.figure;
      const now = r.metrics.find((m) => m.name === figure)?.value ?? null;
      if (!history) return { condition: c.text, metric: figure, status: 'notEvaluated', value: now, baseline: null, note: 'no run history given' };
      const res = evaluateHistoryCondition(c.condition, now, history(figure));
      return { condition: c.text, metric: figure, status: res.status, value: res.value, baseline: res.baseline, ...(res.note ? { note: res.note } : {}) };
    }
    const { value, note } = valueOf(r, c);
    const status = value === null ? 'notEvaluated' : holds(value, c.op, c.value) ? 'fail' : 'pass';
    return { condition: c.text, metric: c.metric, status, value, ...(note ? { note } : {}) };
  });
}

/** "rocAuc 0.74 < 0.8" for a failed condition. */
export function failOnText(f: FailOnResult): string {
  if (f.baseline !== undefined) return `${f.condition} (now ${sig3(f.value)}, baseline ${sig3(f.baseline)})`;
  return `${f.condition} (value ${sig3(f.value)})`;
}
