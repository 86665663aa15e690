import type { ExplainHostMsg, ExplainPanelState, ExplainViewMsg } from '../../src/shared/explainProtocol';
import { startReportApp } from '../common/reportApp';
import { initialExplainState, reduceExplain, rowPosition, type ExplainAction, type ExplainViewState } from './state';
import { render } from './view';

/** What a reload reopens: the host's state, with the row the waterfall was moved to since (by the person or the host). */
let panelState: ExplainPanelState | undefined;

startReportApp<ExplainViewState, ExplainAction, ExplainHostMsg, ExplainViewMsg, ExplainPanelState>({
  initial: initialExplainState,
  reduce: reduceExplain,
  render,
  toAction: (msg, persist) => {
    switch (msg.type) {
      case 'explain/loading':
        return { type: 'loading' };
      case 'explain/snapshot':
        panelState = msg.state;
        persist(msg.state);
        return { type: 'snapshot', snapshot: msg.snapshot };
      case 'explain/focus':
        return { type: 'focus', datasetRow: msg.row };
      case 'analysis/failed':
        return { type: 'failed', message: msg.message };
    }
  },
  onAction: (a, persist, s) => {
    // Only a row the panel moved to (one of the explained rows).
    if (a.type !== 'focus' || !panelState || !s.snapshot || rowPosition(s.snapshot.doc, a.datasetRow) < 0) return;
    panelState = { ...panelState, focusRow: a.datasetRow };
    persist(panelState);
  },
  command: (m) => (m === 'refresh' ? { type: 'explain/refresh' } : { type: 'explain/export', format: m }),
  ready: { type: 'view/ready' },
});
