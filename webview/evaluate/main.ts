import type { EvaluateHostMsg, EvaluatePanelState, EvaluateViewMsg } from '../../src/shared/evaluateProtocol';
import { startReportApp } from '../common/reportApp';
import { initialEvaluateState, reduceEvaluate, type EvaluateAction, type EvaluateViewState } from './state';
import { render } from './view';

let redraw: ((a: EvaluateAction) => void) | undefined;
startReportApp<EvaluateViewState, EvaluateAction, EvaluateHostMsg, EvaluateViewMsg, EvaluatePanelState>({
  initial: initialEvaluateState,
  reduce: reduceEvaluate,
  render: (root, s, dispatch, send) => {
    redraw = dispatch;
    render(root, s, dispatch, send);
  },
  toAction: (msg, persist) => {
    switch (msg.type) {
      case 'evaluate/loading':
        return { type: 'loading', ...(msg.message ? { message: msg.message } : {}) };
      case 'evaluate/snapshot':
        persist(msg.state);
        return { type: 'snapshot', report: msg.report };
      case 'analysis/failed':
        return { type: 'failed', message: msg.message };
    }
  },
  command: (m) => (m === 'refresh' ? { type: 'evaluate/refresh' } : { type: 'evaluate/export', format: m }),
  ready: { type: 'view/ready' },
});
// VS Code swaps the body's theme class (vscode-light / vscode-dark / vscode-high-contrast): draw the charts again.
new MutationObserver(() => redraw?.({ type: 'theme' })).observe(document.body, { attributes: true, attributeFilter: ['class'] });
