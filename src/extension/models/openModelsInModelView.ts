import { basename } from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, loadConfig } from '../../core/checks/config';
import { knownModelFiles, MODEL_VIEW_TYPE } from './modelFiles';

/**
 * A model `.json` (recognised by content) opened as text by a single click in the Explorer is reopened in the
 * model editor, in the same place and preview state (`modelLens.models.openInModelView`, default on); the raw
 * JSON stays one "Reopen Editor With…" away. A `.json` that is not a model is never touched.
 */
export function openModelsInModelView(context: vscode.ExtensionContext): void {
  const busy = new Set<string>();
  context.subscriptions.push(vscode.window.tabGroups.onDidChangeTabs(async (e) => {
    if (!vscode.workspace.getConfiguration('modelLens').get<boolean>('models.openInModelView', true)) return;
    for (const tab of e.opened) {
      if (!(tab.input instanceof vscode.TabInputText)) continue;
      const uri = tab.input.uri;
      if (uri.scheme !== 'file' || !/\.json$/i.test(uri.fsPath) || busy.has(uri.toString())) continue;
      const known = knownModelFiles();
      if (!known.includes(uri.fsPath) && !known.includes(uri.path)) continue;
      busy.add(uri.toString());
      try {
        await vscode.commands.executeCommand('vscode.openWith', uri, MODEL_VIEW_TYPE, { preview: tab.isPreview, viewColumn: tab.group.viewColumn });
        await vscode.window.tabGroups.close(tab, true);
      } finally {
        busy.delete(uri.toString());
      }
    }
  }));
}

/** The title of a model editor tab, told apart from the same file opened as text. */
export const modelTabTitle = (uri: vscode.Uri): string => `${basename(uri.fsPath)} (Model)`;

/** The dataset modellens.yml declares for a model (`models.<name>.data`), if any. */
export function configuredModelData(model: vscode.Uri): vscode.Uri | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(model);
  if (!folder) return undefined;
  try {
    const config = loadConfig(vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME).fsPath);
    const m = [...config.context.models.values()].find((x) => x.path === model.fsPath);
    return m?.data ? vscode.Uri.file(m.data) : undefined;
  } catch {
    return undefined;
  }
}
