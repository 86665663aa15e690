import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { loadDataset } from '../../core/data/loadDataset';
import { CancelledError, InputError } from '../../core/errors';
import { readBaseline } from '../../core/health/baselineJson';
import { healthVerdict } from '../../core/health/healthRender';
import { runHealth } from '../../core/health/runHealth';
import type { HealthReport, HealthResult } from '../../core/health/types';
import { getEngine } from '../engineHost';
import { log } from '../log';
import { baselineFor, healthSettings } from './baselineLocator';
import { configuredHealth } from './configuredHealth';
import { healthCheckVerdict } from '../../core/verdict/health';

const SOURCE = 'Model Lens health';

/**
 * Runs the health checks of datasets that have a baseline, in the background: results become diagnostics on
 * the dataset's URI (the Problems panel lists them even for binary files), and a status bar item sums them up.
 * Checks are debounced per file and a newer check of the same file cancels the older one.
 */
export class HealthMonitor implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('modelLens.health');
  private readonly status = vscode.window.createStatusBarItem('modelLens.health', vscode.StatusBarAlignment.Left, 40);
  private readonly reports = new Map<string, { uri: vscode.Uri; report: HealthReport }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, AbortController>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor() {
    this.status.name = 'Model Lens: Pipeline Health';
  }

  /** Check soon (debounced): repeated events for one file within `delayMs` run one check. */
  schedule(uri: vscode.Uri, delayMs = 500): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      // Bad input is already a diagnostic on the file (and logged as a warning); anything else is a bug to log.
      void this.check(uri).catch((e: unknown) => {
        if (!(e instanceof InputError)) log().error(`health check of ${uri.fsPath}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      });
    }, delayMs);
    this.timers.set(key, timer);
  }

  /** Check now, cancelling a running check of the same file. Undefined when the file has no baseline (its diagnostics are cleared). */
  check(uri: vscode.Uri, signal?: AbortSignal): Promise<HealthReport | undefined> {
    const p = this.run(uri, signal);
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  /** Resolves when no check is scheduled or running (for tests). */
  async idle(): Promise<void> {
    while (this.timers.size || this.inFlight.size) {
      await Promise.allSettled([...this.inFlight]);
      if (this.timers.size) await new Promise((r) => setTimeout(r, 100));
    }
  }

  reportOf(uri: vscode.Uri): HealthReport | undefined {
    return this.reports.get(uri.toString())?.report;
  }

  /** Datasets with a report or diagnostics (to re-check when settings change). */
  checked(): vscode.Uri[] {
    const out = new Map<string, vscode.Uri>();
    for (const { uri } of this.reports.values()) out.set(uri.toString(), uri);
    this.diagnostics.forEach((uri) => out.set(uri.toString(), uri));
    return [...out.values()];
  }

  statusText(): string | undefined {
    return this.status.text || undefined;
  }

  private async run(uri: vscode.Uri, outer?: AbortSignal): Promise<HealthReport | undefined> {
    const key = uri.toString();
    const byName = baselineFor(uri);
    const pinned = configuredHealth(uri, byName?.fsPath);
    const baseline = pinned ? vscode.Uri.file(pinned.baseline) : byName;
    if (!baseline || !existsSync(uri.fsPath)) {
      this.forget(uri);
      return undefined;
    }
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    const abort = () => controller.abort();
    outer?.addEventListener('abort', abort);
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Model Lens: checking health of ${basename(uri.fsPath)}` }, async () => {
        const engine = await getEngine();
        const b = readBaseline(baseline.fsPath);
        const ds = await loadDataset(engine, uri.fsPath, { signal: controller.signal });
        try {
          const report = await runHealth(engine, ds, b, {
            signal: controller.signal,
            settings: pinned ? pinned.settings : healthSettings(uri),
            datasetName: vscode.workspace.asRelativePath(uri, false),
            baselineName: vscode.workspace.asRelativePath(baseline, false),
            ...(pinned?.now ? { now: new Date(pinned.now) } : {}),
            ...(pinned?.timeColumn ? { timeColumn: pinned.timeColumn } : {}),
          });
          if (controller.signal.aborted) throw new CancelledError();
          this.publish(uri, report);
          log().info(`health of ${uri.fsPath}: ${healthVerdict(report)}`);
          return report;
        } finally {
          await ds.release();
        }
      });
    } catch (e) {
      if (e instanceof CancelledError || controller.signal.aborted) {
        if (outer?.aborted) throw new CancelledError();
        return undefined;
      }
      if (!(e instanceof InputError)) throw e;
      // Bad input (unreadable file, broken baseline): one diagnostic saying why no check could run.
      log().warn(`health of ${uri.fsPath}: [${e.code}] ${e.message}`);
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `pipeline health could not be checked: ${e.message}`, vscode.DiagnosticSeverity.Error);
      d.source = SOURCE;
      d.code = e.code;
      this.diagnostics.set(uri, [d]);
      this.reports.delete(key);
      this.updateStatus();
      throw e;
    } finally {
      outer?.removeEventListener('abort', abort);
      if (this.running.get(key) === controller) this.running.delete(key);
    }
  }

  forget(uri: vscode.Uri): void {
    this.diagnostics.delete(uri);
    this.reports.delete(uri.toString());
    this.updateStatus();
  }

  private publish(uri: vscode.Uri, report: HealthReport): void {
    const header = headerLine(uri.fsPath);
    this.diagnostics.set(uri, report.checks.filter((c) => c.status !== 'pass').map((c) => toDiagnostic(c, header)));
    this.reports.set(uri.toString(), { uri, report });
    this.updateStatus();
  }

  private updateStatus(): void {
    const all = [...this.reports.values()];
    if (!all.length) {
      this.status.text = '';
      this.status.hide();
      return;
    }
    const fail = all.reduce((a, r) => a + r.report.summary.fail, 0);
    const warn = all.reduce((a, r) => a + r.report.summary.warn, 0);
    const worst = [...all].sort((a, b) => b.report.summary.fail - a.report.summary.fail || b.report.summary.warn - a.report.summary.warn)[0]!;
    // The same words as the Checks view: "failed", "need(s) attention", "passed".
    // With several datasets, name the worst one, so the count is not read as another surface's answer for a file.
    const where = all.length > 1 && (fail || warn) ? ` (${basename(worst.uri.fsPath)})` : '';
    this.status.text = fail ? `$(error) Health: ${fail} failed${where}` : warn ? `$(warning) Health: ${warn} need${warn === 1 ? 's' : ''} attention${where}` : '$(pass) Health: passed';
    this.status.backgroundColor = fail ? new vscode.ThemeColor('statusBarItem.errorBackground') : warn ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.status.tooltip = all.map((r) => `${r.report.dataset}: ${healthCheckVerdict(r.report).headline}`).join('\n');
    this.status.command = { title: 'Check Pipeline Health', command: 'modelLens.checkPipelineHealth', arguments: [worst.uri] };
    this.status.show();
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.running.forEach((c) => c.abort());
    this.diagnostics.dispose();
    this.status.dispose();
  }
}

function toDiagnostic(c: HealthResult, header: string | undefined): vscode.Diagnostic {
  let range = new vscode.Range(0, 0, 0, 0);
  if (c.column !== null && header !== undefined) {
    const at = header.indexOf(c.column);
    if (at >= 0) range = new vscode.Range(0, at, 0, at + c.column.length);
  }
  const severity = c.status === 'fail' ? vscode.DiagnosticSeverity.Error : c.severity === 'info' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning;
  const d = new vscode.Diagnostic(range, c.message, severity);
  d.source = SOURCE;
  d.code = c.id;
  return d;
}

/** The first line of a delimited text file, to place a column's diagnostic on its header name. */
function headerLine(path: string): string | undefined {
  if (!/\.(csv|tsv|tab)$/i.test(path)) return undefined;
  try {
    const fd = openSync(path, 'r');
    const buf = Buffer.alloc(65536);
    let n = 0;
    try { n = readSync(fd, buf, 0, buf.length, 0); } finally { closeSync(fd); }
    return buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  } catch {
    return undefined;
  }
}
