import { vscodeApi } from './vscodeApi';
import { onThemeChange } from './ui';

/** What a panel's buttons ask the host for ('share': one self-contained HTML page for non-experts). */
export type PanelCommand = 'refresh' | 'md' | 'html' | 'json' | 'share';

/**
 * The shared bootstrap of a report panel: one state, a pure reducer, a render function, host messages turned
 * into actions, and `view/ready` sent once the listener is in place.
 */
export function startReportApp<S, A, HostMsg, ViewMsg, Persist, Cmd = PanelCommand>(o: {
  initial: S;
  reduce: (s: S, a: A) => S;
  render: (root: HTMLElement, s: S, dispatch: (a: A) => void, send: (m: Cmd) => void) => void;
  /** The action for a host message; `persist` stores what a reload needs (WebviewPanelSerializer state). */
  toAction: (msg: HostMsg, persist: (p: Persist) => void) => A | undefined;
  /** Every action, host's or the person's, with `persist` (e.g. the row a person moved to, kept for a reload). */
  onAction?: (a: A, persist: (p: Persist) => void, s: S) => void;
  command: (m: Cmd) => ViewMsg;
  ready: ViewMsg;
}): void {
  const vscode = vscodeApi<ViewMsg, Persist>();
  const root = document.getElementById('app')!;
  let state = o.initial;
  const send = (m: Cmd) => vscode.postMessage(o.command(m));
  const dispatch = (a: A): void => {
    state = o.reduce(state, a);
    o.onAction?.(a, (p) => vscode.setState(p), state);
    o.render(root, state, dispatch, send);
  };
  window.addEventListener('message', (event: MessageEvent<HostMsg>) => {
    const a = o.toAction(event.data, (p) => vscode.setState(p));
    if (a !== undefined) dispatch(a);
  });
  o.render(root, state, dispatch, send);
  // Charts read theme colours when drawn: draw again when the theme changes (an open chart kept the old colours).
  onThemeChange(() => o.render(root, state, dispatch, send));
  vscode.postMessage(o.ready);
}
