import { basename } from 'node:path';
import * as vscode from 'vscode';
import { abtestToHtml } from '../../core/abtest/abtestHtml';
import { abtestToMarkdown } from '../../core/abtest/abtestMarkdown';
import { analyseAbtest } from '../../core/abtest/analyse';
import type { AbtestReport } from '../../core/abtest/types';
import { loadDataset } from '../../core/data/loadDataset';
import { parseAbtestViewMsg, type AbtestChoices, type AbtestHostMsg, type AbtestPanelState, type AbtestViewMsg } from '../../shared/abtestProtocol';
import { getEngine, withCancellableProgress } from '../engineHost';
import { log, reportError } from '../log';
import { failedMessage, PanelChannel } from '../panels/panelChannel';
import { panelOptions, webviewHtml } from '../panels/webviewHtml';
import { openReportExport } from '../panels/exportReport';
import { abtestShareDoc } from '../../core/share/shareDocs';

export const ABTEST_VIEW_TYPE = 'modelLens.abtest';

/** Load the file and analyse it, with a cancellable progress notification. */
export async function computeAbtest(uri: vscode.Uri, c: AbtestChoices): Promise<AbtestReport> {
  const engine = await getEngine();
  return withCancellableProgress(`Model Lens: A/B test ${basename(uri.fsPath)}`, async (signal, report) => {
    const ds = await loadDataset(engine, uri.fsPath, { signal });
    try {
      report(0.3, 'comparing variants');
      const started = Date.now();
      const r = await analyseAbtest((sql) => engine.run(sql, { signal }), ds.relation, ds.columns, { dataset: vscode.workspace.asRelativePath(uri), ...c }, signal);
      log().info(`A/B test of ${uri.fsPath}: ${r.metrics.length + r.guardrails.length} comparisons in ${Date.now() - started} ms; decision ${r.decision.action}`);
      return r;
    } finally {
      await ds.release();
    }
  });
}

/** One panel per file; analysing again with other choices replaces its content. */
export class AbtestPanel {
  private static readonly open = new Map<string, AbtestPanel>();
  private report: AbtestReport | undefined;
  private readonly channel: PanelChannel<AbtestHostMsg, AbtestViewMsg>;

  private constructor(private readonly panel: vscode.WebviewPanel, private state: AbtestPanelState, ext: vscode.Uri) {
    panel.webview.html = webviewHtml(panel.webview, ext, 'abtest', `A/B test: ${basename(vscode.Uri.parse(state.fileUri).fsPath)}`);
    this.channel = new PanelChannel(panel, 'A/B test panel', parseAbtestViewMsg, (msg) => this.onMessage(msg));
    panel.onDidDispose(() => AbtestPanel.open.delete(state.fileUri));
    AbtestPanel.open.set(state.fileUri, this);
  }

  static async show(ext: vscode.Uri, uri: vscode.Uri, choices: AbtestChoices): Promise<AbtestReport> {
    const report = await computeAbtest(uri, choices);
    const state = { fileUri: uri.toString(), choices };
    let p = AbtestPanel.open.get(state.fileUri);
    if (p) {
      p.state = state;
      p.panel.reveal();
    } else {
      p = new AbtestPanel(vscode.window.createWebviewPanel(ABTEST_VIEW_TYPE, `A/B test: ${basename(uri.fsPath)}`, vscode.ViewColumn.Active, panelOptions(ext)), state, ext);
    }
    p.setReport(report);
    return report;
  }

  static revive(panel: vscode.WebviewPanel, ext: vscode.Uri, state: AbtestPanelState | undefined): void {
    panel.webview.options = panelOptions(ext);
    if (!state?.fileUri || !state.choices) {
      panel.dispose();
      return;
    }
    void new AbtestPanel(panel, state, ext).refresh();
  }

  private setReport(report: AbtestReport): void {
    this.report = report;
    this.channel.snapshot({ type: 'abtest/snapshot', report, state: this.state });
  }

  private async refresh(): Promise<void> {
    this.channel.post({ type: 'abtest/loading' });
    try {
      this.setReport(await computeAbtest(vscode.Uri.parse(this.state.fileUri), this.state.choices));
    } catch (e) {
      this.channel.post(failedMessage(e));
      await reportError('A/B test', e);
    }
  }

  private async onMessage(msg: Exclude<AbtestViewMsg, { type: 'view/ready' }>): Promise<void> {
    switch (msg.type) {
      case 'abtest/refresh':
        return this.refresh();
      case 'abtest/export': {
        if (!this.report) return;
        await openReportExport(this.report, msg.format, { md: abtestToMarkdown, html: abtestToHtml, share: abtestShareDoc });
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }
}
