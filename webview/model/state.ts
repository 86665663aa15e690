import type { ModelSummary } from '../../src/core/explain/view/modelSummary';

export interface ModelViewState {
  status: 'loading' | 'ready' | 'failed';
  summary?: ModelSummary;
  trusted: boolean;
  error?: string;
  code?: string;
}

export type ModelAction =
  | { type: 'snapshot'; summary: ModelSummary; trusted: boolean }
  | { type: 'failed'; message: string; code?: string | undefined };

export const initialModelState: ModelViewState = { status: 'loading', trusted: false };

/** Pure state transitions of the model editor; unit-tested without a DOM. */
export function reduceModel(s: ModelViewState, a: ModelAction): ModelViewState {
  switch (a.type) {
    case 'snapshot':
      return { status: 'ready', summary: a.summary, trusted: a.trusted };
    case 'failed':
      return { status: 'failed', trusted: s.trusted, error: a.message, ...(a.code ? { code: a.code } : {}) };
  }
}

/** Whether the Predict/Explain buttons work, and the sentence shown when they do not. */
export function runButtons(s: ModelViewState): { enabled: boolean; reason?: string } {
  if (!s.summary) return { enabled: false, reason: 'The model could not be read, so it cannot be run.' };
  if (!s.trusted) return { enabled: false, reason: 'Restricted Mode: this workspace is not trusted, so the model is shown but never run. Trust the workspace to predict or explain.' };
  return { enabled: true };
}

/** Importance bars: each feature's share of the largest gain (or cover when the file has no gains), in [0, 1]. */
export function importanceBars(summary: ModelSummary): { feature: string; gainShare: number | null; coverShare: number }[] {
  const maxGain = Math.max(0, ...summary.importance.map((f) => f.gain ?? 0));
  const maxCover = Math.max(0, ...summary.importance.map((f) => f.cover));
  return summary.importance.map((f) => ({
    feature: f.feature,
    gainShare: f.gain === null ? null : maxGain > 0 ? f.gain / maxGain : 0,
    coverShare: maxCover > 0 ? f.cover / maxCover : 0,
  }));
}

const LINKS: Record<ModelSummary['link'], string> = { identity: 'identity (raw value)', logit: 'logistic (log-odds → probability)', log: 'log (exp of the margin)', softmax: 'softmax over classes', ovr: 'one-vs-rest logistic (normalised)' };

/** The facts table of the editor, in display order. */
export function modelFacts(m: ModelSummary): [string, string][] {
  return [
    ['type', m.kind === 'xgboost' ? 'XGBoost' : m.kind === 'lightgbm' ? 'LightGBM' : m.kind === 'sklearn' ? 'scikit-learn' : 'ONNX'],
    ['format', `${m.format}${m.version ? ` (written by ${m.version})` : ''}`],
    ['objective', m.objective],
    ['output link', LINKS[m.link]],
    ['classes', String(m.numClasses)],
    ['features', String(m.numFeatures)],
    ['trees', m.trees ? String(m.trees.count) : '—'],
    ['max depth', m.trees ? String(m.trees.maxDepth) : '—'],
    ['nodes', m.trees ? String(m.trees.nodes) : '—'],
    ['base score', String(m.baseScore)],
    ...(m.details ?? []),
  ];
}
