import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Engine } from '../../core/data/engine';
import { CancelledError } from '../../core/errors';
import { GLOB_PREFIX } from '../../core/data/sources';
import { toMarkdown, toTsv } from '../../core/viewer/copyFormat';
import { quickKind } from '../../core/viewer/quickFilter';
import { openSandboxed } from '../../core/viewer/sandbox';
import type { ColumnProfile } from '../../core/profile/types';
import { ViewerTable, type ViewSpec } from '../../core/viewer/viewerTable';
import { parseViewerViewMsg, type ViewerHostMsg, type ViewerMemory, type ViewerViewMsg } from '../../shared/viewerProtocol';
import { log } from '../log';
import { configuredModel } from '../models/lastModel';
import { PanelChannel } from '../panels/panelChannel';
import { panelOptions, webviewHtml } from '../panels/webviewHtml';
import { streamProfile } from './profileStream';
import { runViewerAction } from './viewerActions';

/** Most rows copied at once (the rest of a larger selection is left out, and the person is told). */
const MAX_COPY_ROWS = 10_000;

/** What an open viewer shows, for integration tests (ModelLensApi.viewerOf). */
export interface ViewerSnapshot {
  rows: number;
  columns: string[];
  viewRows: number;
  trusted: boolean;
  error?: string;
  /** The view remembered for this file (workspace state). */
  remembered?: ViewerMemory;
}

/**
 * One open data viewer: a sandboxed engine over the file (core/viewer/sandbox.ts), the grid's requests answered by
 * ViewerTable, the profile streamed into the headers, the view remembered per file, and a reload when the file
 * changes on disk. Used by the custom editor and by the folder/glob: panel alike.
 */
