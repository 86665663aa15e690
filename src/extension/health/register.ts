import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { loadDataset } from '../../core/data/loadDataset';
import { InputError } from '../../core/errors';
import { stringifyBaseline } from '../../core/health/baselineJson';
import { computeStats } from '../../core/health/computeStats';
import { OutputFile } from '../../core/io/outputFile';
import type { HealthReport } from '../../core/health/types';
import type { HealthPanelState } from '../../shared/healthProtocol';
import { getEngine, withCancellableProgress } from '../engineHost';
import { guarded, log } from '../log';
import { BASELINE_DIR, baselineFor, DATASET_FILE, DATASET_GLOB, defaultBaselineUri, mappedDatasets } from './baselineLocator';
import { HealthMonitor } from './healthMonitor';
import { HEALTH_VIEW_TYPE, HealthPanel } from './healthPanel';

/** What the extension's test API exposes of pipeline health. */
export interface HealthApi {
  /** The last health report of a dataset (background check or command). */
  healthOf(uri: vscode.Uri): HealthReport | undefined;
  /** Resolves when no health check is scheduled or running. */
  healthIdle(): Promise<void>;
  /** The status bar item's text ('' when hidden). */
  healthStatus(): string;
}

export interface SaveBaselineOptions {
  /** Overwrite an existing baseline without asking. */
  overwrite?: boolean;
  /** The time column (default: the first DATE/TIMESTAMP column). */
  timeColumn?: string;
}

const isDataset = (uri: vscode.Uri | undefined): uri is vscode.Uri => !!uri && uri.scheme === 'file' && DATASET_FILE.test(uri.fsPath);
const activeDataset = (uri: unknown): vscode.Uri | undefined => (uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri);

/**
 * Pipeline health: "Save Health Baseline", "Check Pipeline Health" (panel), and background checks of datasets
 * with a baseline (on activation, when a dataset is opened or saved, when a dataset or baseline file changes on
 * disk, and when the settings change) published as diagnostics and a status bar item.
 */
export function registerHealth(context: vscode.ExtensionContext): HealthApi {
  const ext = context.extensionUri;
  const monitor = new HealthMonitor();
  const recheck = async (uri: vscode.Uri) => {
    const r = await monitor.check(uri);
    if (r) HealthPanel.update(uri, r);
    return r;
  };
  const later = (uri: vscode.Uri) => {
    if (isDataset(uri) && (baselineFor(uri) || monitor.reportOf(uri) || monitor.diagnostics.has(uri))) monitor.schedule(uri);
  };
  const datasets = vscode.workspace.createFileSystemWatcher(DATASET_GLOB);
  const baselines = vscode.workspace.createFileSystemWatcher(`**/${BASELINE_DIR}/*.json`);
  const onBaseline = (b: vscode.Uri) => {
    void vscode.workspace.findFiles(`**/${basename(b.fsPath, '.json')}.{csv,tsv,tab,parquet,pq,jsonl,ndjson,arrow,feather,ipc}`, '**/node_modules/**', 20).then((found) => found.forEach(later));
  };
  context.subscriptions.push(
    monitor,
    datasets,
    baselines,
    datasets.onDidCreate(later),
    datasets.onDidChange(later),
    datasets.onDidDelete((uri) => monitor.forget(uri)),
    baselines.onDidCreate(onBaseline),
    baselines.onDidChange(onBaseline),
    baselines.onDidDelete(onBaseline),
    vscode.workspace.onDidOpenTextDocument((d) => later(d.uri)),
    vscode.workspace.onDidSaveTextDocument((d) => later(d.uri)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('modelLens.health')) checkKnown();
    }),
    vscode.commands.registerCommand('modelLens.saveHealthBaseline', guarded('Save Health Baseline', (uri?: unknown, options?: unknown) => saveBaseline(monitor, activeDataset(uri), isOptions(options) ? options : {}))),
    vscode.commands.registerCommand('modelLens.checkPipelineHealth', guarded('Check Pipeline Health', async (uri?: unknown) => {
      const target = activeDataset(uri);
      if (!isDataset(target)) throw new InputError('BAD_ARGUMENT', 'Check Pipeline Health needs a dataset: right-click a CSV, TSV, Parquet, JSON Lines or Arrow file in the Explorer, or open one.');
      if (!baselineFor(target)) {
        // Not an error: offer to take this file as the known-good baseline (without waiting for an answer).
        const where = vscode.workspace.asRelativePath(defaultBaselineUri(target) ?? target);
        void vscode.window.showWarningMessage(`Model Lens: ${basename(target.fsPath)} has no health baseline (looked for ${where} and the setting modelLens.health.baselines). Save one from a known-good copy of the data.`, 'Save Baseline From This File').then((c) => {
          if (c) void vscode.commands.executeCommand('modelLens.saveHealthBaseline', target);
        });
        return;
      }
      const report = await withCancellableProgress(`Model Lens: checking health of ${basename(target.fsPath)}`, (signal) => monitor.check(target, signal));
      if (report) HealthPanel.show(ext, target, report, recheck);
    })),
    vscode.window.registerWebviewPanelSerializer(HEALTH_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: HealthPanelState | undefined) => HealthPanel.revive(panel, ext, state, recheck),
    }),
  );
  const checkKnown = () => {
    for (const uri of [...mappedDatasets(), ...monitor.checked()]) later(uri);
    void vscode.workspace.findFiles(`**/${BASELINE_DIR}/*.json`, '**/node_modules/**', 100).then((found) => found.forEach(onBaseline));
    vscode.workspace.textDocuments.forEach((d) => later(d.uri));
  };
  checkKnown();
  return { healthOf: (uri) => monitor.reportOf(uri), healthIdle: () => monitor.idle(), healthStatus: () => monitor.statusText() ?? '' };
}

