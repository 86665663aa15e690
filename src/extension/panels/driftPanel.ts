import { basename } from 'node:path';
import * as vscode from 'vscode';
import { openDriftDatasets } from '../../core/drift/openDriftDatasets';
import type { Dataset } from '../../core/data/dataset';
import type { DriftReport } from '../../core/drift/driftReport';
import { driftToHtml } from '../../core/drift/driftHtml';
import { driftToMarkdown } from '../../core/drift/driftMarkdown';
import { runDrift } from '../../core/drift/runDrift';
import { parseDriftViewMsg, type DriftHostMsg, type DriftPanelState, type DriftViewMsg } from '../../shared/protocol';
import { getEngine, withCancellableProgress } from '../engineHost';
import { log, reportError } from '../log';
import { failedMessage, PanelChannel } from './panelChannel';
import { panelOptions, webviewHtml } from './webviewHtml';
import { openReportExport } from './exportReport';
import { driftShareDoc } from '../../core/share/shareDocs';

export const DRIFT_VIEW_TYPE = 'modelLens.drift';

function title(state: DriftPanelState): string {
  const ref = basename(vscode.Uri.parse(state.referenceUri).fsPath);
  if (!state.currentUri) return `Drift over time: ${ref}`;
  return `Drift: ${ref} → ${basename(vscode.Uri.parse(state.currentUri).fsPath)}`;
}

/** Load both files and run the drift analysis with progress and cancellation. */
export async function computeDrift(state: DriftPanelState): Promise<DriftReport> {
  const engine = await getEngine();
  return withCancellableProgress(`Model Lens: ${title(state)}`, async (signal, report) => {
    const opened: Dataset[] = [];
    try {
      report(0.05, 'reading the reference');
      const [ref] = await openDriftDatasets(engine, [vscode.Uri.parse(state.referenceUri).fsPath], { signal });
      opened.push(ref!);
      let cur: Dataset | undefined;
      if (state.currentUri) {
        report(0.25, 'reading the current data');
        [cur] = await openDriftDatasets(engine, [vscode.Uri.parse(state.currentUri).fsPath], { signal });
        opened.push(cur!);
      }
      report(0.45, 'running the drift tests');
      const started = Date.now();
      const result = await runDrift(engine, ref!, cur, state.settings, { signal, onProgress: (f) => report(0.45 + 0.55 * f) });
      log().info(`drift ${title(state)}: ${result.dataset.driftedColumns}/${result.dataset.totalColumns} columns drifted in ${Date.now() - started} ms`);
      return result;
    } finally {
      for (const d of opened) await d.release();
    }
  });
}

/** One panel per (reference, current, settings); the host owns the report, the webview renders it. */
export class DriftPanel {
  private static readonly open = new Map<string, DriftPanel>();
  private report: DriftReport | undefined;
  private readonly channel: PanelChannel<DriftHostMsg, DriftViewMsg>;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly state: DriftPanelState, extensionUri: vscode.Uri) {
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'drift', title(state));
    this.channel = new PanelChannel(panel, 'drift panel', parseDriftViewMsg, (msg) => this.onMessage(msg));
    panel.onDidDispose(() => DriftPanel.open.delete(DriftPanel.key(state)));
    DriftPanel.open.set(DriftPanel.key(state), this);
  }

  private static key(s: DriftPanelState): string {
    return JSON.stringify([s.referenceUri, s.currentUri ?? null, s.settings]);
  }

  static async show(extensionUri: vscode.Uri, state: DriftPanelState): Promise<void> {
    const report = await computeDrift(state);
    let p = DriftPanel.open.get(DriftPanel.key(state));
    if (p) p.panel.reveal();
    else p = new DriftPanel(vscode.window.createWebviewPanel(DRIFT_VIEW_TYPE, title(state), vscode.ViewColumn.Active, panelOptions(extensionUri)), state, extensionUri);
    p.setReport(report);
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: DriftPanelState | undefined): void {
    panel.webview.options = panelOptions(extensionUri);
    if (!state?.referenceUri) {
      panel.dispose();
      return;
    }
    void new DriftPanel(panel, state, extensionUri).refresh();
  }

  /** For tests: the report a panel shows for this reference (and current). */
  static current(referenceUri: vscode.Uri, currentUri?: vscode.Uri): DriftReport | undefined {
    for (const p of DriftPanel.open.values()) {
      if (p.state.referenceUri === referenceUri.toString() && p.state.currentUri === currentUri?.toString()) return p.report;
    }
    return undefined;
  }

  private setReport(report: DriftReport): void {
    this.report = report;
    this.channel.snapshot({ type: 'drift/snapshot', report, state: this.state });
  }

  private async refresh(): Promise<void> {
    this.channel.post({ type: 'drift/loading' });
    try {
      this.setReport(await computeDrift(this.state));
    } catch (e) {
      this.channel.post(failedMessage(e));
      await reportError('drift', e);
    }
  }

  private async onMessage(msg: Exclude<DriftViewMsg, { type: 'view/ready' }>): Promise<void> {
    switch (msg.type) {
      case 'drift/refresh':
        return this.refresh();
      case 'drift/export': {
        if (!this.report) return;
        await openReportExport(this.report, msg.format, { md: driftToMarkdown, html: driftToHtml, share: driftShareDoc });
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }
}
