import { basename } from 'node:path';
import * as vscode from 'vscode';
import { loadDataset } from '../../core/data/loadDataset';
import { profileDataset } from '../../core/profile/profileDataset';
import type { ColumnProfile, DatasetProfile } from '../../core/profile/types';
import { CancelledError } from '../../core/errors';
import { parseProfileViewMsg, type ProfileHostMsg, type ProfilePanelState, type ProfileViewMsg } from '../../shared/protocol';
import { profileToMarkdown } from '../../core/profile/profileMarkdown';
import { getEngine, withCancellableProgress } from '../engineHost';
import { log, reportError } from '../log';
import { panelOptions, webviewHtml } from './webviewHtml';
import { parseProfileExplainViewMsg, type ProfileExplainHostMsg, type ProfileExplainViewMsg } from '../../shared/explainProtocol';
import { failedMessage, PanelChannel } from './panelChannel';
import { configuredModel } from '../models/lastModel';
import { openReportExport } from './exportReport';
import { isTableUri } from '../warehouse/tableUri';
import { computeTableProfile } from '../warehouse/tableProfile';
import { profileShareDoc } from '../../core/share/shareDocs';
import { profileExactOptions } from '../commands/profileExact';

export const PROFILE_VIEW_TYPE = 'modelLens.profile';

/** The profile panel's messages: its own and "Explain this row" (explainProtocol). */
const parseMessage = (raw: unknown): ProfileViewMsg | ProfileExplainViewMsg | undefined => parseProfileExplainViewMsg(raw) ?? parseProfileViewMsg(raw);

/** What a streaming caller (the panel) hears while a profile runs, and its own way to stop the run. */
export interface ProfileStreamHooks {
  signal?: AbortSignal;
  onProgress?: (fraction: number, stage: string, total?: number) => void;
  onColumns?: (columns: readonly ColumnProfile[], start: number, total: number) => void;
}