function isOptions(v: unknown): v is SaveBaselineOptions {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof vscode.Uri);
}

async function saveBaseline(monitor: HealthMonitor, uri: vscode.Uri | undefined, options: SaveBaselineOptions): Promise<void> {
  if (!isDataset(uri)) throw new InputError('BAD_ARGUMENT', 'Save Health Baseline needs a dataset: right-click a known-good CSV, TSV, Parquet, JSON Lines or Arrow file in the Explorer, or open one.');
  const target = baselineFor(uri) ?? defaultBaselineUri(uri);
  if (!target) throw new InputError('NOT_IN_WORKSPACE', `${uri.fsPath} is not in an open workspace folder; baselines live in the workspace's ${BASELINE_DIR} folder.`);
  if (existsSync(target.fsPath) && !options.overwrite) {
    const choice = await vscode.window.showWarningMessage(`Replace the health baseline ${vscode.workspace.asRelativePath(target)}?`, { modal: true }, 'Replace');
    if (choice !== 'Replace') return;
  }
  // Model Lens' own baseline folder is created when missing; the baseline is never one of the inputs.
  const output = OutputFile.prepare(target.fsPath, { inputs: [uri.fsPath], label: `baseline ${target.fsPath}`, makeParents: true });
  const engine = await getEngine();
  const text = await withCancellableProgress(`Model Lens: saving a health baseline of ${basename(uri.fsPath)}`, async (signal, report) => {
    const ds = await loadDataset(engine, uri.fsPath, { signal, onProgress: (f) => report(0.5 * f, 'reading') });
    try {
      const { baseline } = await computeStats(engine, ds, { signal, timeColumn: options.timeColumn, onProgress: (f) => report(0.5 + 0.5 * f, 'computing statistics') });
      return stringifyBaseline(baseline);
    } finally {
      await ds.release();
    }
  });
  await output.writeAll(text);
  log().info(`saved health baseline of ${uri.fsPath} to ${target.fsPath}`);
  await monitor.check(uri);
  void vscode.window.showInformationMessage(`Model Lens: saved the health baseline of ${basename(uri.fsPath)} to ${vscode.workspace.asRelativePath(target)}. Commit it; the dataset is checked against it when it changes.`, 'Open Baseline').then((c) => {
    if (c === 'Open Baseline') void vscode.window.showTextDocument(target);
  });
}
