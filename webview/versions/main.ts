import type { VersionsHostMsg, VersionsPanelState, VersionsViewMsg } from '../../src/shared/versionsProtocol';
import { vscodeApi } from '../common/vscodeApi';
import { initialVersionsState, reduceVersions, type VersionsAction } from './state';
import { render } from './view';

const vscode = vscodeApi<VersionsViewMsg, VersionsPanelState>();
const root = document.getElementById('app')!;
let state = initialVersionsState;
const send = (m: VersionsViewMsg) => vscode.postMessage(m);
const dispatch = (a: VersionsAction): void => {
  state = reduceVersions(state, a);
  render(root, state, dispatch, send);
};
window.addEventListener('message', (event: MessageEvent<VersionsHostMsg>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'versions/loading':
      dispatch({ type: 'loading', ...(msg.message ? { message: msg.message } : {}) });
      return;
    case 'versions/snapshot':
      vscode.setState(msg.state);
      dispatch({ type: 'snapshot', diff: msg.diff });
      return;
    case 'analysis/failed':
      dispatch({ type: 'failed', message: msg.message });
      return;
  }
});
render(root, state, dispatch, send);
send({ type: 'view/ready' });