/** Profile a file with progress and cancellation; `hooks` receive each finished column batch (streaming). */
export async function computeProfile(uri: vscode.Uri, hooks: ProfileStreamHooks = {}): Promise<DatasetProfile> {
  if (isTableUri(uri)) return computeTableProfile(uri); // a warehouse table: computed where it lives
  const engine = await getEngine();
  return withCancellableProgress(`Model Lens: profiling ${basename(uri.fsPath)}`, async (token, report) => {
    const signal = hooks.signal ? AbortSignal.any([token, hooks.signal]) : token;
    const started = Date.now();
    const tell = (fraction: number, stage: string, total?: number) => {
      report(fraction, stage);
      hooks.onProgress?.(fraction, stage, total);
    };
    const ds = await loadDataset(engine, uri.fsPath, { signal, allowFileView: true, wideParquet: true, onProgress: (f) => tell(0.5 * f, 'reading the file') });
    try {
      const total = ds.columns.length;
      const onColumns = hooks.onColumns;
      const profile = await profileDataset(engine, ds, {
        signal, ...profileExactOptions(), onProgress: (f) => tell(0.5 + 0.5 * f, 'computing statistics', total),
        ...(onColumns ? { onColumns: (cols: readonly ColumnProfile[], start: number) => onColumns(cols, start, total) } : {}),
      });
      if (signal.aborted) throw new CancelledError();
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
  private readonly channel: PanelChannel<ProfileHostMsg | ProfileExplainHostMsg, ProfileViewMsg | ProfileExplainViewMsg>;
  /** The run in progress: its stop switch and what it has streamed so far (replayed to a view that loads late). */
  private abort: AbortController | undefined;
  private stream: { columns: ColumnProfile[]; total?: number; fraction: number; stage: string } | undefined;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly uri: vscode.Uri, extensionUri: vscode.Uri) {
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'profile', `Profile: ${basename(uri.fsPath)}`);
    this.channel = new PanelChannel(panel, 'profile panel', parseMessage, (msg) => this.onMessage(msg), { onReady: () => this.onReady() });
    panel.onDidDispose(() => {
      this.abort?.abort(); // a closed panel stops its run
      ProfilePanel.open.delete(uri.toString());
    });
    ProfilePanel.open.set(uri.toString(), this);
  }

  /**
   * Opens the panel at once and streams the profile into it, batch by batch. A file that cannot be read closes
   * the new panel again and throws (the command shows the error), as before streaming.
   */
  static async show(extensionUri: vscode.Uri, uri: vscode.Uri): Promise<void> {
    let p = ProfilePanel.open.get(uri.toString());
    if (p) p.panel.reveal();
    else {
      const panel = vscode.window.createWebviewPanel(PROFILE_VIEW_TYPE, `Profile: ${basename(uri.fsPath)}`, vscode.ViewColumn.Active, panelOptions(extensionUri));
      p = new ProfilePanel(panel, uri, extensionUri);
    }
    await p.run(true);
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

  /** Re-announce the configured model to every open profile panel (after an explanation or a settings change). */
  static notifyExplainModels(): void {
    for (const p of ProfilePanel.open.values()) p.postExplainModel();
  }

  /** Offer "Explain this row" when a model is configured for this dataset (trusted workspaces only). */
  private postExplainModel(): void {
    if (!this.channel.ready) return;
    const { model, reason } = configuredModel(this.uri);
    this.channel.post({ type: 'profile/explainModel', model: model ? basename(model.fsPath) : null, ...(reason ? { reason } : {}) });
  }

  private async explainRow(row: number): Promise<void> {
    const { model, reason } = configuredModel(this.uri);
    if (!model) {
      void vscode.window.showWarningMessage(`Model Lens: ${reason ?? 'no model configured.'}`);
      return;
    }
    await vscode.commands.executeCommand('modelLens.explainModel', model, this.uri, { focusRow: row });
  }

  private refresh(): Promise<void> {
    return this.run(false);
  }

  /** One streamed run; a newer run (Refresh) or Cancel stops it. `rethrow`: the caller reports errors. */
  private async run(rethrow: boolean): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const live = () => this.abort === abort;
    this.stream = { columns: [], fraction: 0, stage: 'reading the file' };
    this.channel.post({ type: 'profile/loading', path: this.uri.fsPath });
    let lastProgress = 0;
    try {
      const profile = await computeProfile(this.uri, {
        signal: abort.signal,
        onProgress: (fraction, stage, total) => {
          if (!live() || !this.stream) return;
          Object.assign(this.stream, { fraction, stage, ...(total !== undefined ? { total } : {}) });
          if (Date.now() - lastProgress < 200) return; // at most five a second
          lastProgress = Date.now();
          if (this.channel.ready) this.channel.post({ type: 'profile/progress', fraction, stage, ...(total !== undefined ? { total } : {}) });
        },
        onColumns: (columns, start, total) => {
          if (!live() || !this.stream) return;
          this.stream.columns.splice(start, columns.length, ...columns);
          this.stream.total = total;
          if (this.channel.ready) this.channel.post({ type: 'profile/columns', start, columns: [...columns], total, fileUri: this.uri.toString() });
        },
      });
      if (!live()) return;
      const streamed = this.stream?.columns.length === profile.columns.length;
      this.stream = undefined;
      this.profile = profile;
      const { columns: _c, ...summary } = profile;
      // Streamed: the view holds every batch and the summary completes them; otherwise (a warehouse table) the snapshot.
      if (this.channel.ready) this.channel.post(streamed ? { type: 'profile/done', summary, fileUri: this.uri.toString() } : { type: 'profile/snapshot', profile, fileUri: this.uri.toString() });
      this.postExplainModel();
    } catch (e) {
      if (!live()) return;
      this.stream = undefined;
      const cancelled = e instanceof CancelledError || abort.signal.aborted;
      if (rethrow && !cancelled && !this.profile) {
        this.panel.dispose(); // nothing to show: the command reports the error, as before the panel streamed
        throw e;
      }
      this.channel.post(cancelled ? { type: 'analysis/failed', message: 'Profiling was cancelled.' } : failedMessage(e));
      if (cancelled) return;
      if (rethrow) throw e;
      await reportError('profile', e);
    } finally {
      if (live()) this.abort = undefined;
    }
  }

  /** A view that (re)loads gets what the run has streamed so far, or the finished profile. */
  private onReady(): void {
    if (this.stream) {
      const { columns, total, fraction, stage } = this.stream;
      this.channel.post({ type: 'profile/progress', fraction, stage, ...(total !== undefined ? { total } : {}) });
      if (columns.length && total !== undefined) this.channel.post({ type: 'profile/columns', start: 0, columns: [...columns], total, fileUri: this.uri.toString() });
    } else if (this.profile) this.channel.post({ type: 'profile/snapshot', profile: this.profile, fileUri: this.uri.toString() });
    this.postExplainModel();
  }

  private async onMessage(msg: Exclude<ProfileViewMsg | ProfileExplainViewMsg, { type: 'view/ready' }>): Promise<void> {
    switch (msg.type) {
      case 'profile/explainRow':
        return this.explainRow(msg.row);
      case 'profile/cancel':
        this.abort?.abort();
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
