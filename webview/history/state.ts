import type { CheckTrend } from '../../src/core/history/historyQuery';
import type { HistorySnapshot } from '../../src/shared/historyProtocol';
import { dict, own } from '../../src/core/dict';

export interface HistoryViewState {
  status: 'loading' | 'ready' | 'failed';
  snapshot?: HistorySnapshot;
  error?: string;
  /** The figure charted per check id (default: the check's first figure). */
  figure: Record<string, string>;
  open: string[];
  theme: number;
}

export type HistoryAction =
  | { type: 'loading' }
  | { type: 'snapshot'; snapshot: HistorySnapshot }
  | { type: 'failed'; message: string }
  | { type: 'figure'; check: string; figure: string }
  | { type: 'toggle'; section: string; open: boolean }
  | { type: 'theme' };

export const initialHistoryState: HistoryViewState = { status: 'loading', figure: Object.create(null) as Record<string, string>, open: [], theme: 0 };

export function reduceHistory(s: HistoryViewState, a: HistoryAction): HistoryViewState {
  switch (a.type) {
    case 'loading':
      return { ...s, status: 'loading' };
    case 'snapshot': {
      const next: HistoryViewState = { ...s, status: 'ready', snapshot: a.snapshot };
      delete next.error;
      return next;
    }
    case 'failed':
      return { ...s, status: 'failed', error: a.message };
    case 'figure': {
      // A null-prototype copy: check ids come from the history file.
      const figure = dict<string>([...Object.entries(s.figure), [a.check, a.figure]]);
      return { ...s, figure };
    }
    case 'toggle':
      return { ...s, open: a.open ? [...new Set([...s.open, a.section])] : s.open.filter((x) => x !== a.section) };
    case 'theme':
      return { ...s, theme: s.theme + 1 };
  }
}

/** The figure charted for a check: the chosen one if the check still has it, else its first. */
export function chosenFigure(s: HistoryViewState, t: CheckTrend): CheckTrend['figures'][number] | undefined {
  const want = own(s.figure, t.id);
  return t.figures.find((f) => f.name === want) ?? t.figures[0];
}

/** The sentence of the history's verdict card: how many runs, and how the last one went. */
export function historyVerdict(snap: HistorySnapshot): { status: 'pass' | 'warn' | 'fail'; text: string } {
  if (!snap.runs || !snap.trends.length) return { status: 'pass', text: 'No runs recorded yet: run the checks ("Model Lens: Run All Checks" or model-lens check) to start the history.' };
  const last = snap.trends.map((t) => ({ t, r: t.runs[t.runs.length - 1]! }));
  const failing = last.filter((x) => x.r.status === 'fail' || x.r.status === 'error');
  const warning = last.filter((x) => x.r.status === 'warn');
  const worse = snap.trends.filter((t) => t.runs.length > 1 && ['pass', 'warn', 'fail', 'error'].indexOf(t.runs[t.runs.length - 1]!.status) > ['pass', 'warn', 'fail', 'error'].indexOf(t.runs[t.runs.length - 2]!.status));
  const head = `${snap.runs} run${snap.runs === 1 ? '' : 's'} recorded`;
  if (failing.length) return { status: 'fail', text: `${head}; in the latest, ${failing.map((x) => x.t.title).join(', ')} ${failing.length === 1 ? 'fails' : 'fail'}${worse.length ? ` (${worse.length} got worse since the run before)` : ''}.` };
  if (warning.length) return { status: 'warn', text: `${head}; in the latest, ${warning.length} check${warning.length === 1 ? ' needs' : 's need'} attention: ${warning.map((x) => x.t.title).join(', ')}.` };
  return { status: 'pass', text: `${head}; every check passed in the latest.` };
}
