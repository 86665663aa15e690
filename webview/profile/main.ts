import type { ProfileHostMsg, ProfilePanelState, ProfileViewMsg } from '../../src/shared/protocol';
import { vscodeApi } from '../common/vscodeApi';
import { initialState, reduce, type Action, type ProfileViewState } from './state';
import { render } from './view';

const vscode = vscodeApi<ProfileViewMsg, ProfilePanelState>();
const root = document.getElementById('app')!;
let state: ProfileViewState = initialState;

function dispatch(a: Action): void {
  state = reduce(state, a);
  render(root, state, dispatch, send);
}

function send(m: 'refresh' | 'md' | 'json'): void {
  vscode.postMessage(m === 'refresh' ? { type: 'profile/refresh' } : { type: 'profile/export', format: m });
}

window.addEventListener('message', (event: MessageEvent<ProfileHostMsg>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'profile/loading':
      return dispatch({ type: 'loading' });
    case 'profile/snapshot':
      vscode.setState({ fileUri: msg.fileUri });
      return dispatch({ type: 'snapshot', profile: msg.profile });
    case 'analysis/failed':
      return dispatch({ type: 'failed', message: msg.message });
  }
});

render(root, state, dispatch, send);
vscode.postMessage({ type: 'view/ready' });
