import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { VersionDiff } from '../../core/versions/diffModels';
import { InputError } from '../../core/errors';
import { runOfFile } from '../../core/versions/sources/mlflow';
import { isVersionRef, type EvalChoice, type VersionRef, type VersionsPanelState } from '../../shared/versionsProtocol';
import { guarded } from '../log';
import { onDidChangeModelFiles } from '../models/modelFiles';
import { evaluationChoice } from './evaluationChoice';
import { findModels, isModelNode, isVersionNode, ModelVersionsProvider, versionsOf, type ModelEntry, type VersionEntry } from './modelVersions';
import { modelKey, refLabel } from './versionRefs';
import { VERSIONS_VIEW_TYPE, VersionsPanel } from './versionsPanel';

/** Menus pass (uri, uris[]); tests and other extensions may pass an evaluation choice instead. */
function isEvalChoice(v: unknown): v is EvalChoice {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof vscode.Uri) return false;
  const o = v as Record<string, unknown>;
  return (o['data'] === undefined || typeof o['data'] === 'string') && (o['label'] === undefined || typeof o['label'] === 'string') && !('type' in o) && !('kind' in o);
}

/** What a command argument points at: a model file (explorer/editor), a tree node, or a reference. */
function modelOf(arg: unknown): { model: ModelEntry; version?: VersionEntry } | undefined {
  if (arg instanceof vscode.Uri) {
    const run = runOfFile(arg.fsPath);
    if (run) return { model: { kind: 'mlflow', mlruns: run.mlruns, experimentId: run.experimentId, name: run.experimentName }, version: { ref: { kind: 'mlflow', mlruns: run.mlruns, runId: run.runId }, label: run.runName, description: '', tooltip: '' } };
    return { model: { kind: 'file', path: arg.fsPath } };
  }
  if (isVersionNode(arg)) return { model: arg.model, version: arg.version };
  if (isModelNode(arg)) return { model: arg.model };
  return undefined;
}

async function currentModel(arg: unknown): Promise<{ model: ModelEntry; version?: VersionEntry } | undefined> {
  const m = modelOf(arg) ?? modelOf(vscode.window.activeTextEditor?.document.uri);
  if (m) return m;
  const models = await findModels();
  const pick = await vscode.window.showQuickPick(models.map((model) => ({ label: model.kind === 'file' ? basename(model.path) : `${model.name} (MLflow)`, description: model.kind === 'file' ? vscode.workspace.asRelativePath(model.path) : model.mlruns, model })), { placeHolder: 'Choose a model' });
  return pick ? { model: pick.model } : undefined;
}

/** The version a command starts from: the clicked version, else the model's newest (its working copy or latest run). */
async function thisVersion(m: { model: ModelEntry; version?: VersionEntry }): Promise<VersionEntry> {
  if (m.version) {
    const again = (await versionsOf(m.model)).find((v) => JSON.stringify(v.ref) === JSON.stringify(m.version!.ref));
    return again ?? m.version;
  }
  const all = await versionsOf(m.model);
  if (!all[0]) throw new InputError('NO_VERSIONS', 'This MLflow experiment has no run with a model artifact.');
  return all[0];
}

async function compare(ext: vscode.Uri, context: vscode.ExtensionContext, a: VersionRef, b: VersionRef, preset: unknown): Promise<VersionDiff | undefined> {
  const evaluation = isEvalChoice(preset) ? preset : await evaluationChoice(context, modelKey(b));
  if (!evaluation) return undefined;
  const state: VersionsPanelState = { a, b, evaluation };
  const diff = await VersionsPanel.show(ext, context, state);
  void vscode.window.showInformationMessage(`Model Lens: ${diff.verdict.text}`);
  return diff;
}

/** "Compare with Previous": B = this version, A = the one before it (previous commit, run or DVC revision). */
async function compareWithPrevious(ext: vscode.Uri, context: vscode.ExtensionContext, arg: unknown, preset: unknown): Promise<void> {
  const m = await currentModel(arg);
  if (!m) return;
  const b = await thisVersion(m);
  if (!b.previous) {
    const where = m.model.kind === 'file' ? `${basename(m.model.path)} has no earlier git commit or DVC revision` : 'this is the experiment\'s first run';
    throw new InputError('NO_PREVIOUS_VERSION', `Nothing to compare with: ${where}. Use "Compare Model with…" to pick another version or file.`);
  }
  await compare(ext, context, b.previous, b.ref, preset);
}

