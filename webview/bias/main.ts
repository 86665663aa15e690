import type { BiasHostMsg, BiasPanelState, BiasViewMsg } from '../../src/shared/protocol';
import { vscodeApi } from '../common/vscodeApi';
import { initialBiasState, reduceBias, type BiasAction, type BiasViewState } from './state';
import { render } from './view';

const vscode = vscodeApi<BiasViewMsg, BiasPanelState>();
const root = document.getElementById('app')!;
let state: BiasViewState = initialBiasState;

function dispatch(a: BiasAction): void {
  state = reduceBias(state, a);
  render(root, state, dispatch, send);
}

function send(m: 'refresh' | 'md' | 'html' | 'json'): void {
  vscode.postMessage(m === 'refresh' ? { type: 'bias/refresh' } : { type: 'bias/export', format: m });
}

window.addEventListener('message', (event: MessageEvent<BiasHostMsg>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'bias/loading':
      return dispatch({ type: 'loading' });
    case 'bias/snapshot':
      vscode.setState(msg.state);
      return dispatch({ type: 'snapshot', report: msg.report });
    case 'analysis/failed':
      return dispatch({ type: 'failed', message: msg.message });
  }
});

render(root, state, dispatch, send);
vscode.postMessage({ type: 'view/ready' });
