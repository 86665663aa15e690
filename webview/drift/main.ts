import type { DriftHostMsg, DriftPanelState, DriftViewMsg } from '../../src/shared/protocol';
import { vscodeApi } from '../common/vscodeApi';
import { initialDriftState, reduceDrift, type DriftAction, type DriftViewState } from './state';
import { render } from './view';

const vscode = vscodeApi<DriftViewMsg, DriftPanelState>();
const root = document.getElementById('app')!;
let state: DriftViewState = initialDriftState;

function dispatch(a: DriftAction): void {
  state = reduceDrift(state, a);
  render(root, state, dispatch, send);
}

function send(m: 'refresh' | 'md' | 'html' | 'json'): void {
  vscode.postMessage(m === 'refresh' ? { type: 'drift/refresh' } : { type: 'drift/export', format: m });
}

window.addEventListener('message', (event: MessageEvent<DriftHostMsg>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'drift/loading':
      return dispatch({ type: 'loading' });
    case 'drift/snapshot':
      vscode.setState(msg.state);
      return dispatch({ type: 'snapshot', report: msg.report });
    case 'analysis/failed':
      return dispatch({ type: 'failed', message: msg.message });
  }
});

render(root, state, dispatch, send);
vscode.postMessage({ type: 'view/ready' });
