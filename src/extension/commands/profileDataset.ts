import * as vscode from 'vscode';
import { statSync } from 'node:fs';
import { FORMAT_EXTENSIONS } from '../../core/data/formats';
import { COMPRESSED_EXTENSIONS } from '../../core/data/sources';
import { ProfilePanel } from '../panels/profilePanel';

const DATASET_EXTENSIONS = [...Object.values(FORMAT_EXTENSIONS).flat(), ...COMPRESSED_EXTENSIONS];

/** A dataset file by its name (compressed text included), or a local folder (a folder of Parquet files). */
export function isDatasetUri(uri: vscode.Uri | undefined): uri is vscode.Uri {
  return !!uri && (DATASET_EXTENSIONS.some((ext) => uri.path.toLowerCase().endsWith(ext)) || isLocalFolder(uri));
}

function isLocalFolder(uri: vscode.Uri): boolean {
  try {
    return uri.scheme === 'file' && statSync(uri.fsPath).isDirectory();
  } catch {
    return false;
  }
}

/**
 * "Model Lens: Profile Dataset". From the Explorer or editor title the file comes as an argument; from the
 * palette, the active editor's file, else a quick pick of the workspace's dataset files.
 */
export async function profileDatasetCommand(extensionUri: vscode.Uri, uri?: vscode.Uri): Promise<void> {
  const target = (uri instanceof vscode.Uri ? uri : undefined) ?? activeDataset() ?? (await pickDataset('Choose a dataset to profile'));
  if (!target) return;
  if (target.scheme !== 'file') {
    throw new Error(`${target.toString()} is not a local file; Model Lens reads datasets from the local file system only.`);
  }
  await ProfilePanel.show(extensionUri, target);
}

function activeDataset(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri ?? tabUri();
  return isDatasetUri(uri) ? uri : undefined;
}

function tabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input && typeof input === 'object' && 'uri' in input && input.uri instanceof vscode.Uri ? input.uri : undefined;
}

export async function pickDataset(placeHolder: string): Promise<vscode.Uri | undefined> {
  const glob = `**/*{${DATASET_EXTENSIONS.join(',')}}`;
  const files = await vscode.workspace.findFiles(glob, '**/node_modules/**', 500);
  if (files.length === 0) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Datasets: DATASET_EXTENSIONS.map((e) => e.slice(1)) } });
    return picked?.[0];
  }
  const item = await vscode.window.showQuickPick(
    files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
    { placeHolder, matchOnDescription: true },
  );
  return item?.uri;
}
