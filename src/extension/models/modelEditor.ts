import { readFile } from 'node:fs/promises';
import { modelTabTitle } from './openModelsInModelView';
import * as vscode from 'vscode';
import { modelSummary, type ModelSummary } from '../../core/explain/view/modelSummary';
import { parseModelViewMsg, type ModelHostMsg, type ModelViewMsg } from '../../shared/modelProtocol';
import { log } from '../log';
import { PanelChannel } from '../panels/panelChannel';
import { panelOptions, webviewHtml } from '../panels/webviewHtml';
import { modelViewAccess } from '../trust';

/** What an open model editor shows, for tests (ModelLensApi.modelEditorOf). */
export interface ModelEditorView {
  summary?: ModelSummary;
  error?: { message: string; code?: string };
  trusted: boolean;
}

/**
 * "Model Lens: Model": a read-only custom editor for model files. It parses the file (never runs the model)
 * and shows its metadata; the "Predict on Dataset…" / "Explain on Dataset…" buttons run the model and are
 * disabled in a restricted (untrusted) workspace.
 */
export class ModelEditorProvider implements vscode.CustomReadonlyEditorProvider {
  private static readonly views = new Map<string, ModelEditorView>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  static current(uri: vscode.Uri): ModelEditorView | undefined {
    return ModelEditorProvider.views.get(uri.toString());
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => ModelEditorProvider.views.delete(uri.toString()) };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    const uri = document.uri;
    // Told apart from the same file opened as text (both tabs were called "loan_xgb.json").
    panel.title = modelTabTitle(uri);
    panel.webview.options = panelOptions(this.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'model', `Model: ${uri.path.split('/').pop() ?? ''}`);
    // Listening before the file is read: a view/ready sent meanwhile is not lost (the snapshot follows when ready).
    const channel = new PanelChannel<ModelHostMsg, ModelViewMsg>(panel, 'model editor', parseModelViewMsg, (msg) => onMessage(uri, msg));
    const view: ModelEditorView = { trusted: vscode.workspace.isTrusted };
    try {
      if (uri.scheme !== 'file') throw new Error(`${uri.toString()} is not a local file; Model Lens reads models from the local file system only.`);
      const bytes = await readFile(uri.fsPath);
      // Restricted Mode: pure-data formats are parsed; ONNX (by content) is refused, as reading it starts onnxruntime.
      const model = modelViewAccess().read(uri.fsPath);
      try {
        view.summary = modelSummary(model, uri.fsPath, bytes);
      } finally {
        model.dispose?.(); // ONNX: ends its onnxruntime worker
      }
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;
      view.error = { message, ...(code ? { code } : {}) };
      log().warn(`model editor: ${uri.fsPath}: ${message}`);
    }
    ModelEditorProvider.views.set(uri.toString(), view);
    const snapshot = (): void => {
      view.trusted = vscode.workspace.isTrusted;
      if (view.summary) channel.snapshot({ type: 'model/snapshot', summary: view.summary, trusted: view.trusted });
      else channel.snapshot({ type: 'analysis/failed', message: view.error?.message ?? 'The model could not be read.', ...(view.error?.code ? { code: view.error.code } : {}) });
    };
    snapshot();
    const sub = vscode.workspace.onDidGrantWorkspaceTrust(snapshot);
    panel.onDidDispose(() => sub.dispose());
  }
}

/** The editor's buttons: both run the model through their commands (which refuse in Restricted Mode). */
async function onMessage(uri: vscode.Uri, msg: Exclude<ModelViewMsg, { type: 'view/ready' }>): Promise<void> {
  switch (msg.type) {
    case 'model/explain':
      await vscode.commands.executeCommand('modelLens.explainModel', uri);
      return;
    case 'model/predict':
      await vscode.commands.executeCommand('modelLens.predictModel', uri);
      return;
    default: {
      const never: never = msg;
      throw new Error(`unhandled message ${JSON.stringify(never)}`);
    }
  }
}
