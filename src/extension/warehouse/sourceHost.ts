import * as vscode from 'vscode';
import type { TableOpener } from '../../core/checks/checkTables';
import type { Dataset } from '../../core/data/dataset';
import { InputError } from '../../core/errors';
import { formatBytes, type ConfirmScan } from '../../core/warehouse/costGuard';
import { WarehousePlanExecutor } from '../../core/warehouse/planExecutor';
import { openSourceDataset } from '../../core/warehouse/sourceDataset';
import { loadSources } from '../../core/warehouse/sources/loadSources';
import { envSecrets, openSource, type SecretResolver } from '../../core/warehouse/sources/openSource';
import type { WarehouseExecutor } from '../../core/warehouse/types';
import type { SourceConfig } from '../../core/warehouse/sources/sourceConfig';
import { sourceTables } from '../../core/warehouse/sources/tableOpener';
import { parseSourceRef } from '../../core/warehouse/sources/sourceRef';

let secretStorage: vscode.SecretStorage | undefined;

/** Called once at activation: where `${secret:NAME}` values live. */
export function useSecretStorage(secrets: vscode.SecretStorage): void {
  secretStorage = secrets;
}

export const secretKey = (name: string): string => `modelLens.source.${name}`;

/** `${secret:NAME}` from VS Code's SecretStorage, `${env:NAME}` from the extension host's environment. */
const editorSecrets: SecretResolver = async (ref) => (ref.from === 'secret' ? secretStorage?.get(secretKey(ref.name)) : envSecrets(ref));

/** The workspace's modellens.yml, if any (first folder). */
export function workspaceConfigFile(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && vscode.Uri.joinPath(folder.uri, 'modellens.yml');
}

/** The sources declared in the workspace's modellens.yml (empty when it has none or there is no file). */
export function workspaceSources(): Map<string, SourceConfig> {
  const file = workspaceConfigFile();
  if (!file) return new Map();
  try {
    return loadSources(file.fsPath).sources;
  } catch (e) {
    if (e instanceof Error && 'code' in e && (e as { code: string }).code === 'FILE_NOT_FOUND') return new Map();
    throw e;
  }
}

/**
 * The one place the editor connects to a source. modellens.yml chooses the host that receives the
 * `${secret:…}` and `${env:…}` values it names, so a workspace that is not trusted could send the user's stored
 * credentials anywhere: in Restricted Mode nothing connects (UNTRUSTED_WORKSPACE, before any secret is read).
 */
export function requireSourceTrust(source?: string): void {
  if (vscode.workspace.isTrusted) return;
  const what = source === undefined ? 'Model Lens connects to no database' : `source '${source}' is not opened`;
  throw new InputError('UNTRUSTED_WORKSPACE', `${what} in Restricted Mode: this workspace's modellens.yml decides which host receives your stored passwords and tokens. Trust the workspace (Workspaces: Manage Workspace Trust) to connect.`, source === undefined ? {} : { source });
}

/** Connects to a source of the workspace's modellens.yml (trusted workspaces only), with the editor's secrets. */
export async function openEditorSource(config: SourceConfig): Promise<WarehouseExecutor> {
  requireSourceTrust(config.name);
  return openSource(config, editorSecrets);
}

/** Tables for a checks run in the editor: one connection per source for the run; nothing connects in Restricted Mode. */
export function editorTables(sources: ReadonlyMap<string, SourceConfig>): { open: TableOpener; close(): Promise<void> } {
  const tables = sourceTables(sources, { secrets: editorSecrets, confirm: confirmScan });
  return {
    open: async (table, signal) => {
      requireSourceTrust(parseSourceRef(table.ref).source);
      return tables.open(table, signal);
    },
    close: () => tables.close(),
  };
}

/** The editor's cost guard: a modal dialog with the engine's estimate. */
const confirmScan: ConfirmScan = async (estimate, limit, what) => {
  const go = 'Run the Query';
  const answer = await vscode.window.showWarningMessage(
    estimate.bytes === null ? `${what} would scan an unknown amount: ${estimate.method}. This source's limit is ${formatBytes(limit)}.` : `${what} would scan about ${formatBytes(estimate.bytes)} (the engine's estimate: ${estimate.method}), above this source's limit of ${formatBytes(limit)}.`,
    { modal: true, detail: 'Only aggregates come back, but the warehouse may bill the scan. Raise maxScanBytes in modellens.yml to stop this question.' },
    go,
  );
  return answer === go;
};

/** Opens a `source:table` reference for an analysis: the executor (read-only session) and the table as a Dataset. */
export async function openTable(ref: string, what: string, signal: AbortSignal): Promise<{ executor: WarehousePlanExecutor; ds: Dataset; close(): Promise<void> }> {
  const parsed = parseSourceRef(ref);
  const config = workspaceSources().get(parsed.source);
  if (!config) throw new Error(`source '${parsed.source}' is not declared in modellens.yml; run "Model Lens: Connect to a Database…".`);
  const warehouse = await openEditorSource(config);
  const executor = new WarehousePlanExecutor(warehouse, { maxScanBytes: config.maxScanBytes, confirm: confirmScan, what: `${what} of ${ref}` });
  try {
    return { executor, ds: await openSourceDataset(executor, parsed, { signal }), close: () => warehouse.close() };
  } catch (e) {
    await warehouse.close();
    throw e;
  }
}
