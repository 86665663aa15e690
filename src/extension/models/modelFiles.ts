import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { sniffModelHead } from '../../core/explain/view/sniffModel';
import { looksLikeOnnx } from '../../core/models/onnx/onnxModel';
import { sniffPickle } from '../../core/models/pickle/readPickle';

export const MODEL_VIEW_TYPE = 'modelLens.model';
/** Context key: the workspace's model files (looksLikeModel), as fsPaths and URI paths. Written only here. */
export const MODEL_FILES_KEY = 'modelLens.modelFiles';

/** Names the custom editor takes by default (package.json customEditors selector); others go through the context key. */
const BY_NAME = /\.(ubj|onnx|pkl|pickle|joblib)$|\.xgb\.json$|\.lgb\.txt$/i;
/** Files whose head is read to tell whether they are models. */
const CANDIDATES = '**/*.{json,ubj,txt,onnx,pkl,pickle,joblib}';
/** scikit-learn pickles and joblib files (read as data, never unpickled). */
const PICKLE = /\.(pkl|pickle|joblib)$/i;
const EXCLUDED = '{**/node_modules/**,**/.git/**}';
/** EXCLUDED as a test of a workspace-relative path (the watcher reports every folder). */
const EXCLUDED_PATH = /(^|\/)(node_modules|\.git)\//;
const MAX_FILES = 5000;

/**
 * Whether a file is a model, from its first bytes (never its name alone): XGBoost JSON or LightGBM text
 * (sniffModelHead, as the model editor), XGBoost UBJSON ('{' … "learner"), or an ONNX ModelProto — ONNX only in
 * trusted workspaces, as onnxruntime is not started in Restricted Mode — or a pickle / joblib file (sniffPickle:
 * its first bytes and, for protocols 0 and 1, its STOP byte), which is only ever read as data.
 */
async function looksLikeModel(path: string): Promise<boolean> {
  const isOnnx = /\.onnx$/i.test(path);
  if (isOnnx && !vscode.workspace.isTrusted) return false;
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return false;
  try {
    const buf = Buffer.alloc(256);
    const { bytesRead } = await fh.read(buf, 0, 256, 0);
    const bytes = buf.subarray(0, bytesRead);
    if (isOnnx) return looksLikeOnnx(bytes);
    if (PICKLE.test(path)) {
      const { size } = await fh.stat();
      const last = Buffer.alloc(1);
      if (size > 0) await fh.read(last, 0, 1, size - 1);
      return sniffPickle(bytes, size > 0 ? last[0] : undefined) !== null;
    }
    const head = bytes.toString('latin1');
    if (/\.ubj$/i.test(path)) return head.startsWith('{') && head.includes('learner');
    return sniffModelHead(bytes.toString('utf8')) !== undefined;
  } finally {
    await fh.close();
  }
}

/** fsPath → whether it is a model, for every candidate file read so far. */
const verdicts = new Map<string, boolean>();
/** Reads in progress; a newer read (or a deletion) of the same path supersedes an older one. */
const reads = new Map<string, { id: number; done: Promise<boolean> }>();
let readId = 0;
/** What the context key was last set to. */
let published: string[] = [];
const changed = new vscode.EventEmitter<void>();
/** Fires after the set of model files changed (and the context key was set). */
export const onDidChangeModelFiles = changed.event;

/** Reads the head of a file; true when its verdict changed. */
function check(path: string): Promise<boolean> {
  const id = ++readId;
  const done = looksLikeModel(path).then((is) => {
    if (reads.get(path)?.id !== id) return false;
    reads.delete(path);
    const was = verdicts.get(path) === true;
    verdicts.set(path, is);
    return was !== is;
  });
  reads.set(path, { id, done });
  return done;
}

/** Drops a deleted file; true when it was a model. */
function forget(path: string): boolean {
  reads.delete(path);
  const was = verdicts.get(path) === true;
  verdicts.delete(path);
  return was;
}

const models = (): string[] => [...verdicts].flatMap(([path, is]) => (is ? [path] : [])).sort();

