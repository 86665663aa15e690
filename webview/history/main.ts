import type { HistoryHostMsg, HistoryPanelState, HistoryViewMsg } from '../../src/shared/historyProtocol';
import { startReportApp } from '../common/reportApp';
import { initialHistoryState, reduceHistory, type HistoryAction, type HistoryViewState } from './state';
import { render } from './view';

let redraw: ((a: HistoryAction) => void) | undefined;
startReportApp<HistoryViewState, HistoryAction, HistoryHostMsg, HistoryViewMsg, HistoryPanelState>({
  initial: initialHistoryState,
  reduce: reduceHistory,
  render: (root, s, dispatch, send) => {
    redraw = dispatch;
    render(root, s, dispatch, send);
  },
  toAction: (msg, persist) => {
    switch (msg.type) {
      case 'history/loading':
        return { type: 'loading' };
      case 'history/snapshot':
        persist(msg.state);
        return { type: 'snapshot', snapshot: msg.snapshot };
      case 'analysis/failed':
        return { type: 'failed', message: msg.message };
    }
  },
  command: (m) => (m === 'refresh' ? { type: 'history/refresh' } : { type: 'history/export', format: m }),
  ready: { type: 'view/ready' },
});
new MutationObserver(() => redraw?.({ type: 'theme' })).observe(document.body, { attributes: true, attributeFilter: ['class'] });
