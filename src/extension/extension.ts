import * as vscode from 'vscode';
import type { DatasetProfile } from '../core/profile/types';
import type { DriftReport } from '../core/drift/driftReport';
import type { RulesReport } from '../core/rules/validate';
import type { BiasPanelState, DriftPanelState, ProfilePanelState } from '../shared/protocol';
import { checkDriftAgainstReferenceCommand, compareDatasetsCommand, driftOverTimeCommand, setDriftReferenceCommand } from './commands/drift';
import { lastBiasReport, runBiasAuditCommand, type BiasChoices } from './commands/biasAudit';
import { profileDatasetCommand } from './commands/profileDataset';
import { registerRulesDiagnostics } from './rules/rulesDiagnostics';
import { registerChecks, type ChecksApi } from './checks/register';
import { registerHealth, type HealthApi } from './health/register';
import { validateRulesCommand } from './rules/validateCommand';
import { RulesPanel } from './panels/rulesPanel';
import { disposeEngine } from './engineHost';
import { disposePredictWorkers } from '../core/models/xgboost/predictWorkers';
import { guarded, lastReportedError, log, type ReportedError } from './log';
import { BIAS_VIEW_TYPE, BiasPanel } from './panels/biasPanel';
import { DRIFT_VIEW_TYPE, DriftPanel } from './panels/driftPanel';
import { PROFILE_VIEW_TYPE, ProfilePanel } from './panels/profilePanel';
import { registerAbtest, type AbtestApi } from './abtest/register';
import { findModels } from './versions/modelVersions';
import { lastVersionDiff, registerVersions } from './versions/register';
import { modelsApi, registerModels } from './models/register';
import { registerViewer, viewerApi } from './viewer/register';
import { registerWarehouse } from './warehouse/register';
import { registerEvaluate, type EvaluateApi } from './evaluate/register';
import { panelMessagesApi } from './panels/panelChannel';

/** Wiring only: commands, serializers, disposables. The engine starts on first use, not here. */
export interface ModelLensApi extends ChecksApi, AbtestApi, EvaluateApi {
  /** The profile a panel currently shows for a file, if one is open. */
  profileOf(uri: vscode.Uri): DatasetProfile | undefined;
  /** The drift report a panel currently shows for a reference (and current) file. */
  driftOf(reference: vscode.Uri, current?: vscode.Uri): DriftReport | undefined;
  /** The last rules validation shown in a panel. */
  lastRulesReport(): RulesReport | undefined;
  /** The last bias audit shown. */
  lastBiasReport(): ReturnType<typeof lastBiasReport>;
  /** The last error reported to the user. */
  lastError(): ReportedError | undefined;
  /** The last model-version comparison shown. */
  lastVersionDiff: typeof lastVersionDiff;
  /** The models the "Model Versions" view lists (files and MLflow experiments). */
  versionModels: typeof findModels;
  /** Pipeline health: last report per dataset, idle, status bar text. */
  health: HealthApi;
  /** What an open model editor shows (metadata or error, trust); the last explanation shown; the last predictions written. */
  modelEditorOf: (typeof modelsApi)['modelEditorOf'];
  lastExplanation: (typeof modelsApi)['lastExplanation'];
  lastPrediction: (typeof modelsApi)['lastPrediction'];
  modelFiles: (typeof modelsApi)['modelFiles'];
  /** What an open data viewer shows (rows, columns, rows of the current view, trust). */
  viewerOf: (typeof viewerApi)['viewerOf'];
  /** The Sources view (warehouse connections from modellens.yml and their tables). */
  sourcesView: ReturnType<typeof registerWarehouse>['sourcesView'];
  /** Webview messages: deliver a raw one to an open panel as its webview would; the ones refused. */
  panelMessages: typeof panelMessagesApi;
}

export function activate(context: vscode.ExtensionContext): ModelLensApi {
  const ext = context.extensionUri;
  registerRulesDiagnostics(context);
  const checks = registerChecks(context);
  registerVersions(context);
  const health = registerHealth(context);
  registerModels(context);
  registerViewer(context);
  const warehouse = registerWarehouse(context);
  const validation = vscode.languages.createDiagnosticCollection('modelLens.validation');
  context.subscriptions.push(
    log(),
    vscode.commands.registerCommand('modelLens.profileDataset', guarded('Profile Dataset', (uri?: vscode.Uri) => profileDatasetCommand(ext, uri))),
    vscode.commands.registerCommand('modelLens.compareDatasets', guarded('Compare Datasets (Drift)', (uri?: vscode.Uri, uris?: vscode.Uri[]) => compareDatasetsCommand(ext, context, uri, uris))),
    vscode.commands.registerCommand('modelLens.setDriftReference', guarded('Set as Drift Reference', (uri?: vscode.Uri) => setDriftReferenceCommand(context, uri))),
    vscode.commands.registerCommand('modelLens.checkDriftAgainstReference', guarded('Check Drift Against Reference', (uri?: vscode.Uri) => checkDriftAgainstReferenceCommand(ext, context, uri))),
    vscode.commands.registerCommand('modelLens.driftOverTime', guarded('Drift Over Time', (uri?: vscode.Uri, preset?: unknown) => driftOverTimeCommand(ext, uri, isWindowPreset(preset) ? preset : undefined))),
    validation,
    vscode.commands.registerCommand('modelLens.runBiasAudit', guarded('Run Bias Audit', (uri?: vscode.Uri, preset?: unknown) => runBiasAuditCommand(ext, context, uri, isBiasChoices(preset) ? preset : undefined))),
    vscode.commands.registerCommand('modelLens.validateRules', guarded('Validate Against Rules', (uri?: vscode.Uri, rulesUri?: unknown) => validateRulesCommand(ext, validation, uri, rulesUri instanceof vscode.Uri || rulesUri === 'settings' ? rulesUri : undefined))),
    vscode.window.registerWebviewPanelSerializer(BIAS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: BiasPanelState | undefined) => BiasPanel.revive(panel, ext, state),
    }),
    vscode.window.registerWebviewPanelSerializer(DRIFT_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: DriftPanelState | undefined) => DriftPanel.revive(panel, ext, state),
    }),
    vscode.window.registerWebviewPanelSerializer(PROFILE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: ProfilePanelState | undefined) => ProfilePanel.revive(panel, ext, state),
    }),
  );
  const abtest = registerAbtest(context);
  const evaluate = registerEvaluate(context);
  log().info('Model Lens activated');
  // A small API for integration tests and other extensions: read what a panel shows.
  return { ...checks, ...abtest, ...evaluate, ...modelsApi, ...viewerApi, profileOf: (uri) => ProfilePanel.current(uri), driftOf: (r, c) => DriftPanel.current(r, c), lastRulesReport: () => RulesPanel.lastReport(), lastBiasReport, lastError: lastReportedError, lastVersionDiff, versionModels: findModels, health, sourcesView: warehouse.sourcesView, panelMessages: panelMessagesApi };
}

/**
 * Menus pass (clicked uri, selected uris[]) as arguments; only tests and other extensions pass option objects.
 * These guards keep the two apart.
 */
function isBiasChoices(v: unknown): v is BiasChoices {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as BiasChoices).sensitive) && typeof (v as BiasChoices).label === 'string';
}

function isWindowPreset(v: unknown): v is { timeColumn: string; window: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { timeColumn?: unknown }).timeColumn === 'string' && typeof (v as { window?: unknown }).window === 'string';
}

export async function deactivate(): Promise<void> {
  await Promise.all([disposeEngine(), disposePredictWorkers()]);
}
