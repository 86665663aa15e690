import type { EvaluationReport } from '../../src/core/evaluate/types';

export interface EvaluateViewState {
  status: 'loading' | 'ready' | 'failed';
  report?: EvaluationReport;
  error?: string;
  message?: string;
  /** Detail sections the user opened (by title); everything else stays collapsed, as issue 22 asks. */
  open: string[];
  /** Bumped when the VS Code theme changes, so charts are drawn again in the new colours. */
  theme: number;
}

export type EvaluateAction =
  | { type: 'loading'; message?: string }
  | { type: 'snapshot'; report: EvaluationReport }
  | { type: 'failed'; message: string }
  | { type: 'toggle'; section: string; open: boolean }
  | { type: 'theme' };

export const initialEvaluateState: EvaluateViewState = { status: 'loading', open: [], theme: 0 };

/** Pure state transitions of the Evaluate panel; unit-tested without a DOM. */
export function reduceEvaluate(s: EvaluateViewState, a: EvaluateAction): EvaluateViewState {
  switch (a.type) {
    case 'loading':
      return { ...s, status: 'loading', ...(a.message ? { message: a.message } : {}) };
    case 'snapshot': {
      const next: EvaluateViewState = { ...s, status: 'ready', report: a.report };
      delete next.error;
      return next;
    }
    case 'failed':
      return { ...s, status: 'failed', error: a.message };
    case 'toggle':
      return { ...s, open: a.open ? [...new Set([...s.open, a.section])] : s.open.filter((x) => x !== a.section) };
    case 'theme':
      return { ...s, theme: s.theme + 1 };
  }
}

/** The verdict card's tone: pass → green, warn → amber, fail → red. */
export function tone(r: EvaluationReport): { word: string; colour: string } {
  return r.verdict.status === 'fail' ? { word: 'Fails', colour: '--vscode-charts-red' } : r.verdict.status === 'warn' ? { word: 'Needs attention', colour: '--vscode-charts-yellow' } : { word: 'Good', colour: '--vscode-charts-green' };
}
