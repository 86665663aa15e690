import { basename } from 'node:path';
import * as vscode from 'vscode';
import { checkTrends } from '../../core/history/historyQuery';
import { readWorkspaceHistory } from '../../core/history/historyStore';
import { historyToHtml, historyToMarkdown } from '../../core/history/render/historyText';
import { parseHistoryPanelState, parseHistoryViewMsg, type HistoryHostMsg, type HistoryPanelState, type HistorySnapshot, type HistoryViewMsg } from '../../shared/historyProtocol';
import { failedMessage, PanelChannel } from '../panels/panelChannel';
import { openReportExport } from '../panels/exportReport';
import { panelOptions, webviewHtml } from '../panels/webviewHtml';
import { historyShareDoc } from '../../core/share/historyShare';

export const HISTORY_VIEW_TYPE = 'modelLens.history';

/** Reads the workspace folder's run history (.modellens/history) into trends per check. */
export function historySnapshot(state: HistoryPanelState): HistorySnapshot {
  const read = readWorkspaceHistory(state.folder);
  return { folder: state.folder, runs: read.runs.length, skippedLines: read.skipped.length, trends: checkTrends(read.runs, state.check) };
}

const titleOf = (s: HistoryPanelState) => `History: ${s.check ?? basename(s.folder)}`;

/** "Run History": every check's key figures charted over past runs; refreshed after each run of the checks. */
export class HistoryPanel {
  private static current: HistoryPanel | undefined;
  private snapshot: HistorySnapshot | undefined;
  private readonly channel: PanelChannel<HistoryHostMsg, HistoryViewMsg>;

  private constructor(private readonly panel: vscode.WebviewPanel, private state: HistoryPanelState, ext: vscode.Uri) {
    panel.webview.html = webviewHtml(panel.webview, ext, 'history', titleOf(state));
    // A view that (re)loads reads the history again.
    this.channel = new PanelChannel(panel, 'history panel', parseHistoryViewMsg, (msg) => this.onMessage(msg), { onReady: () => this.refresh() });
    panel.onDidDispose(() => { if (HistoryPanel.current === this) HistoryPanel.current = undefined; });
    HistoryPanel.current = this;
  }

  static show(ext: vscode.Uri, state: HistoryPanelState): HistorySnapshot {
    const p = HistoryPanel.current;
    if (p) {
      p.state = state;
      p.panel.title = titleOf(state);
      p.panel.reveal();
      p.refresh();
      return p.snapshot!;
    }
    const np = new HistoryPanel(vscode.window.createWebviewPanel(HISTORY_VIEW_TYPE, titleOf(state), vscode.ViewColumn.Active, panelOptions(ext)), state, ext);
    np.refresh();
    return np.snapshot!;
  }

  static revive(panel: vscode.WebviewPanel, ext: vscode.Uri, raw: unknown): void {
    panel.webview.options = panelOptions(ext);
    const state = parseHistoryPanelState(raw);
    if (!state) {
      panel.dispose();
      return;
    }
    new HistoryPanel(panel, state, ext).refresh();
  }

  /** After a run of the checks: the open panel shows the new run. */
  static runAdded(): void {
    HistoryPanel.current?.refresh();
  }

  /** What the open panel shows (integration tests). */
  static shown(): HistorySnapshot | undefined {
    return HistoryPanel.current?.snapshot;
  }

  private refresh(): void {
    try {
      this.snapshot = historySnapshot(this.state);
      if (this.channel.ready) this.channel.post({ type: 'history/snapshot', snapshot: this.snapshot, state: this.state });
    } catch (e) {
      this.channel.post(failedMessage(e));
    }
  }

  private async onMessage(msg: Exclude<HistoryViewMsg, { type: 'view/ready' }>): Promise<void> {
    switch (msg.type) {
      case 'history/refresh':
        this.refresh();
        return;
      case 'history/export':
        if (this.snapshot) await openReportExport(this.snapshot, msg.format, { md: (s) => historyToMarkdown(s.trends, s.runs), html: (s) => historyToHtml(s.trends, s.runs), share: (s) => historyShareDoc(s.trends, s.runs) });
        return;
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }
}
