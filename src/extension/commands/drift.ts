import { CONFIG_FILE_NAME, loadConfig } from '../../core/checks/config';
import { declaredOutputs as declaredColumns } from '../../core/checks/declaredOutputs';
import type { DriftSettings } from '../../core/drift/driftSettings';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { loadDataset } from '../../core/data/loadDataset';
import { DriftPanel } from '../panels/driftPanel';
import { getEngine } from '../engineHost';
import { isDatasetUri, pickDataset } from './profileDataset';

const REFERENCE_KEY = 'modelLens.driftReference';
const REFERENCE_NAME = /(^|[^a-z])(ref|reference|baseline|train|training)([^a-z]|$)/i;

/**
 * "Compare Datasets (Drift)". With two files selected in the Explorer, the one whose name says reference,
 * baseline or train is the reference (else the first selected). With one file, it is compared with the
 * remembered drift reference, or with a file picked from the workspace.
 */
export async function compareDatasetsCommand(ext: vscode.Uri, context: vscode.ExtensionContext, uri?: vscode.Uri, uris?: vscode.Uri[]): Promise<void> {
  const selected = (uris && uris.length ? uris : uri ? [uri] : []).filter(isDatasetUri);
  let pair: [vscode.Uri, vscode.Uri] | undefined;
  if (selected.length >= 2) {
    const [a, b] = selected as [vscode.Uri, vscode.Uri];
    pair = REFERENCE_NAME.test(basename(b.fsPath)) && !REFERENCE_NAME.test(basename(a.fsPath)) ? [b, a] : [a, b];
  } else {
    const current = selected[0] ?? (await pickDataset('Choose the current dataset'));
    if (!current) return;
    const stored = storedReference(context);
    const reference = stored && stored.toString() !== current.toString() ? stored : await pickDataset(`Choose the reference to compare ${basename(current.fsPath)} with`);
    if (!reference) return;
    pair = [reference, current];
  }
  await DriftPanel.show(ext, { referenceUri: pair[0].toString(), currentUri: pair[1].toString(), settings: declaredOutputs(pair[0], pair[1]) });
}

export async function setDriftReferenceCommand(context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<void> {
  const target = isDatasetUri(uri) ? uri : await pickDataset('Choose the drift reference dataset');
  if (!target) return;
  await context.workspaceState.update(REFERENCE_KEY, target.toString());
  void vscode.window.showInformationMessage(`Model Lens: ${vscode.workspace.asRelativePath(target)} is the drift reference for this workspace.`);
}

export async function checkDriftAgainstReferenceCommand(ext: vscode.Uri, context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<void> {
  const reference = storedReference(context);
  if (!reference) {
    throw new Error('No drift reference is set for this workspace. Right-click a dataset and run "Model Lens: Set as Drift Reference" first.');
  }
  const current = isDatasetUri(uri) ? uri : await pickDataset('Choose the dataset to check against the reference');
  if (!current) return;
  await DriftPanel.show(ext, { referenceUri: reference.toString(), currentUri: current.toString(), settings: declaredOutputs(reference, current) });
}

/** "Drift Over Time": pick the time column and the window; the first window is the reference. */
export async function driftOverTimeCommand(ext: vscode.Uri, uri?: vscode.Uri, preset?: { timeColumn: string; window: string }): Promise<void> {
  const target = isDatasetUri(uri) ? uri : await pickDataset('Choose a dataset with a time column');
  if (!target) return;
  let choice = preset;
  if (!choice) {
    const engine = await getEngine();
    const ds = await loadDataset(engine, target.fsPath);
    const timeColumns = ds.columns.filter((c) => /^(DATE|TIMESTAMP.*)$/i.test(c.type)).map((c) => c.name);
    await ds.release();
    if (timeColumns.length === 0) throw new Error(`${basename(target.fsPath)} has no date or timestamp column; drift over time needs one.`);
    const timeColumn = timeColumns.length === 1 ? timeColumns[0] : await vscode.window.showQuickPick(timeColumns, { placeHolder: 'Time column' });
    if (!timeColumn) return;
    const window = await vscode.window.showQuickPick(
      [
        { label: 'week', description: 'calendar weeks' },
        { label: 'day', description: 'calendar days' },
        { label: 'month', description: 'calendar months' },
        { label: '4chunks', description: '4 chunks of equal size' },
        { label: '10chunks', description: '10 chunks of equal size' },
      ],
      { placeHolder: 'Window' },
    );
    if (!window) return;
    choice = { timeColumn, window: window.label };
  }
  await DriftPanel.show(ext, { referenceUri: target.toString(), settings: { timeColumn: choice.timeColumn, window: choice.window } });
}

function storedReference(context: vscode.ExtensionContext): vscode.Uri | undefined {
  const s = context.workspaceState.get<string>(REFERENCE_KEY);
  return s ? vscode.Uri.parse(s) : undefined;
}

/** The label and prediction modellens.yml declares for these files (see core/checks/declaredOutputs). */
function declaredOutputs(reference: vscode.Uri, current: vscode.Uri): DriftSettings {
  const folder = vscode.workspace.getWorkspaceFolder(current);
  if (!folder) return {};
  try {
    const d = declaredColumns(loadConfig(vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME).fsPath), [reference.fsPath, current.fsPath]);
    return { ...(d?.label ? { label: d.label } : {}), ...(d?.prediction ? { prediction: d.prediction } : {}) };
  } catch {
    return {};
  }
}
