import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { own } from '../../core/dict';

const KEY = 'modelLens.explain.lastModels';
let state: vscode.Memento | undefined;

export function initLastModels(context: vscode.ExtensionContext): void {
  state = context.workspaceState;
}

/** Remember the model last explained for a dataset (workspace state, not settings). */
export async function rememberModel(dataset: vscode.Uri, model: vscode.Uri): Promise<void> {
  if (!state) return;
  const map = state.get<Record<string, string>>(KEY, {});
  await state.update(KEY, { ...map, [dataset.toString()]: model.toString() });
}

/** The model a dataset is explained with: the setting `modelLens.explain.model`, else the one last explained. */
export function configuredModel(dataset: vscode.Uri): { model?: vscode.Uri; reason?: string } {
  if (!vscode.workspace.isTrusted) return { reason: 'Explaining runs the model; trust the workspace to use it.' };
  const setting = vscode.workspace.getConfiguration('modelLens', dataset).get<string>('explain.model', '').trim();
  if (setting) {
    const folder = vscode.workspace.getWorkspaceFolder(dataset) ?? vscode.workspace.workspaceFolders?.[0];
    const uri = isAbsolute(setting) || !folder ? vscode.Uri.file(setting) : vscode.Uri.joinPath(folder.uri, setting);
    return existsSync(uri.fsPath) ? { model: uri } : { reason: `modelLens.explain.model is '${setting}', but ${uri.fsPath} does not exist.` };
  }
  const last = own(state?.get<Record<string, string>>(KEY, {}), dataset.toString());
  if (last) {
    const uri = vscode.Uri.parse(last);
    if (existsSync(uri.fsPath)) return { model: uri };
  }
  return { reason: 'No model configured: set modelLens.explain.model, or run "Explain on Dataset…" once for this dataset.' };
}
