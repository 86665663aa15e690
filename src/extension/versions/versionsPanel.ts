import * as vscode from 'vscode';
import { diffModels, type VersionDiff } from '../../core/versions/diffModels';
import type { ModelVersion } from '../../core/versions/types';
import { versionsToHtml } from '../../core/versions/versionsHtml';
import { versionsToMarkdown } from '../../core/versions/versionsMarkdown';
import { parseVersionsViewMsg, type VersionsHostMsg, type VersionsPanelState, type VersionsViewMsg } from '../../shared/versionsProtocol';
import { getEngine, withCancellableProgress } from '../engineHost';
import { log, reportError } from '../log';
import { failedMessage, PanelChannel } from '../panels/panelChannel';
import { panelOptions, webviewHtml } from '../panels/webviewHtml';
import { evaluationChoice } from './evaluationChoice';
import { modelKey, openVersion, refLabel } from './versionRefs';
import { openReportExport } from '../panels/exportReport';
import { comparisonShareDoc } from '../../core/share/shareDocs';
import { modelViewAccess, requireTrustedModelAccess } from '../trust';

export const VERSIONS_VIEW_TYPE = 'modelLens.versions';

/** Open both versions, compare them (on the evaluation dataset when one is chosen), clean temp copies up. */
export async function computeDiff(state: VersionsPanelState): Promise<VersionDiff> {
  return withCancellableProgress(`Model Lens: comparing ${refLabel(state.a)} with ${refLabel(state.b)}`, async (signal, report) => {
    const opened: ModelVersion[] = [];
    try {
      report(0.02, 'reading the versions');
      opened.push(await openVersion(state.a));
      opened.push(await openVersion(state.b));
      const { data, label } = state.evaluation;
      const draws = vscode.workspace.getConfiguration('modelLens').get<number>('versions.bootstrapDraws', 500);
      const started = Date.now();
      const d = await diffModels(opened[0]!, opened[1]!, {
        // Evaluating on a dataset runs both models (trusted only); comparing files alone just parses them.
        models: data ? requireTrustedModelAccess('Comparing model versions on a dataset') : modelViewAccess(),
        signal, draws, seed: 0, onProgress: (f, m) => report(0.05 + 0.9 * f, m),
        ...(data ? { data, engine: await getEngine() } : {}), ...(label ? { label } : {}),
      });
      log().info(`versions: ${d.a.label} vs ${d.b.label}${data ? ` on ${data}` : ''} in ${Date.now() - started} ms: ${d.verdict.text}`);
      return d;
    } finally {
      for (const v of opened) v.dispose?.();
    }
  });
}

const keyOf = (s: VersionsPanelState): string => JSON.stringify([s.a, s.b]);

/** One panel per pair of versions: A on the left, B on the right, the verdict first. */
export class VersionsPanel {
  private static readonly open = new Map<string, VersionsPanel>();
  private static lastDiff: VersionDiff | undefined;
  private diff: VersionDiff | undefined;
  private readonly channel: PanelChannel<VersionsHostMsg, VersionsViewMsg>;

  private constructor(private readonly panel: vscode.WebviewPanel, private state: VersionsPanelState, ext: vscode.Uri, private readonly context: vscode.ExtensionContext) {
    panel.webview.html = webviewHtml(panel.webview, ext, 'versions', VersionsPanel.title(state));
    this.channel = new PanelChannel(panel, 'versions panel', parseVersionsViewMsg, (msg) => this.onMessage(msg));
    panel.onDidDispose(() => VersionsPanel.open.delete(keyOf(this.state)));
    VersionsPanel.open.set(keyOf(state), this);
  }

  private static title(s: VersionsPanelState): string {
    return `Compare: ${refLabel(s.a)} ↔ ${refLabel(s.b)}`;
  }

  static async show(ext: vscode.Uri, context: vscode.ExtensionContext, state: VersionsPanelState): Promise<VersionDiff> {
    const diff = await computeDiff(state);
    let p = VersionsPanel.open.get(keyOf(state));
    if (p) {
      p.state = state;
      p.panel.reveal();
    } else {
      p = new VersionsPanel(vscode.window.createWebviewPanel(VERSIONS_VIEW_TYPE, VersionsPanel.title(state), vscode.ViewColumn.Active, panelOptions(ext)), state, ext, context);
    }
    p.setDiff(diff);
    return diff;
  }

  static revive(panel: vscode.WebviewPanel, ext: vscode.Uri, context: vscode.ExtensionContext, state: VersionsPanelState | undefined): void {
    panel.webview.options = panelOptions(ext);
    if (!state?.a || !state.b) {
      panel.dispose();
      return;
    }
    void new VersionsPanel(panel, { ...state, evaluation: state.evaluation ?? {} }, ext, context).refresh();
  }

  /** The comparison shown most recently (for tests through ModelLensApi). */
  static last(): VersionDiff | undefined {
    return VersionsPanel.lastDiff;
  }

  private setDiff(diff: VersionDiff): void {
    this.diff = diff;
    VersionsPanel.lastDiff = diff;
    this.channel.snapshot({ type: 'versions/snapshot', diff, state: this.state });
  }

  private async refresh(): Promise<void> {
    this.channel.post({ type: 'versions/loading' });
    try {
      this.panel.title = VersionsPanel.title(this.state);
      this.setDiff(await computeDiff(this.state));
    } catch (e) {
      this.channel.post(failedMessage(e));
      await reportError('compare model versions', e);
    }
  }

  private async onMessage(msg: Exclude<VersionsViewMsg, { type: 'view/ready' }>): Promise<void> {
    switch (msg.type) {
      case 'versions/refresh':
        return this.refresh();
      case 'versions/swap': {
        VersionsPanel.open.delete(keyOf(this.state));
        this.state = { ...this.state, a: this.state.b, b: this.state.a };
        VersionsPanel.open.set(keyOf(this.state), this);
        return this.refresh();
      }
      case 'versions/chooseData': {
        const choice = await evaluationChoice(this.context, modelKey(this.state.b), true);
        if (!choice) return;
        this.state = { ...this.state, evaluation: choice };
        return this.refresh();
      }
      case 'versions/export': {
        if (!this.diff) return;
        await openReportExport(this.diff, msg.format, { md: versionsToMarkdown, html: versionsToHtml, share: comparisonShareDoc });
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }
}
