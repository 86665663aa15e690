import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, loadConfig, type WorkspaceConfig } from '../../core/checks/config';
import { runChecks, runsModel } from '../../core/checks/runChecks';
import type { ChecksReport } from '../../core/checks/types';
import { CancelledError, isInputError } from '../../core/errors';
import type { ModelAccess } from '../../core/models/modelAccess';
import { getEngine } from '../engineHost';
import { log } from '../log';
import type { ChecksTreeProvider } from './checksTree';
import { findingDiagnostics } from './findingDiagnostics';
import { trustedModelAccess } from '../trust';
import { editorTables } from '../warehouse/sourceHost';

/** Restricted Mode hands the checks no model access: they cannot load a model or read a model card. */
function modelsEnv(): { models?: ModelAccess } {
  const models = trustedModelAccess();
  return models ? { models } : {};
}

/**
 * Runs every check of the workspace's modellens.yml and publishes the results: the Checks tree, the status bar,
 * Problems diagnostics on the files findings belong to (and on modellens.yml for configuration errors). A new
 * run cancels the one in progress. Watches the configuration and every input file, and re-runs (debounced) when
 * one changes, once checks have run in this window.
 */
export class ChecksRunner implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('modelLens.checks');
  readonly statusBar = vscode.window.createStatusBarItem('modelLens.checks', vscode.StatusBarAlignment.Left, 50);
  private readonly didRun = new vscode.EventEmitter<{ report: ChecksReport; config: WorkspaceConfig }>();
  /** Fires after every completed run (the run history listens). */
  readonly onDidRun = this.didRun.event;
  private report: ChecksReport | undefined;
  private config: WorkspaceConfig | undefined;
  private current: AbortController | undefined;
  private watchers: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The run in progress, if any (a re-run scheduled by a change waits for it instead of cancelling it). */
  private inFlight: Promise<unknown> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private runs = 0;

  constructor(private readonly tree: ChecksTreeProvider) {
    this.statusBar.name = 'Model Lens checks';
    this.statusBar.command = 'modelLens.focusChecks';
    this.disposables.push(this.diagnostics, this.statusBar, this.didRun);
    const configWatcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
    const onConfig = () => { if (this.runs > 0) this.schedule('the configuration changed'); };
    this.disposables.push(configWatcher, configWatcher.onDidChange(onConfig), configWatcher.onDidCreate(onConfig), configWatcher.onDidDelete(onConfig));
  }

  lastReport(): ChecksReport | undefined {
    return this.report;
  }

  lastConfig(): WorkspaceConfig | undefined {
    return this.config;
  }

  /** The first modellens.yml of the workspace folders, if any. */
  static async findConfig(): Promise<vscode.Uri | undefined> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
      try {
        await vscode.workspace.fs.stat(uri);
        return uri;
      } catch {
        // not in this folder
      }
    }
    return undefined;
  }

  /** Runs every check now, with a progress notification that cancels the run. Resolves to the report (undefined when cancelled). */
  async run(reason = 'requested'): Promise<ChecksReport | undefined> {
    const p = this.runNow(reason);
    this.inFlight = p;
    const clear = () => { if (this.inFlight === p) this.inFlight = undefined; };
    p.then(clear, clear);
    return p;
  }

  private async runNow(reason: string): Promise<ChecksReport | undefined> {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    this.runs += 1;
    const configUri = await ChecksRunner.findConfig();
    if (!configUri) {
      this.report = undefined;
      this.tree.setReport(undefined);
      this.statusBar.hide();
      const create = 'Create modellens.yml';
      void vscode.window.showInformationMessage(`Model Lens: no ${CONFIG_FILE_NAME} in the workspace. It declares the datasets, models and checks to run.`, create).then((a) => {
        if (a === create) void vscode.commands.executeCommand('modelLens.createChecksConfig');
      });
      return undefined;
    }
    this.diagnostics.delete(configUri);
    let config: WorkspaceConfig;
    try {
      config = loadConfig(configUri.fsPath);
    } catch (e) {
      if (!isInputError(e)) throw e;
      this.showConfigProblems(configUri, e.details['problems'] as { line: number; column: number; message: string; path: string }[] | undefined, e.message);
      this.statusBar.text = '$(error) Model Lens: configuration error';
      this.statusBar.tooltip = e.message;
      this.statusBar.show();
      throw e;
    }
    this.config = config;
    this.watch(config);
    log().info(`checks: running ${config.checks.length} check(s) from ${configUri.fsPath} (${reason})`);
    this.statusBar.text = '$(sync~spin) Model Lens: running checks';
    this.statusBar.show();
    // Checks on datasets declared on a source run in its database, one connection per source for the run.
    const tables = config.sources.size ? editorTables(config.sources) : undefined;
    try {
      const engine = await getEngine();
      const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Model Lens: running checks', cancellable: true }, async (progress, token) => {
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          return await runChecks(config, { engine, signal: controller.signal, baseDir: config.baseDir, ...modelsEnv(), ...(tables ? { openTable: tables.open } : {}) }, {
            // Restricted Mode runs no model: comparisons and model-scored checks wait for Workspace Trust.
            refuse: (c) => (!vscode.workspace.isTrusted && runsModel(c) ? 'it runs a model, which Model Lens does not do in Restricted Mode; trust the workspace to run it.' : undefined),
            onCheckStart: (id, i, n) => {
              progress.report({ message: `${id} (${i + 1}/${n})`, increment: 100 / Math.max(n, 1) });
              this.tree.setRunning(`Running ${id} (${i + 1}/${n})…`);
            },
          });
        } finally {
          sub.dispose();
        }
      });
      if (controller.signal.aborted) throw new CancelledError();
      this.publish(report);
      this.didRun.fire({ report, config });
      return report;
    } catch (e) {
      if (e instanceof CancelledError || (isInputError(e) && e.code === 'CANCELLED') || controller.signal.aborted) {
        this.tree.setRunning(undefined);
        if (this.current === controller) this.statusBar.text = '$(circle-slash) Model Lens: checks cancelled';
        return undefined;
      }
      throw e;
    } finally {
      await tables?.close();
      if (this.current === controller) this.current = undefined;
    }
  }

  private publish(report: ChecksReport): void {
    this.report = report;
    this.tree.setReport(report);
    const byFile = findingDiagnostics(report, this.config, report.config);
    this.diagnostics.clear();
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
    const { pass, warn, fail, error } = report.counts;
    const icon = error ? '$(circle-slash)' : fail ? '$(error)' : warn ? '$(warning)' : '$(pass)';
    const parts = [fail && `${fail} failed`, error && `${error} could not run`, warn && `${warn} need${warn === 1 ? 's' : ''} attention`, pass && `${pass} passed`].filter(Boolean);
    this.statusBar.text = `${icon} Model Lens: ${parts.join(', ') || 'no checks'}`;
    this.statusBar.tooltip = `Model Lens checks (${report.checks.length}) — click to show them`;
    this.statusBar.backgroundColor = fail || error ? new vscode.ThemeColor('statusBarItem.errorBackground') : warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.statusBar.show();
  }

  private showConfigProblems(uri: vscode.Uri, problems: { line: number; column: number; message: string; path: string }[] | undefined, message: string): void {
    const list = (problems ?? [{ line: 1, column: 1, message, path: '' }]).map((p) => {
      const pos = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
      const d = new vscode.Diagnostic(new vscode.Range(pos, pos.translate(0, 1)), `${p.path ? `${p.path}: ` : ''}${p.message}`, vscode.DiagnosticSeverity.Error);
      d.source = 'Model Lens';
      return d;
    });
    this.diagnostics.set(uri, list);
  }

  /** Watch every input file of the configured checks; a change re-runs the checks (debounced). */
  private watch(config: WorkspaceConfig): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const files = [...new Set(config.checks.flatMap((c) => c.files))];
    for (const file of files) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(file)), file.slice(dirname(file).length + 1)));
      const again = () => this.schedule(`${vscode.workspace.asRelativePath(file)} changed`);
      this.watchers.push(w, w.onDidChange(again), w.onDidCreate(again), w.onDidDelete(again));
    }
  }

  private schedule(reason: string): void {
    const delay = vscode.workspace.getConfiguration('modelLens').get<number>('checks.debounceMs', 1500);
    if (!vscode.workspace.getConfiguration('modelLens').get<boolean>('checks.rerunOnChange', true)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const again = () => this.run(reason).catch((e: unknown) => log().warn(`checks re-run (${reason}) failed: ${e instanceof Error ? e.message : String(e)}`));
      // A run in progress (e.g. the person's Run All Checks) finishes and is recorded; the re-run follows it. A file
      // event that reached the watcher late used to cancel the requested run, whose report and history were lost.
      if (this.inFlight) void this.inFlight.then(again, again);
      else void again();
    }, delay);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.current?.abort();
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
  }
}
