import { basename } from 'node:path';
import * as vscode from 'vscode';
import { loadDataset } from '../../core/data/loadDataset';
import { profileDataset } from '../../core/profile/profileDataset';
import type { DatasetProfile } from '../../core/profile/types';
import { parseProfileViewMsg, type ProfileHostMsg, type ProfilePanelState } from '../../shared/protocol';
import { profileToMarkdown } from '../../core/profile/profileMarkdown';
import { getEngine, withCancellableProgress } from '../engineHost';
import { log, reportError } from '../log';
import { panelOptions, webviewHtml } from './webviewHtml';
import { parseProfileExplainViewMsg, type ProfileExplainHostMsg } from '../../shared/explainProtocol';
import { configuredModel } from '../models/lastModel';
import { openReportExport } from './exportReport';
import { isTableUri } from '../warehouse/tableUri';
import { computeTableProfile } from '../warehouse/tableProfile';
import { profileShareDoc } from '../../core/share/shareDocs';
import { profileExactOptions } from '../commands/profileExact';

export const PROFILE_VIEW_TYPE = 'modelLens.profile';

/** Profile a file with progress and cancellation. */
export async function computeProfile(uri: vscode.Uri): Promise<DatasetProfile> {
  if (isTableUri(uri)) return computeTableProfile(uri); // a warehouse table: computed where it lives
  const engine = await getEngine();
  return withCancellableProgress(`Model Lens: profiling ${basename(uri.fsPath)}`, async (signal, report) => {
    const started = Date.now();
    const ds = await loadDataset(engine, uri.fsPath, { signal, onProgress: (f) => report(0.5 * f, 'reading') });
    try {
      const profile = await profileDataset(engine, ds, { signal, ...profileExactOptions(), onProgress: (f) => report(0.5 + 0.5 * f, 'computing statistics') });
      log().info(`profiled ${uri.fsPath}: ${profile.rows} rows × ${profile.columnCount} columns in ${Date.now() - started} ms`);
      return profile;
    } finally {
      await ds.release();
    }
  });
}

/** One panel per dataset file; asking again for the same file reveals and refreshes it. */
export class ProfilePanel {
  private static readonly open = new Map<string, ProfilePanel>();
  private profile: DatasetProfile | undefined;
  private ready = false;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly uri: vscode.Uri, extensionUri: vscode.Uri) {
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'profile', `Profile: ${basename(uri.fsPath)}`);
    panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw));
    panel.onDidDispose(() => ProfilePanel.open.delete(uri.toString()));
    ProfilePanel.open.set(uri.toString(), this);
  }

  static async show(extensionUri: vscode.Uri, uri: vscode.Uri): Promise<void> {
    const profile = await computeProfile(uri);
    let p = ProfilePanel.open.get(uri.toString());
    if (p) p.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(PROFILE_VIEW_TYPE, `Profile: ${basename(uri.fsPath)}`, vscode.ViewColumn.Active, panelOptions(extensionUri));
      p = new ProfilePanel(panel, uri, extensionUri);
    }
    p.setProfile(profile);
  }

  /** Restore a panel after a window reload: recompute from the persisted file URI. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, state: ProfilePanelState | undefined): void {
    panel.webview.options = panelOptions(extensionUri);
    if (!state?.fileUri) {
      panel.dispose();
      return;
    }
    const uri = vscode.Uri.parse(state.fileUri);
    const p = new ProfilePanel(panel, uri, extensionUri);
    void p.refresh();
  }

  /** For tests and commands: the profile currently shown in the panel for a file. */
  static current(uri: vscode.Uri): DatasetProfile | undefined {
    return ProfilePanel.open.get(uri.toString())?.profile;
  }

  private setProfile(profile: DatasetProfile): void {
    this.profile = profile;
    if (this.ready) this.post({ type: 'profile/snapshot', profile, fileUri: this.uri.toString() });
    this.postExplainModel();
  }

  /** Re-announce the configured model to every open profile panel (after an explanation or a settings change). */
  static notifyExplainModels(): void {
    for (const p of ProfilePanel.open.values()) p.postExplainModel();
  }

  /** Offer "Explain this row" when a model is configured for this dataset (trusted workspaces only). */
  private postExplainModel(): void {
    if (!this.ready) return;
    const { model, reason } = configuredModel(this.uri);
    const msg: ProfileExplainHostMsg = { type: 'profile/explainModel', model: model ? basename(model.fsPath) : null, ...(reason ? { reason } : {}) };
    void this.panel.webview.postMessage(msg);
  }

  private async explainRow(row: number): Promise<void> {
    const { model, reason } = configuredModel(this.uri);
    if (!model) {
      void vscode.window.showWarningMessage(`Model Lens: ${reason ?? 'no model configured.'}`);
      return;
    }
    await vscode.commands.executeCommand('modelLens.explainModel', model, this.uri, { focusRow: row });
  }

  private async refresh(): Promise<void> {
    this.post({ type: 'profile/loading', path: this.uri.fsPath });
    try {
      this.setProfile(await computeProfile(this.uri));
    } catch (e) {
      this.post({ type: 'analysis/failed', message: e instanceof Error ? e.message : String(e), ...(hasCode(e) ? { code: e.code } : {}) });
      await reportError('profile', e);
    }
  }

  private post(msg: ProfileHostMsg): void {
    void this.panel.webview.postMessage(msg);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const explain = parseProfileExplainViewMsg(raw);
    if (explain) return this.explainRow(explain.row);
    const msg = parseProfileViewMsg(raw);
    if (!msg) {
      log().warn(`profile panel: ignored malformed message ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (msg.type) {
      case 'view/ready':
        this.ready = true;
        if (this.profile) this.post({ type: 'profile/snapshot', profile: this.profile, fileUri: this.uri.toString() });
        this.postExplainModel();
        return;
      case 'profile/refresh':
        return this.refresh();
      case 'profile/export':
        return this.export(msg.format);
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  private async export(format: 'md' | 'json' | 'share'): Promise<void> {
    if (!this.profile) return;
    await openReportExport(this.profile, format, { md: profileToMarkdown, share: profileShareDoc });
  }
}

function hasCode(e: unknown): e is { code: string } {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}