export class ViewerSession {
  private static readonly open = new Map<string, ViewerSession>();
  private engine: Engine | undefined;
  private table: ViewerTable | undefined;
  private spec: ViewSpec = { filter: '', quick: new Map() };
  private profileAbort = new AbortController();
  private readonly channel: PanelChannel<ViewerHostMsg, ViewerViewMsg>;
  private error: string | undefined;
  private readonly subs: vscode.Disposable[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;
  private loading: Promise<void> = Promise.resolve();
  /** The profile so far, re-sent when the webview (re)loads after columns were already profiled. */
  private profiled: ColumnProfile[] = [];
  private profileDone = false;
  /** Grid requests being answered; the profile waits for none (see idle()). */
  private busy = 0;
  private idleWaiters: (() => void)[] = [];
  private firstRows: (() => void) | undefined;

  constructor(panel: vscode.WebviewPanel, readonly uri: vscode.Uri, private readonly context: vscode.ExtensionContext, private readonly target = uri.fsPath) {
    const ext = context.extensionUri;
    panel.webview.options = panelOptions(ext);
    panel.webview.html = webviewHtml(panel.webview, ext, 'viewer', `Dataset: ${basename(target)}`, ['viewer.css']);
    ViewerSession.open.set(uri.toString(), this);
    this.channel = new PanelChannel(panel, 'data viewer', parseViewerViewMsg, (msg) => this.onMessage(msg), { onReady: () => this.onReady(), onError: (msg, e) => this.failed(msg, e) });
    this.subs.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.sendSchema()),
      this.watch(),
    );
    panel.onDidDispose(() => void this.dispose());
    this.loading = this.load();
  }

  static current(uri: vscode.Uri): ViewerSnapshot | undefined {
    const s = ViewerSession.open.get(uri.toString());
    if (!s) return undefined;
    return { rows: s.table?.dataset.rows ?? 0, columns: s.table?.columns.map((c) => c.name) ?? [], viewRows: s.table?.rows ?? 0, trusted: vscode.workspace.isTrusted, ...(s.error ? { error: s.error } : {}), ...(s.memory() ? { remembered: s.memory()! } : {}) };
  }

  private memoryKey(): string {
    return `modelLens.viewer:${this.uri.toString()}`;
  }

  private memory(): ViewerMemory | undefined {
    return this.context.workspaceState.get<ViewerMemory>(this.memoryKey());
  }

  private remember(patch: Partial<ViewerMemory>): void {
    const base: ViewerMemory = this.memory() ?? { filter: '', quick: [], scrollRow: 0, widths: [], hidden: [] };
    void this.context.workspaceState.update(this.memoryKey(), { ...base, ...patch });
  }

  private async load(reloaded?: boolean): Promise<void> {
    const before = this.table?.columns.map((c) => `${c.name} ${c.type}`).join('\n');
    await this.close();
    this.error = undefined;
    try {
      const memoryLimit = vscode.workspace.getConfiguration('modelLens').get<string>('engine.memoryLimit', '1GB');
      const { engine, dataset } = await openSandboxed(this.target, { memoryLimit });
      this.engine = engine;
      this.table = await ViewerTable.create(engine, dataset);
      const same = before === dataset.columns.map((c) => `${c.name} ${c.type}`).join('\n');
      await this.sendSchema(reloaded ? { sameSchema: same } : undefined);
      // The profile starts once the first rows are on screen (or after 2 s), so that it does not delay them.
      const started = new Promise<void>((resolve) => { this.firstRows = resolve; setTimeout(resolve, 2000); });
      void started.then(() => this.startProfile());
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      log().warn(`data viewer: ${this.target}: ${this.error}`);
      this.post({ type: 'analysis/failed', message: this.error, ...(hasCode(e) ? { code: e.code } : {}) });
    }
  }

  private async sendSchema(reloaded?: { sameSchema: boolean }): Promise<void> {
    const t = this.table;
    if (!t || !this.channel.ready) return;
    const { model } = configuredModel(this.uri);
    const memory = this.memory();
    this.post({
      type: 'viewer/schema',
      title: basename(this.target),
      columns: t.columns.map((c) => ({ name: c.name, type: c.type, kind: quickKind(c.type) })),
      rows: t.dataset.rows,
      issues: t.dataset.issues,
      trusted: vscode.workspace.isTrusted,
      explainModel: model ? basename(model.fsPath) : null,
      ...(memory ? { memory } : {}),
      ...(reloaded ? { reloaded } : {}),
    });
    if (this.profiled.length) this.post({ type: 'viewer/profile', columns: this.profiled, done: this.profileDone, rows: t.dataset.rows });
  }

  private startProfile(): void {
    const t = this.table;
    const engine = this.engine;
    if (!t || !engine) return;
    this.profileAbort.abort();
    const abort = new AbortController();
    this.profileAbort = abort;
    const rows = t.dataset.rows;
    this.profiled = [];
    this.profileDone = false;
    streamProfile(engine, t.dataset, (columns, done) => {
      this.profiled.push(...columns);
      this.profileDone = done;
      if (this.channel.ready) this.post({ type: 'viewer/profile', columns, done, rows });
    }, abort.signal, () => this.idle()).catch((e: unknown) => {
      if (abort.signal.aborted || e instanceof CancelledError) return;
      log().warn(`data viewer profile: ${e instanceof Error ? e.message : String(e)}`);
      this.post({ type: 'viewer/profileFailed', message: e instanceof Error ? e.message : String(e) });
    });
  }

  private post(msg: ViewerHostMsg): void {
    this.channel.post(msg);
  }

  /** A grid request (counted, so that the profile waits for none to be answered; see idle()). */
  private async onMessage(msg: GridMsg): Promise<void> {
    this.busy++;
    try {
      await this.handle(msg);
      if (msg.type === 'viewer/rows') this.firstRows?.();
    } finally {
      this.busy--;
      if (this.busy === 0) this.idleWaiters.splice(0).forEach((w) => w());
    }
  }

  /** A request that failed: a setView's answer carries the error, anything else becomes a notice; a cancel is silent. */
  private failed(msg: ViewerViewMsg, e: unknown): void {
    if (e instanceof CancelledError) return;
    const message = e instanceof Error ? e.message : String(e);
    log().warn(`data viewer: ${msg.type}: ${message}`);
    if (msg.type === 'viewer/setView') this.post({ type: 'viewer/view', request: msg.request, rows: this.table?.rows ?? 0, error: { code: hasCode(e) ? e.code : 'ERROR', message } });
    else this.post({ type: 'viewer/notice', message, error: true });
  }

  /** view/ready (the first and after each reload of the view): the schema once loaded, or why it could not be. */
  private async onReady(): Promise<void> {
    await this.loading;
    if (this.error) this.post({ type: 'analysis/failed', message: this.error });
    else await this.sendSchema();
  }

  /** Resolves when no grid request is being answered (checked again a moment later, as requests come in bursts). */
  private async idle(): Promise<void> {
    for (;;) {
      if (this.busy > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      await new Promise((r) => setTimeout(r, 150));
      if (this.busy === 0) return;
    }
  }

  private async handle(msg: GridMsg): Promise<void> {
    await this.loading;
    const t = this.table;
    if (!t) return;
    switch (msg.type) {
      case 'viewer/setView': {
        const spec: ViewSpec = { filter: msg.filter, quick: new Map(msg.quick), sort: msg.sort };
        const rows = await t.setView(spec);
        this.spec = spec;
        this.remember({ filter: msg.filter, quick: msg.quick, ...(msg.sort ? { sort: msg.sort } : { sort: undefined }) });
        this.post({ type: 'viewer/view', request: msg.request, rows });
        return;
      }
      case 'viewer/rows':
        this.post({ type: 'viewer/rows', request: msg.request, start: msg.start, rows: await t.page(msg.start, msg.count) });
        return;
      case 'viewer/record': {
        const values = await t.record(msg.row);
        if (values) this.post({ type: 'viewer/record', row: msg.row, values });
        return;
      }
      case 'viewer/copy':
        return this.copy(t, msg);
      case 'viewer/action':
        return runViewerAction(msg.action, { uri: this.uri, target: this.target, table: t, spec: this.spec, row: msg.row, extensionUri: this.context.extensionUri, notify: (message) => this.post({ type: 'viewer/notice', message }) });
      case 'viewer/remember': {
        // Only this table's columns, each once: what is stored stays bounded by the file's width, whatever the webview sends.
        const names = new Set(t.columns.map((c) => c.name));
        const widths = [...new Map(msg.widths.filter(([c]) => names.has(c)))];
        this.remember({ scrollRow: Math.min(msg.scrollRow, t.dataset.rows), widths, hidden: [...new Set(msg.hidden.filter((c) => names.has(c)))] });
        return;
      }
      default: {
        const never: never = msg;
        throw new Error(`unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  private async copy(t: ViewerTable, msg: Extract<ViewerViewMsg, { type: 'viewer/copy' }>): Promise<void> {
    const end = Math.min(msg.end, msg.start + MAX_COPY_ROWS - 1);
    const index = msg.columns.map((c) => t.columns.findIndex((x) => x.name === c)).filter((i) => i >= 0);
    const rows: (string | null)[][] = [];
    for (let s = msg.start; s <= end; s += 2000) {
      for (const r of await t.page(s, Math.min(2000, end - s + 1))) rows.push(index.map((i) => r.cells[i] ?? null));
    }
    const header = index.map((i) => t.columns[i]!.name);
    await vscode.env.clipboard.writeText(msg.format === 'md' ? toMarkdown(header, rows) : toTsv(header, rows));
    const cut = msg.end > end ? ` (the first ${MAX_COPY_ROWS.toLocaleString('en')} of ${(msg.end - msg.start + 1).toLocaleString('en')} selected rows)` : '';
    this.post({ type: 'viewer/notice', message: `Copied ${rows.length.toLocaleString('en')} row${rows.length === 1 ? '' : 's'} × ${header.length} column${header.length === 1 ? '' : 's'} as ${msg.format === 'md' ? 'Markdown' : 'TSV'}${cut}.` });
  }

  /** Reload (debounced) when the file, or a file of the folder, changes on disk. */
  private watch(): vscode.Disposable {
    if (this.target.startsWith(GLOB_PREFIX)) return new vscode.Disposable(() => undefined);
    let folder = false;
    try { folder = statSync(this.target).isDirectory(); } catch { /* reported by load() */ }
    const pattern = folder ? new vscode.RelativePattern(vscode.Uri.file(this.target), '**/*') : new vscode.RelativePattern(vscode.Uri.file(dirname(this.target)), basename(this.target));
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const changed = () => {
      if (this.reloadTimer) clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => { this.loading = this.load(true); }, 700);
    };
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    watcher.onDidDelete(changed);
    return watcher;
  }

  private async close(): Promise<void> {
    this.profileAbort.abort();
    this.profiled = [];
    this.profileDone = false;
    const t = this.table;
    const e = this.engine;
    this.table = undefined;
    this.engine = undefined;
    await t?.release();
    e?.close();
  }

  private async dispose(): Promise<void> {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    ViewerSession.open.delete(this.uri.toString());
    this.subs.forEach((s) => s.dispose());
    await this.close();
  }
}

type GridMsg = Exclude<ViewerViewMsg, { type: 'view/ready' }>;

function hasCode(e: unknown): e is { code: string } {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string';
}
