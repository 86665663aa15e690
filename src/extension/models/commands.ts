import * as vscode from 'vscode';
import { pickDataset } from '../commands/profileDataset';
import { ProfilePanel } from '../panels/profilePanel';
import { ExplainPanel, requireTrust } from './explainPanel';
import { rememberModel } from './lastModel';
import { MODEL_VIEW_TYPE, resolveModel } from './modelFiles';
import { defaultPredictionsFile, predictToFile } from './predict';
import { configuredModelData } from './openModelsInModelView';

const asUri = (v: unknown): vscode.Uri | undefined => (v instanceof vscode.Uri ? v : undefined);

/** The model's data from modellens.yml offered first (one Enter), any other dataset one step away. */
async function pickModelData(model: vscode.Uri, placeHolder: string): Promise<vscode.Uri | undefined> {
  const configured = configuredModelData(model);
  if (!configured) return pickDataset(placeHolder);
  const other = { label: '$(folder-opened) Another dataset…', uri: undefined };
  const pick = await vscode.window.showQuickPick([{ label: vscode.workspace.asRelativePath(configured), description: "the model's data in modellens.yml", uri: configured }, other], { placeHolder });
  if (!pick) return undefined;
  return pick.uri ?? pickDataset(placeHolder);
}

/** Options tests and the profile panel pass: the dataset row whose waterfall to show first. */
function focusOf(v: unknown): number | undefined {
  const row = typeof v === 'object' && v !== null ? (v as { focusRow?: unknown }).focusRow : undefined;
  return typeof row === 'number' && Number.isInteger(row) && row >= 0 ? row : undefined;
}

/** "Explain on Dataset…": model (argument, active model editor or pick), dataset (argument or pick), then the panel. */
export async function explainModelCommand(extensionUri: vscode.Uri, modelArg?: unknown, datasetArg?: unknown, options?: unknown): Promise<void> {
  requireTrust('Explain on Dataset');
  const model = await resolveModel(modelArg, 'Choose a model to explain');
  if (!model) return;
  const dataset = asUri(datasetArg) ?? (await pickModelData(model, `Choose a dataset to explain ${vscode.workspace.asRelativePath(model)} on`));
  if (!dataset) return;
  const focusRow = focusOf(options);
  await ExplainPanel.show(extensionUri, { modelUri: model.toString(), datasetUri: dataset.toString(), ...(focusRow !== undefined ? { focusRow } : {}) });
  await rememberModel(dataset, model);
  ProfilePanel.notifyExplainModels();
}

/** "Predict on Dataset…": scores the dataset into a new CSV the user names (never the input). */
export async function predictModelCommand(modelArg?: unknown, datasetArg?: unknown, outArg?: unknown): Promise<void> {
  requireTrust('Predict on Dataset');
  const model = await resolveModel(modelArg, 'Choose a model to predict with');
  if (!model) return;
  const dataset = asUri(datasetArg) ?? (await pickModelData(model, `Choose a dataset to score with ${vscode.workspace.asRelativePath(model)}`));
  if (!dataset) return;
  const out = asUri(outArg) ?? (await vscode.window.showSaveDialog({ defaultUri: defaultPredictionsFile(dataset), filters: { CSV: ['csv'] }, title: 'Save predictions as (a new file; the dataset is not modified)' }));
  if (!out) return;
  const s = await predictToFile(model, dataset, out);
  void vscode.window.showInformationMessage(`Model Lens: wrote ${s.rows} predictions to ${vscode.workspace.asRelativePath(out)} (mean ${Number(s.meanPrediction.toPrecision(4))}).`, 'Open').then(async (choice) => {
    if (choice === 'Open') await vscode.window.showTextDocument(out);
  });
}

/** "Open in Model Lens": opens a model file (e.g. an XGBoost .json found by content) in the model editor. */
export async function openModelCommand(modelArg?: unknown): Promise<void> {
  const model = await resolveModel(modelArg, 'Choose a model to open');
  if (model) await vscode.commands.executeCommand('vscode.openWith', model, MODEL_VIEW_TYPE);
}
