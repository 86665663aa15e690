import type * as vscode from 'vscode';
import { log } from '../log';

/**
 * What report panels do the same way with their webview: every message goes through the protocol's parser (one that
 * does not parse is logged and dropped, never handled), and the latest snapshot waits until the view has said
 * 'view/ready' (a snapshot posted before the view listens would be lost).
 */
export class PanelChannel<HostMsg, ViewMsg extends { type: string }> {
  private ready = false;
  private latest: HostMsg | undefined;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly name: string,
    parse: (raw: unknown) => ViewMsg | undefined,
    handle: (msg: Exclude<ViewMsg, { type: 'view/ready' }>) => unknown,
  ) {
    webview.onDidReceiveMessage((raw) => {
      const msg = parse(raw);
      if (!msg) {
        log().warn(`${this.name}: ignored malformed message ${JSON.stringify(raw)?.slice(0, 200)}`);
        return undefined;
      }
      if (msg.type === 'view/ready') {
        this.ready = true;
        if (this.latest !== undefined) this.post(this.latest);
        return undefined;
      }
      return handle(msg as Exclude<ViewMsg, { type: 'view/ready' }>);
    });
  }

  post(msg: HostMsg): void {
    void this.webview.postMessage(msg);
  }

  /** Posts the snapshot now if the view is ready, and again whenever the view (re)announces itself. */
  snapshot(msg: HostMsg): void {
    this.latest = msg;
    if (this.ready) this.post(msg);
  }
}

/** The 'analysis/failed' message for an error: its text, and its code when it has one (InputError). */
export function failedMessage(e: unknown): { type: 'analysis/failed'; message: string; code?: string } {
  const code = e instanceof Error && 'code' in e ? (e as { code: unknown }).code : undefined;
  return { type: 'analysis/failed', message: e instanceof Error ? e.message : String(e), ...(code !== undefined ? { code: String(code) } : {}) };
}