function publish(): Thenable<unknown> {
  published = [...new Set(models().flatMap((p) => [p, vscode.Uri.file(p).path]))];
  changed.fire();
  return vscode.commands.executeCommand('setContext', MODEL_FILES_KEY, published);
}

/**
 * Brings the set up to date with a listing of the workspace: reads the files not seen yet (the watcher may not
 * have reported them yet), waits for reads in progress, and drops files that are gone. Publishes when the set
 * changed (or `always`).
 */
async function sync(always = false): Promise<void> {
  const files = await vscode.workspace.findFiles(CANDIDATES, EXCLUDED, MAX_FILES);
  const listed = new Set(files.filter((f) => f.scheme === 'file').map((f) => f.fsPath));
  let dirty = false;
  for (const path of listed) {
    const pending = reads.get(path)?.done ?? (verdicts.has(path) ? undefined : check(path));
    if (pending && (await pending)) dirty = true;
  }
  if (files.length < MAX_FILES) for (const path of [...verdicts.keys()]) if (!listed.has(path) && !reads.has(path) && forget(path)) dirty = true;
  if (dirty || always) await publish();
}

let initialScan: Promise<void> | undefined;
const scanOnce = (): Promise<void> => (initialScan ??= sync(true));

/** The paths in the `modelLens.modelFiles` context key, as last set (for tests). */
export const knownModelFiles = (): string[] => [...published];

/**
 * The workspace's model files (fsPaths, sorted): after the initial scan, brought up to date with the files
 * the watcher has not reported yet. Only files not seen before are read.
 */
export async function modelFilePaths(): Promise<string[]> {
  await scanOnce().catch(() => undefined);
  await sync();
  return models();
}

export function isModelUri(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && uri.scheme === 'file' && (BY_NAME.test(uri.path) || verdicts.get(uri.fsPath) === true);
}

const tracked = (uri: vscode.Uri): boolean => uri.scheme === 'file' && !EXCLUDED_PATH.test(vscode.workspace.asRelativePath(uri, false));

/**
 * Owns the set of model files and the `modelLens.modelFiles` context key: scans the workspace's .json, .ubj,
 * .txt, .onnx, .pkl, .pickle and .joblib files once (up to 5000, reading 256 bytes of each), follows creations, changes and deletions,
 * and reads the ONNX files again when the workspace is trusted. Menus use the key in `when` clauses
 * (`resourcePath in modelLens.modelFiles`), so ordinary JSON files are never offered the model commands; the
 * Model Versions view lists the same files (modelFilePaths). Resolves when the initial scan is done.
 */
export function watchModelFiles(context: vscode.ExtensionContext): Promise<void> {
  const watcher = vscode.workspace.createFileSystemWatcher(CANDIDATES);
  const updated = async (uri: vscode.Uri): Promise<void> => {
    if (tracked(uri) && (await check(uri.fsPath))) await publish();
  };
  context.subscriptions.push(
    watcher,
    changed,
    watcher.onDidCreate(updated),
    watcher.onDidChange(updated),
    watcher.onDidDelete(async (uri) => {
      if (forget(uri.fsPath)) await publish();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      const onnx = [...verdicts.keys()].filter((p) => /\.onnx$/i.test(p));
      const flips = await Promise.all(onnx.map(check));
      if (flips.some(Boolean)) await publish();
    }),
  );
  return scanOnce();
}

/** Model files of the workspace: by name (.ubj, .onnx, *.xgb.json, *.lgb.txt, .pkl, .pickle, .joblib) and by content (.json, .txt). */
export async function workspaceModels(): Promise<vscode.Uri[]> {
  const named = await vscode.workspace.findFiles('**/*.{ubj,onnx,xgb.json,lgb.txt,pkl,pickle,joblib}', '**/node_modules/**', 500);
  const seen = new Set(named.map((u) => u.fsPath));
  return [...named, ...models().filter((p) => !seen.has(p)).map((p) => vscode.Uri.file(p))];
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
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: placeHolder, filters: { Models: ['json', 'ubj', 'onnx', 'txt', 'pkl', 'pickle', 'joblib'] } });
    return picked?.[0];
  }
  const item = await vscode.window.showQuickPick(files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })), { placeHolder });
  return item?.uri;
}
