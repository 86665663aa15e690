import * as vscode from 'vscode';
import type { EvaluationReport } from '../../core/evaluate/types';
import { parseEvaluateRequest } from '../../shared/evaluateProtocol';
import type { HistorySnapshot } from '../../shared/historyProtocol';
import { HistoryPanel, HISTORY_VIEW_TYPE } from '../history/historyPanel';
import { guarded } from '../log';
import { evaluateModelCommand } from './evaluateCommand';
import { EVALUATE_VIEW_TYPE, EvaluatePanel } from './evaluatePanel';

/** What integration tests read (part of ModelLensApi). */
export interface EvaluateApi {
  lastEvaluation(): EvaluationReport | undefined;
  shownHistory(): HistorySnapshot | undefined;
}

/** "Evaluate Model…" (explorer, editor title, palette), "Show Run History" and the panel serializers. */
export function registerEvaluate(context: vscode.ExtensionContext): EvaluateApi {
  const ext = context.extensionUri;
  context.subscriptions.push(
    vscode.commands.registerCommand('modelLens.evaluateModel', guarded('Evaluate Model', (uri?: unknown, preset?: unknown) =>
      evaluateModelCommand(ext, context, uri instanceof vscode.Uri ? uri : undefined, parseEvaluateRequest(preset)))),
    vscode.commands.registerCommand('modelLens.showHistory', guarded('Show Run History', async (arg?: unknown) => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) {
        void vscode.window.showInformationMessage('Model Lens: open a folder first; the run history lives in its .modellens/history.');
        return;
      }
      // From the Checks view the argument is a tree node with the check; from tests an id; from the palette nothing.
      const check = typeof arg === 'string' ? arg : (arg as { check?: { id?: unknown } } | undefined)?.check?.id;
      HistoryPanel.show(ext, { folder: folder.uri.fsPath, ...(typeof check === 'string' ? { check } : {}) });
    })),
    vscode.window.registerWebviewPanelSerializer(EVALUATE_VIEW_TYPE, { deserializeWebviewPanel: async (panel, state: unknown) => EvaluatePanel.revive(panel, ext, state) }),
    vscode.window.registerWebviewPanelSerializer(HISTORY_VIEW_TYPE, { deserializeWebviewPanel: async (panel, state: unknown) => HistoryPanel.revive(panel, ext, state) }),
  );
  return { lastEvaluation: () => EvaluatePanel.last(), shownHistory: () => HistoryPanel.shown() };
}
