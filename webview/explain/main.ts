import type { ExplainHostMsg, ExplainPanelState, ExplainViewMsg } from '../../src/shared/explainProtocol';
import { startReportApp } from '../common/reportApp';
import { initialExplainState, reduceExplain, type ExplainAction, type ExplainViewState } from './state';
import { render } from './view';

startReportApp<ExplainViewState, ExplainAction, ExplainHostMsg, ExplainViewMsg, ExplainPanelState>({
  initial: initialExplainState,
  reduce: reduceExplain,
  render,
  toAction: (msg, persist) => {
    switch (msg.type) {
      case 'explain/loading':
        return { type: 'loading' };
      case 'explain/snapshot':
        persist(msg.state);
        return { type: 'snapshot', snapshot: msg.snapshot };
      case 'explain/focus':
        return { type: 'focus', datasetRow: msg.row };
      case 'analysis/failed':
        return { type: 'failed', message: msg.message };
    }
  },
  command: (m) => (m === 'refresh' ? { type: 'explain/refresh' } : { type: 'explain/export', format: m }),
  ready: { type: 'view/ready' },
});
