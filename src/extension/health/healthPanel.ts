import { basename } from 'node:path';
import * as vscode from 'vscode';
import { healthToHtml, healthToMarkdown } from '../../core/health/healthRender';
import { HEALTH_CHECKS } from '../../core/health/registry';
import type { HealthReport } from '../../core/health/types';
import { parseHealthViewMsg, type HealthHostMsg, type HealthPanelState, type HealthViewMsg } from '../../shared/healthProtocol';
import { reportError } from '../log';
import { failedMessage, PanelChannel } from '../panels/panelChannel';
import { panelOptions, webviewHtml } from '../panels/webviewHtml';
import { openReportExport } from '../panels/exportReport';
import { healthShareDoc } from '../../core/share/shareDocs';

export const HEALTH_VIEW_TYPE = 'modelLens.health';

/** One panel per dataset: pass/warn/fail per check and per column, with the evidence (baseline against now). */
export class HealthPanel {
  private static readonly open = new Map<string, HealthPanel>();
  private report: HealthReport | undefined;
  private readonly channel: PanelChannel<HealthHostMsg, HealthViewMsg>;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly uri: vscode.Uri, ext: vscode.Uri, private readonly recheck: (uri: vscode.Uri) => Promise<HealthReport | undefined>) {
    panel.webview.html = webviewHtml(panel.webview, ext, 'health', `Health: ${basename(uri.fsPath)}`);
    this.channel = new PanelChannel(panel, 'health panel', parseHealthViewMsg, (msg) => this.onMessage(msg));
    panel.onDidDispose(() => HealthPanel.open.delete(uri.toString()));
    HealthPanel.open.set(uri.toString(), this);
  }

  static show(ext: vscode.Uri, uri: vscode.Uri, report: HealthReport, recheck: (uri: vscode.Uri) => Promise<HealthReport | undefined>): void {
    let p = HealthPanel.open.get(uri.toString());
    if (p) p.panel.reveal();
    else p = new HealthPanel(vscode.window.createWebviewPanel(HEALTH_VIEW_TYPE, `Health: ${basename(uri.fsPath)}`, vscode.ViewColumn.Active, panelOptions(ext)), uri, ext, recheck);
    p.setReport(report);
  }

  /** After a window reload: re-check the persisted dataset. */
  static revive(panel: vscode.WebviewPanel, ext: vscode.Uri, state: HealthPanelState | undefined, recheck: (uri: vscode.Uri) => Promise<HealthReport | undefined>): void {
    panel.webview.options = panelOptions(ext);
    if (!state?.fileUri) {
      panel.dispose();
      return;
    }
    void new HealthPanel(panel, vscode.Uri.parse(state.fileUri), ext, recheck).refresh();
  }

  /** The report a panel shows for a dataset (tests). */
  static current(uri: vscode.Uri): HealthReport | undefined {
    return HealthPanel.open.get(uri.toString())?.report;
  }

  /** Updates an open panel after a background check. */
  static update(uri: vscode.Uri, report: HealthReport): void {
    HealthPanel.open.get(uri.toString())?.setReport(report);
  }

  private setReport(report: HealthReport): void {
    this.report = report;
    this.channel.snapshot({ type: 'health/snapshot', report, state: { fileUri: this.uri.toString() }, titles: Object.fromEntries(HEALTH_CHECKS.map((c) => [c.id, c.title])) });
  }

  private async refresh(): Promise<void> {
    this.channel.post({ type: 'health/loading' });
    try {
      const r = await this.recheck(this.uri);
      if (r) this.setReport(r);
      else this.channel.post({ type: 'analysis/failed', message: `${basename(this.uri.fsPath)} has no health baseline any more (or the check was cancelled).` });
    } catch (e) {
      this.channel.post(failedMessage(e));
      await reportError('Check Pipeline Health', e);
    }
  }

  private async onMessage(msg: Exclude<HealthViewMsg, { type: 'view/ready' }>): Promise<void> {
    switch (msg.type) {
      case 'health/refresh':
        return this.refresh();
      case 'health/export': {
        if (!this.report) return;
        await openReportExport(this.report, msg.format, { md: healthToMarkdown, html: healthToHtml, share: healthShareDoc });
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }
}
