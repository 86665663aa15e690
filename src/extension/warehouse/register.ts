import * as vscode from 'vscode';
import { guarded } from '../log';
import { ProfilePanel } from '../panels/profilePanel';
import { connectDatabaseCommand, connectUsesSecrets } from './connectCommand';
import { useSecretStorage } from './sourceHost';
import { SourcesView } from './sourcesView';
import { tableUri } from './tableUri';

/** Warehouse sources in the editor: "Connect to a Database…", the Sources view, and panels on a table. */
export function registerWarehouse(context: vscode.ExtensionContext): { sourcesView: SourcesView } {
  useSecretStorage(context.secrets);
  connectUsesSecrets(context.secrets);
  const view = new SourcesView();
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('modelLens.sources', view),
    vscode.commands.registerCommand('modelLens.connectDatabase', guarded('Connect to a Database', (arg?: unknown) => connectDatabaseCommand(arg))),
    vscode.commands.registerCommand('modelLens.refreshSources', () => view.refresh()),
    vscode.commands.registerCommand('modelLens.profileTable', guarded('Profile Table', async (ref?: unknown) => {
      const r = typeof ref === 'string' ? ref : await vscode.window.showInputBox({ prompt: 'Table to profile, as <source>:<schema.table>', placeHolder: 'pg:public.features' });
      if (!r) return;
      const at = r.indexOf(':');
      await ProfilePanel.show(context.extensionUri, tableUri(r.slice(0, at), r.slice(at + 1)));
    })),
  );
  const watcher = vscode.workspace.createFileSystemWatcher('**/modellens.{yml,yaml}');
  context.subscriptions.push(watcher, watcher.onDidChange(() => view.refresh()), watcher.onDidCreate(() => view.refresh()), watcher.onDidDelete(() => view.refresh()));
  return { sourcesView: view };
}