/** "Compare with…": B = this version, A = a version picked from its history, another model file or an MLflow run. */
async function compareWith(ext: vscode.Uri, context: vscode.ExtensionContext, arg: unknown, presetA: unknown, preset: unknown): Promise<void> {
  const m = await currentModel(arg);
  if (!m) return;
  const b = await thisVersion(m);
  let a: VersionRef | undefined = isVersionRef(presetA) ? presetA : undefined;
  if (!a) {
    const same = (await versionsOf(m.model)).filter((v) => JSON.stringify(v.ref) !== JSON.stringify(b.ref));
    const others: { label: string; description?: string; detail?: string; ref?: VersionRef; kind?: vscode.QuickPickItemKind }[] = [];
    for (const model of await findModels()) {
      if (JSON.stringify(model) === JSON.stringify(m.model)) continue;
      if (model.kind === 'file') others.push({ label: `$(file) ${basename(model.path)}`, description: vscode.workspace.asRelativePath(model.path), ref: { kind: 'file', path: model.path } });
      else for (const v of await versionsOf(model)) others.push({ label: `$(beaker) ${v.label}`, description: `${model.name} · ${v.description}`, ref: v.ref });
    }
    const items = [
      ...(same.length ? [{ label: 'Versions of this model', kind: vscode.QuickPickItemKind.Separator }] : []),
      ...same.map((v) => ({ label: v.label, description: v.description, detail: v.tooltip.split('\n')[1] ?? '', ref: v.ref })),
      ...(others.length ? [{ label: 'Other models', kind: vscode.QuickPickItemKind.Separator }] : []),
      ...others,
      { label: '$(folder-opened) Browse for a model file…', browse: true },
    ];
    const pick = await vscode.window.showQuickPick(items, { placeHolder: `Compare ${refLabel(b.ref)} (B) with… (A, the baseline)`, matchOnDescription: true });
    if (!pick) return;
    if ('browse' in pick) {
      const f = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'XGBoost models': ['json', 'ubj'], 'scikit-learn models': ['pkl', 'pickle', 'joblib'] } });
      if (!f?.[0]) return;
      a = { kind: 'file', path: f[0].fsPath };
    } else a = (pick as { ref?: VersionRef }).ref;
  }
  if (a) await compare(ext, context, a, b.ref, preset);
}

/** Registers the Model Versions view, the compare commands and the panel serializer. */
export function registerVersions(context: vscode.ExtensionContext): void {
  const ext = context.extensionUri;
  const provider = new ModelVersionsProvider();
  // The list of model files (and the context key the explorer menus use) belongs to ../models/modelFiles.ts;
  // the view follows it (bursts of changes, e.g. a checkout, refresh it once).
  let timer: NodeJS.Timeout | undefined;
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => provider.refresh(), 1000);
  };
  context.subscriptions.push(
    vscode.window.createTreeView('modelLens.modelVersions', { treeDataProvider: provider, showCollapseAll: true }),
    vscode.commands.registerCommand('modelLens.refreshModelVersions', () => provider.refresh()),
    vscode.commands.registerCommand('modelLens.compareModelWith', guarded('Compare Model with…', (arg?: unknown, second?: unknown, third?: unknown) => compareWith(ext, context, arg, second, isEvalChoice(second) ? second : third))),
    vscode.commands.registerCommand('modelLens.compareWithPreviousVersion', guarded('Compare with Previous', (arg?: unknown, preset?: unknown) => compareWithPrevious(ext, context, arg, preset))),
    onDidChangeModelFiles(changed),
    { dispose: () => clearTimeout(timer) },
    vscode.window.registerWebviewPanelSerializer(VERSIONS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: VersionsPanelState | undefined) => VersionsPanel.revive(panel, ext, context, state),
    }),
  );
}

/** The comparison shown most recently. */
export function lastVersionDiff(): VersionDiff | undefined {
  return VersionsPanel.last();
}
