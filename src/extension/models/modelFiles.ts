import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { sniffModelHead } from '../../core/explain/view/sniffModel';

export const MODEL_VIEW_TYPE = 'modelLens.model';
/** Context key: fsPaths of workspace .json/.txt files whose content is an XGBoost JSON or LightGBM text model. */
export const MODEL_FILES_KEY = 'modelLens.modelFiles';

/** Names the custom editor takes by default (package.json customEditors selector); others go through the context key. */
const BY_NAME = /\.(ubj|onnx)$|\.xgb\.json$|\.lgb\.txt$/i;
const SNIFFED = /\.(json|txt)$/i;

async function readHead(path: string, bytes = 256): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

const known = new Set<string>();

/** The paths in the `modelLens.modelFiles` context key (for tests). */
export const knownModelFiles = (): string[] => [...known].sort();

export function isModelUri(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.scheme === 'file' && (BY_NAME.test(uri.path) || known.has(uri.fsPath));
}

/** Whether a file is a model by name or content (reads its head for .json/.txt). */
export async function looksLikeModel(uri: vscode.Uri): Promise<boolean> {
  if (BY_NAME.test(uri.path)) return true;
  if (!SNIFFED.test(uri.path) || uri.scheme !== 'file') return false;
  try {
    return sniffModelHead(await readHead(uri.fsPath)) !== undefined;
  } catch {
    return false;
  }
}

async function update(uri: vscode.Uri): Promise<boolean> {
  const was = known.has(uri.fsPath);
  const is = !BY_NAME.test(uri.path) && (await looksLikeModel(uri));
  if (is) known.add(uri.fsPath);
  else known.delete(uri.fsPath);
  return was !== is;
}

const publish = (): Thenable<unknown> => vscode.commands.executeCommand('setContext', MODEL_FILES_KEY, knownModelFiles());

/**
 * Keeps the `modelLens.modelFiles` context key up to date: scans the workspace's .json/.txt files once (up to
 * 5000, reading 256 bytes of each) and follows creations, changes and deletions. Menus use it in `when`
 * clauses (`resourcePath in modelLens.modelFiles`), so ordinary JSON files are never offered the model editor.
 */
export function watchModelFiles(context: vscode.ExtensionContext): Promise<void> {
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.{json,txt}');
  const changed = async (uri: vscode.Uri): Promise<void> => {
    if (await update(uri)) await publish();
  };
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate(changed),
    watcher.onDidChange(changed),
    watcher.onDidDelete(async (uri) => {
      if (known.delete(uri.fsPath)) await publish();
    }),
  );
  return (async () => {
    const files = await vscode.workspace.findFiles('**/*.{json,txt}', '{**/node_modules/**,**/.git/**}', 5000);
    for (const f of files) await update(f);
    await publish();
  })();
}

/** Model files of the workspace: by name (.ubj, .onnx, *.xgb.json, *.lgb.txt) and by content (.json, .txt). */
export async function workspaceModels(): Promise<vscode.Uri[]> {
  const named = await vscode.workspace.findFiles('**/*.{ubj,onnx,xgb.json,lgb.txt}', '**/node_modules/**', 500);
  const seen = new Set(named.map((u) => u.fsPath));
  return [...named, ...[...known].filter((p) => !seen.has(p)).map((p) => vscode.Uri.file(p))];
}

/** A model: the argument, else the model in the active custom editor, else a quick pick (or an open dialog). */
export async function resolveModel(arg: unknown, placeHolder: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.viewType === MODEL_VIEW_TYPE) return input.uri;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (isModelUri(active)) return active;
  const files = await workspaceModels();
  if (files.length === 0) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: placeHolder, filters: { Models: ['json', 'ubj', 'onnx', 'txt'] } });
    return picked?.[0];
  }
  const item = await vscode.window.showQuickPick(files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })), { placeHolder });
  return item?.uri;
}
