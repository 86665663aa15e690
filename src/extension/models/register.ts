import * as vscode from 'vscode';
import type { ExplainPanelState } from '../../shared/explainProtocol';
import { guarded, log } from '../log';
import { explainModelCommand, openModelCommand, predictModelCommand } from './commands';
import { EXPLAIN_VIEW_TYPE, ExplainPanel } from './explainPanel';
import { initLastModels } from './lastModel';
import { ModelEditorProvider } from './modelEditor';
import { knownModelFiles, MODEL_VIEW_TYPE, watchModelFiles } from './modelFiles';
import { lastPrediction } from './predict';
import { openModelsInModelView } from './openModelsInModelView';
import { ProfilePanel } from '../panels/profilePanel';

/** What the model features add to ModelLensApi (for integration tests). */
export const modelsApi = {
  modelEditorOf: (uri: vscode.Uri) => ModelEditorProvider.current(uri),
  lastExplanation: () => ExplainPanel.current(),
  lastPrediction,
  /** The modelLens.modelFiles context key as last set: the workspace's model files, recognised by content. */
  modelFiles: knownModelFiles,
};

/** Model editor, explanation panel and the explain/predict/open commands (issue #6, VS Code side). */
export function registerModels(context: vscode.ExtensionContext): void {
  const ext = context.extensionUri;
  initLastModels(context);
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(MODEL_VIEW_TYPE, new ModelEditorProvider(ext), { supportsMultipleEditorsPerDocument: true }),
    vscode.commands.registerCommand('modelLens.explainModel', guarded('Explain on Dataset', (model?: unknown, dataset?: unknown, options?: unknown) => explainModelCommand(ext, model, dataset, options))),
    vscode.commands.registerCommand('modelLens.predictModel', guarded('Predict on Dataset', (model?: unknown, dataset?: unknown, out?: unknown) => predictModelCommand(model, dataset, out))),
    vscode.commands.registerCommand('modelLens.openModel', guarded('Open in Model Lens', (model?: unknown) => openModelCommand(model))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('modelLens.explain.model')) ProfilePanel.notifyExplainModels();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => ProfilePanel.notifyExplainModels()),
    vscode.window.registerWebviewPanelSerializer(EXPLAIN_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: ExplainPanelState | undefined) => ExplainPanel.revive(panel, ext, state),
    }),
  );
  openModelsInModelView(context);
  watchModelFiles(context).catch((e: unknown) => log().warn(`model file scan failed: ${e instanceof Error ? e.message : String(e)}`));
}
