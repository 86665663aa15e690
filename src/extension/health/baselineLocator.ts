import { existsSync } from 'node:fs';
import { basename, extname, isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import type { HealthSettings } from '../../core/health/runHealth';
import type { HealthSeverity } from '../../core/health/types';
import { own } from '../../core/dict';

export const DATASET_GLOB = '**/*.{csv,tsv,tab,parquet,pq,jsonl,ndjson,arrow,feather,ipc}';
export const DATASET_FILE = /\.(csv|tsv|tab|parquet|pq|jsonl|ndjson|arrow|feather|ipc)$/i;
export const BASELINE_DIR = '.modellens/baselines';

/** The conventional baseline of a dataset: <workspace folder>/.modellens/baselines/<file name without extension>.json. */
export function defaultBaselineUri(dataset: vscode.Uri): vscode.Uri | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(dataset);
  if (!folder) return undefined;
  const name = basename(dataset.fsPath, extname(dataset.fsPath));
  return vscode.Uri.joinPath(folder.uri, BASELINE_DIR, `${name}.json`);
}

/** `modelLens.health.baselines`: workspace-relative dataset path → baseline path (workspace-relative or absolute). */
function mapped(dataset: vscode.Uri): vscode.Uri | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(dataset);
  if (!folder) return undefined;
  const map = vscode.workspace.getConfiguration('modelLens.health', dataset).get<Record<string, string>>('baselines', {});
  const rel = vscode.workspace.asRelativePath(dataset, false).replace(/\\/g, '/');
  const target = own(map, rel) ?? own(map, `./${rel}`);
  if (typeof target !== 'string' || !target) return undefined;
  return isAbsolute(target) ? vscode.Uri.file(target) : vscode.Uri.joinPath(folder.uri, target);
}

/** The baseline of a dataset: mapped in settings first, else matched by name; undefined when none exists. */
export function baselineFor(dataset: vscode.Uri): vscode.Uri | undefined {
  if (dataset.scheme !== 'file' || !DATASET_FILE.test(dataset.fsPath)) return undefined;
  const m = mapped(dataset);
  if (m) return m;
  const d = defaultBaselineUri(dataset);
  return d && existsSync(d.fsPath) ? d : undefined;
}

/** Datasets mapped in settings (absolute URIs), for the check at activation. */
export function mappedDatasets(): vscode.Uri[] {
  const out: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const map = vscode.workspace.getConfiguration('modelLens.health', folder.uri).get<Record<string, string>>('baselines', {});
    for (const rel of Object.keys(map)) out.push(isAbsolute(rel) ? vscode.Uri.file(rel) : vscode.Uri.joinPath(folder.uri, rel));
  }
  return out;
}

/** The `modelLens.health.*` overrides of the checks' thresholds and severities. */
export function healthSettings(scope?: vscode.Uri): HealthSettings {
  const cfg = vscode.workspace.getConfiguration('modelLens.health', scope);
  return {
    thresholds: cfg.get<Record<string, number>>('thresholds', {}),
    severities: cfg.get<Record<string, HealthSeverity>>('severities', {}),
    disabled: cfg.get<string[]>('disabled', []),
    distributionTest: cfg.get<string>('distributionTest', 'psi'),
  };
}
