import { statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { GLOB_PREFIX } from '../../core/data/sources';
import { guarded } from '../log';
import { ViewerSession } from './viewerSession';

/** The custom editor: default for Parquet, Arrow, JSON Lines, compressed text and .xlsx; "Open With…" for CSV/TSV. */
export const DATASET_VIEW_TYPE = 'modelLens.dataset';
export const DATASET_OPTION_VIEW_TYPE = 'modelLens.datasetText';
/** Folders and glob: datasets open in a plain panel (an editor opens files only). */
const DATASET_PANEL_TYPE = 'modelLens.datasetPanel';

/** What the viewer adds to ModelLensApi (for integration tests). */
export const viewerApi = {
  viewerOf: (uri: vscode.Uri) => ViewerSession.current(uri),
};

class DatasetEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly context: vscode.ExtensionContext) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    if (document.uri.scheme !== 'file') {
      panel.webview.html = `<!DOCTYPE html><html><body><p>${document.uri.toString().replace(/[<>&"]/g, '')} is not a local file; Model Lens reads datasets from the local file system only.</p></body></html>`;
      return;
    }
    void new ViewerSession(panel, document.uri, this.context);
  }
}

/** "Model Lens: Dataset" editor, "Open in Data Viewer" (files and folders) and "Open Files as One Dataset…" (glob). */
export function registerViewer(context: vscode.ExtensionContext): void {
  const provider = new DatasetEditorProvider(context);
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(DATASET_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    vscode.window.registerCustomEditorProvider(DATASET_OPTION_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    vscode.commands.registerCommand('modelLens.openDataViewer', guarded('Open in Data Viewer', (uri?: unknown) => openDataViewer(context, uri))),
    vscode.commands.registerCommand('modelLens.openFilesAsDataset', guarded('Open Files as One Dataset', (pattern?: unknown) => openGlob(context, pattern))),
  );
}

async function openDataViewer(context: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : activeUri();
  if (!uri) throw new Error('Open in Data Viewer: select a dataset file or a folder of Parquet files in the Explorer first.');
  if (uri.scheme !== 'file') throw new Error(`${uri.toString()} is not a local file; Model Lens reads datasets from the local file system only.`);
  if (isFolder(uri.fsPath)) {
    openPanel(context, uri, uri.fsPath, basename(uri.fsPath));
    return;
  }
  const viewType = /\.(csv|tsv|tab)$/i.test(uri.path) ? DATASET_OPTION_VIEW_TYPE : DATASET_VIEW_TYPE;
  await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
}

/** Several Parquet files as one dataset, only on explicit request: a glob typed here (or passed by a caller). */
async function openGlob(context: vscode.ExtensionContext, arg: unknown): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const typed = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
    title: 'Open Files as One Dataset',
    prompt: 'A glob of Parquet files, relative to the workspace folder (*, ?, [..], {a,b}, ** for any folders)',
    placeHolder: 'data/events/**/*.parquet',
  });
  if (!typed) return;
  const abs = isAbsolute(typed) || !folder ? typed : join(folder, typed);
  openPanel(context, vscode.Uri.file(abs).with({ fragment: 'glob' }), `${GLOB_PREFIX}${abs}`, typed);
}

function openPanel(context: vscode.ExtensionContext, uri: vscode.Uri, target: string, title: string): void {
  const panel = vscode.window.createWebviewPanel(DATASET_PANEL_TYPE, `Dataset: ${title}`, vscode.ViewColumn.Active, { enableScripts: true });
  void new ViewerSession(panel, uri, context, target);
}

function activeUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input && typeof input === 'object' && 'uri' in input && input.uri instanceof vscode.Uri ? input.uri : vscode.window.activeTextEditor?.document.uri;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
