import { basename } from 'node:path';
import * as vscode from 'vscode';
import { explainToHtml } from '../../core/explain/explainHtml';
import { explainToMarkdown } from '../../core/explain/explainMarkdown';
import { explainDataset } from '../../core/explain/view/explainDataset';
import { InputError } from '../../core/errors';
import { requireTrustedModelAccess } from '../trust';
import { parseExplainViewMsg, type ExplainHostMsg, type ExplainPanelState, type ExplainSnapshot, type ExplainViewMsg } from '../../shared/explainProtocol';
import { getEngine, withCancellableProgress } from '../engineHost';
import { log, reportError } from '../log';
import { failedMessage, PanelChannel } from '../panels/panelChannel';
import { panelOptions, webviewHtml } from '../panels/webviewHtml';
import { openReportExport } from '../panels/exportReport';
import { explainShareDoc } from '../../core/share/shareDocs';

export const EXPLAIN_VIEW_TYPE = 'modelLens.explain';

/** Explaining runs the model: refused in a restricted (untrusted) workspace. */
export function requireTrust(action: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new InputError('UNTRUSTED_WORKSPACE', `${action} runs the model, which is disabled in Restricted Mode. Trust the workspace (Workspaces: Manage Workspace Trust) to ${action.toLowerCase()}.`, {});
  }
}

/** Explain a model on a dataset with progress and cancellation; row cap and interaction sample from settings. */
export async function computeExplanation(state: ExplainPanelState): Promise<ExplainSnapshot> {
  requireTrust('Explain on Dataset');
  const model = vscode.Uri.parse(state.modelUri);
  const data = vscode.Uri.parse(state.datasetUri);
  const cfg = vscode.workspace.getConfiguration('modelLens', data);
  const engine = await getEngine();
  return withCancellableProgress(`Model Lens: explaining ${basename(model.fsPath)} on ${basename(data.fsPath)}`, async (signal, report) => {
    const started = Date.now();
    const m = requireTrustedModelAccess('Explain on Dataset').read(model.fsPath);
    let x: Awaited<ReturnType<typeof explainDataset>>;
    try {
      x = await explainDataset(engine, m, basename(model.fsPath), data.fsPath, {
      maxRows: cfg.get<number>('explain.maxRows', 1000),
      interactionRows: cfg.get<number>('explain.interactionRows', 200),
      seed: cfg.get<number>('explain.seed', 0),
      focusRow: state.focusRow,
      signal,
      onProgress: report,
    });
    } finally {
      m.dispose?.();
    }
    log().info(`explained ${model.fsPath} on ${data.fsPath}: ${x.rows.explained} of ${x.rows.total} rows in ${Date.now() - started} ms (additivity ${x.doc.additivity.maxAbsError.toExponential(2)})`);
    return x;
  });
}

/** One panel per (model, dataset); asking again reveals it and moves its waterfall to the asked row. */
export class ExplainPanel {
  private static readonly open = new Map<string, ExplainPanel>();
  private static last: ExplainSnapshot | undefined;
  private snapshot: ExplainSnapshot | undefined;
  private readonly channel: PanelChannel<ExplainHostMsg, ExplainViewMsg>;

  private constructor(private readonly panel: vscode.WebviewPanel, private state: ExplainPanelState, extensionUri: vscode.Uri) {
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'explain', panel.title);
    // The snapshot is replayed from onReady (not PanelChannel.snapshot): focus() moves its row without re-posting it.
    this.channel = new PanelChannel(panel, 'explain panel', parseExplainViewMsg, (msg) => this.onMessage(msg), { onReady: () => this.replay() });
    const key = ExplainPanel.key(state);
    panel.onDidDispose(() => ExplainPanel.open.delete(key));
    ExplainPanel.open.set(key, this);
  }

  private static key(s: ExplainPanelState): string {
    return `${s.modelUri}\n${s.datasetUri}`;
  }

  private static title(s: ExplainPanelState): string {
    return `Explain: ${basename(vscode.Uri.parse(s.modelUri).fsPath)} on ${basename(vscode.Uri.parse(s.datasetUri).fsPath)}`;
  }

  static async show(extensionUri: vscode.Uri, state: ExplainPanelState): Promise<void> {
    const existing = ExplainPanel.open.get(ExplainPanel.key(state));
    const shown = existing?.snapshot?.doc.rows;
    if (existing && (state.focusRow === undefined || shown?.some((r) => r.index === state.focusRow))) {
      existing.panel.reveal();
      if (state.focusRow !== undefined) existing.focus(state.focusRow);
      return;
    }
    // The panel opens at once with a progress bar (it stayed blank, or did not open, while computing).
    let p = existing;
    if (p) p.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(EXPLAIN_VIEW_TYPE, ExplainPanel.title(state), vscode.ViewColumn.Active, panelOptions(extensionUri));
      p = new ExplainPanel(panel, state, extensionUri);
    }
    let snapshot: ExplainSnapshot;
    try {
      snapshot = await computeExplanation(state);
    } catch (e) {
      if (!existing) p.panel.dispose();
      throw e;
    }
    p.state = state;
    p.setSnapshot(snapshot);
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: ExplainPanelState | undefined): void {
    panel.webview.options = panelOptions(extensionUri);
    if (!state?.modelUri || !state.datasetUri) {
      panel.dispose();
      return;
    }
    void new ExplainPanel(panel, state, extensionUri).refresh();
  }

  /** For tests: the explanation the last updated panel shows, and the row its waterfall is on. */
  static current(): (ExplainSnapshot & { focusRow?: number }) | undefined {
    return ExplainPanel.last;
  }

  private focus(row: number): void {
    this.state = { ...this.state, focusRow: row };
    if (this.snapshot) {
      this.snapshot = { ...this.snapshot, focusRow: row };
      ExplainPanel.last = this.snapshot;
    }
    this.channel.post({ type: 'explain/focus', row });
  }

  private setSnapshot(s: ExplainSnapshot): void {
    this.snapshot = s;
    ExplainPanel.last = s;
    if (this.channel.ready) this.replay();
  }

  /** The current snapshot, with the row the waterfall is on now (on view/ready, the first and after each reload). */
  private replay(): void {
    if (this.snapshot) this.channel.post({ type: 'explain/snapshot', snapshot: this.snapshot, state: this.state });
  }

  private async refresh(): Promise<void> {
    this.channel.post({ type: 'explain/loading' });
    try {
      this.setSnapshot(await computeExplanation(this.state));
    } catch (e) {
      this.channel.post(failedMessage(e));
      await reportError('Explain on Dataset', e);
    }
  }

  private async onMessage(msg: Exclude<ExplainViewMsg, { type: 'view/ready' }>): Promise<void> {
    switch (msg.type) {
      case 'explain/refresh':
        return this.refresh();
      case 'explain/export': {
        if (!this.snapshot) return;
        await openReportExport(this.snapshot.doc, msg.format, { md: explainToMarkdown, html: explainToHtml, share: explainShareDoc }, 1);
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }
}
