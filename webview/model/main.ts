import type { ModelHostMsg, ModelViewMsg } from '../../src/shared/modelProtocol';
import { vscodeApi } from '../common/vscodeApi';
import { onThemeChange } from '../common/ui';
import { initialModelState, reduceModel, type ModelAction } from './state';
import { render } from './view';

const vscode = vscodeApi<ModelViewMsg, undefined>();
const root = document.getElementById('app')!;
let state = initialModelState;
const run = (what: 'explain' | 'predict'): void => vscode.postMessage({ type: what === 'explain' ? 'model/explain' : 'model/predict' });
const dispatch = (a: ModelAction): void => {
  state = reduceModel(state, a);
  render(root, state, run);
};
window.addEventListener('message', (event: MessageEvent<ModelHostMsg>) => {
  const msg = event.data;
  if (msg.type === 'model/snapshot') dispatch({ type: 'snapshot', summary: msg.summary, trusted: msg.trusted });
  else if (msg.type === 'analysis/failed') dispatch({ type: 'failed', message: msg.message, code: msg.code });
});
render(root, state, run);
onThemeChange(() => render(root, state, run));
vscode.postMessage({ type: 'view/ready' });
