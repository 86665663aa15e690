import type * as vscode from 'vscode';
import { log, reportError } from '../log';
import { MessageGate, type RefusedMessage } from './messageGate';

export interface PanelChannelOptions<ViewMsg extends { type: string }> {
  /** Runs on every 'view/ready', after the latest snapshot (if any) was re-posted: panels that replay more. */
  onReady?: () => unknown;
  /** A handler failed; default: logged and shown to the user with "Show Log" (reportError). */
  onError?: (msg: ViewMsg, e: unknown) => unknown;
}

/** The last refused messages of every panel (integration tests read them through ModelLensApi.panelMessages). */
const refusals: RefusedMessage[] = [];
let refusedTotal = 0;
/** The newest live channel per panel name (integration tests deliver raw messages to it). */
const live = new Map<string, { receive(raw: unknown): Promise<void> }>();

/**
 * What every panel does the same way with its webview: every message goes through the protocol's parser and the
 * MessageGate (one that does not parse is logged with the panel and its type, and dropped: never handled, never a
 * throw in the extension host; a handler that fails goes to one failure path), and the latest snapshot waits until
 * the view has said 'view/ready' (a snapshot posted before the view listens would be lost).
 */
export class PanelChannel<HostMsg, ViewMsg extends { type: string }> {
  private latest: HostMsg | undefined;
  private readonly gate: MessageGate<ViewMsg>;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    name: string,
    parse: (raw: unknown) => ViewMsg | undefined,
    handle: (msg: Exclude<ViewMsg, { type: 'view/ready' }>) => unknown,
    options: PanelChannelOptions<ViewMsg> = {},
  ) {
    this.gate = new MessageGate<ViewMsg>({
      name, parse, handle,
      onReady: () => {
        if (this.latest !== undefined) this.post(this.latest);
        return options.onReady?.();
      },
      onError: options.onError ?? ((msg, e) => reportError(`${name}: ${msg.type}`, e)),
      refuse: (r) => {
        refusedTotal++;
        refusals.push(r);
        if (refusals.length > 100) refusals.shift();
        log().warn(`${r.panel}: refused a webview message of type ${r.type}: ${r.reason}; nothing was done`);
      },
    });
    const sub = panel.webview.onDidReceiveMessage((raw) => this.gate.receive(raw));
    live.set(name, this);
    panel.onDidDispose(() => {
      sub.dispose();
      if (live.get(name) === this) live.delete(name);
    });
  }

  /** True once the view has said 'view/ready'. */
  get ready(): boolean {
    return this.gate.ready;
  }

  post(msg: HostMsg): void {
    void this.panel.webview.postMessage(msg);
  }

  /** Posts the snapshot now if the view is ready, and again whenever the view (re)announces itself. */
  snapshot(msg: HostMsg): void {
    this.latest = msg;
    if (this.ready) this.post(msg);
  }

  /** The same path as a message from the webview (integration tests). */
  receive(raw: unknown): Promise<void> {
    return this.gate.receive(raw);
  }
}

/** The 'analysis/failed' message for an error: its text, and its code when it has one (InputError). */
export function failedMessage(e: unknown): { type: 'analysis/failed'; message: string; code?: string } {
  const code = e instanceof Error && 'code' in e ? (e as { code: unknown }).code : undefined;
  return { type: 'analysis/failed', message: e instanceof Error ? e.message : String(e), ...(code !== undefined ? { code: String(code) } : {}) };
}

/** For integration tests (ModelLensApi.panelMessages): deliver a raw message as if a panel's webview sent it; read refusals. */
export const panelMessagesApi = {
  /** Resolves when the newest open panel of that name handled or refused the message; false when none is open. */
  async deliver(panel: string, raw: unknown): Promise<boolean> {
    const c = live.get(panel);
    if (!c) return false;
    await c.receive(raw);
    return true;
  },
  /** The last 100 refused messages, oldest first, and how many were refused since activation. */
  refused(): { total: number; last: readonly RefusedMessage[] } {
    return { total: refusedTotal, last: [...refusals] };
  },
};
