import * as vscode from 'vscode';
import type { ProfilePanelState } from '../shared/protocol';
import { profileDatasetCommand } from './commands/profileDataset';
import { disposeEngine } from './engineHost';
import { guarded, log } from './log';
import { PROFILE_VIEW_TYPE, ProfilePanel } from './panels/profilePanel';

/** Wiring only: commands, serializers, disposables. The engine starts on first use, not here. */
export function activate(context: vscode.ExtensionContext): { profileOf: (uri: vscode.Uri) => unknown } {
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
  return { profileOf: (uri) => ProfilePanel.current(uri) };
}

export async function deactivate(): Promise<void> {
  await disposeEngine();
}
