import { basename } from 'node:path';
import * as vscode from 'vscode';
import { audit, type AuditOptions } from '../../core/bias/audit';
import { biasToHtml } from '../../core/bias/biasHtml';
import { biasToMarkdown } from '../../core/bias/biasMarkdown';
import { DEFAULT_FAIL_ON, evaluateChecks, parseFailOn } from '../../core/bias/checks';
import { loadDataset } from '../../core/data/loadDataset';
import { parseBiasViewMsg, type BiasAuditChoices, type BiasHostMsg, type BiasPanelState, type BiasViewMsg } from '../../shared/protocol';
import { getEngine, withCancellableProgress } from '../engineHost';
import { log, reportError } from '../log';
import { failedMessage, PanelChannel } from './panelChannel';
import { panelOptions, webviewHtml } from './webviewHtml';
import { openReportExport } from './exportReport';
import { biasShareDoc } from '../../core/share/shareDocs';

export const BIAS_VIEW_TYPE = 'modelLens.bias';
type Checked = Extract<BiasHostMsg, { type: 'bias/snapshot' }>['report'];

/** Run the audit with bootstrap intervals (200 seeded draws) and the four-fifths check. */
export async function computeBias(uri: vscode.Uri, c: BiasAuditChoices): Promise<Checked> {
  const engine = await getEngine();
  return withCancellableProgress(`Model Lens: bias audit of ${basename(uri.fsPath)}`, async (signal, report) => {
    const ds = await loadDataset(engine, uri.fsPath, { signal });
    try {
      report(0.3, 'counting per group');
      const options: AuditOptions = {
        dataset: vscode.workspace.asRelativePath(uri), sensitive: c.sensitive, label: c.label,
        ...(c.prediction ? { prediction: c.prediction } : {}),
        ...(c.score ? { score: c.score, threshold: c.threshold ?? 0.5 } : {}),
        ...(c.favorable !== undefined ? { favorable: c.favorable } : {}),
        ...(c.privileged ? { privileged: c.privileged } : {}),
        bootstrap: { draws: vscode.workspace.getConfiguration('modelLens').get<number>('biasAudit.bootstrapDraws', 200), seed: 0 },
      };
      const started = Date.now();
      const r = await audit((sql) => engine.run(sql, { signal }), ds.relation, options);
      log().info(`bias audit of ${uri.fsPath}: ${r.attributes.length} attribute sets in ${Date.now() - started} ms`);
      return { ...r, checks: evaluateChecks(r, [parseFailOn(DEFAULT_FAIL_ON)]) };
    } finally {
      await ds.release();
    }
  });
}

/** One panel per file; running the audit again with other choices replaces its content. */
export class BiasPanel {
  private static readonly open = new Map<string, BiasPanel>();
  private report: Checked | undefined;
  private readonly channel: PanelChannel<BiasHostMsg, BiasViewMsg>;

  private constructor(private readonly panel: vscode.WebviewPanel, private state: BiasPanelState, ext: vscode.Uri) {
    panel.webview.html = webviewHtml(panel.webview, ext, 'bias', `Bias audit: ${basename(vscode.Uri.parse(state.fileUri).fsPath)}`);
    this.channel = new PanelChannel(panel, 'bias panel', parseBiasViewMsg, (msg) => this.onMessage(msg));
    panel.onDidDispose(() => BiasPanel.open.delete(state.fileUri));
    BiasPanel.open.set(state.fileUri, this);
  }

  static async show(ext: vscode.Uri, uri: vscode.Uri, choices: BiasAuditChoices): Promise<Checked> {
    const report = await computeBias(uri, choices);
    const state = { fileUri: uri.toString(), choices };
    let p = BiasPanel.open.get(state.fileUri);
    if (p) {
      p.state = state;
      p.panel.reveal();
    } else {
      p = new BiasPanel(vscode.window.createWebviewPanel(BIAS_VIEW_TYPE, `Bias audit: ${basename(uri.fsPath)}`, vscode.ViewColumn.Active, panelOptions(ext)), state, ext);
    }
    p.setReport(report);
    return report;
  }

  static revive(panel: vscode.WebviewPanel, ext: vscode.Uri, state: BiasPanelState | undefined): void {
    panel.webview.options = panelOptions(ext);
    if (!state?.fileUri || !state.choices) {
      panel.dispose();
      return;
    }
    void new BiasPanel(panel, state, ext).refresh();
  }

  static current(uri: vscode.Uri): Checked | undefined {
    return BiasPanel.open.get(uri.toString())?.report;
  }

  private setReport(report: Checked): void {
    this.report = report;
    this.channel.snapshot({ type: 'bias/snapshot', report, state: this.state });
  }

  private async refresh(): Promise<void> {
    this.channel.post({ type: 'bias/loading' });
    try {
      this.setReport(await computeBias(vscode.Uri.parse(this.state.fileUri), this.state.choices));
    } catch (e) {
      this.channel.post(failedMessage(e));
      await reportError('bias audit', e);
    }
  }

  private async onMessage(msg: Exclude<BiasViewMsg, { type: 'view/ready' }>): Promise<void> {
    switch (msg.type) {
      case 'bias/refresh':
        return this.refresh();
      case 'bias/export': {
        if (!this.report) return;
        await openReportExport(this.report, msg.format, { md: biasToMarkdown, html: biasToHtml, share: biasShareDoc });
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }
}
