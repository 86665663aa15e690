import * as vscode from 'vscode';
import type { DatasetProfile } from '../core/profile/types';
import type { ProfilePanelState } from '../shared/protocol';
import { profileDatasetCommand } from './commands/profileDataset';
import { disposeEngine } from './engineHost';
import { guarded, lastReportedError, log, type ReportedError } from './log';
import { PROFILE_VIEW_TYPE, ProfilePanel } from './panels/profilePanel';

/** Wiring only: commands, serializers, disposables. The engine starts on first use, not here. */
export interface ModelLensApi {
  /** The profile a panel currently shows for a file, if one is open. */
  profileOf(uri: vscode.Uri): DatasetProfile | undefined;
  /** The last error reported to the user. */
  lastError(): ReportedError | undefined;
}

export function activate(context: vscode.ExtensionContext): ModelLensApi {
  const ext = context.extensionUri;
  context.subscriptions.push(
    log(),
    vscode.commands.registerCommand('modelLens.profileDataset', guarded('Profile Dataset', (uri?: vscode.Uri) => profileDatasetCommand(ext, uri))),
    vscode.window.registerWebviewPanelSerializer(PROFILE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: ProfilePanelState | undefined) => ProfilePanel.revive(panel, ext, state),
    }),
  );
  log().info('Model Lens activated');
  // A small API for integration tests and other extensions: read what a panel shows.
  return { profileOf: (uri) => ProfilePanel.current(uri), lastError: lastReportedError };
}

export async function deactivate(): Promise<void> {
  await disposeEngine();
}
