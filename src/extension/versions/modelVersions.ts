import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { dvcRevisions } from '../../core/versions/sources/dvc';
import { gitLog, gitRoot, isModified, previousRevision } from '../../core/versions/sources/git';
import { listRuns, type MlflowRun } from '../../core/versions/sources/mlflow';
import type { VersionRef } from '../../shared/versionsProtocol';
import { modelFilePaths } from '../models/modelFiles';

/** A model the "Model Versions" view lists: a model file, or an MLflow experiment (its runs are the versions). */
export type ModelEntry = { kind: 'file'; path: string } | { kind: 'mlflow'; mlruns: string; experimentId: string; name: string };

/** One version of a model, newest first in lists; `previous` is the version before it, when known. */
export interface VersionEntry {
  ref: VersionRef;
  label: string;
  description: string;
  tooltip: string;
  previous?: VersionRef;
}

const MAX_MODELS = 200;
/** Model files in these folders are not listed as files: mlruns artifacts are listed as MLflow runs, .dvc is DVC's cache. */
const NOT_LISTED = /(^|\/)(mlruns|\.dvc)\//;

/**
 * Model files and MLflow experiments in the workspace (node_modules, .git and mlruns internals skipped). The
 * files are those of the `modelLens.modelFiles` context key (modelFilePaths in ../models/modelFiles.ts, the one
 * place that reads their heads), so the view and the explorer menus always agree.
 */
export async function findModels(): Promise<ModelEntry[]> {
  const files = (await modelFilePaths()).filter((p) => !NOT_LISTED.test(vscode.workspace.asRelativePath(p, false)));
  const models: ModelEntry[] = files.sort((a, b) => a.localeCompare(b)).slice(0, MAX_MODELS).map((path) => ({ kind: 'file', path }));
  const metas = await vscode.workspace.findFiles('**/mlruns/*/meta.yaml', '**/node_modules/**', 200);
  const seen = new Set<string>();
  for (const m of metas) {
    const mlruns = dirname(dirname(m.fsPath));
    if (seen.has(mlruns)) continue;
    seen.add(mlruns);
    const byExp = new Map<string, MlflowRun>();
    for (const r of listRuns(mlruns)) if (r.models.length) byExp.set(r.experimentId, r);
    for (const [experimentId, r] of byExp) models.push({ kind: 'mlflow', mlruns, experimentId, name: r.experimentName });
  }
  return models;
}

const day = (iso: string): string => iso.slice(0, 10);
const metricsText = (m: Record<string, number>): string => Object.entries(m).slice(0, 3).map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`).join(', ');

/** The versions of a model, newest first: working copy, git history, DVC revisions; or an experiment's runs. */
export async function versionsOf(model: ModelEntry): Promise<VersionEntry[]> {
  if (model.kind === 'mlflow') {
    const runs = listRuns(model.mlruns).filter((r) => r.experimentId === model.experimentId && r.models.length).reverse();
    return runs.map((r, i) => ({
      ref: { kind: 'mlflow', mlruns: model.mlruns, runId: r.runId },
      label: r.runName,
      description: [r.startTime ? day(new Date(r.startTime).toISOString()) : '', metricsText(r.metrics), r.registered.join(', ')].filter(Boolean).join(' · '),
      tooltip: `MLflow run ${r.runId}\nexperiment ${r.experimentName}, ${r.status}\n${Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(', ')}`,
      ...(runs[i + 1] ? { previous: { kind: 'mlflow' as const, mlruns: model.mlruns, runId: runs[i + 1]!.runId } } : {}),
    }));
  }
  const path = model.path;
  const out: VersionEntry[] = [];
  // git runs repository hooks/config (e.g. core.fsmonitor): only in trusted workspaces.
  const inGit = vscode.workspace.isTrusted && (await gitRoot(path)) !== null;
  const commits = inGit ? await gitLog(path, 50).catch(() => []) : [];
  const prev = inGit ? await previousRevision(path).catch(() => null) : null;
  out.push({
    ref: { kind: 'file', path },
    label: 'Working copy',
    description: inGit ? ((await isModified(path)) ? 'modified' : 'committed') : '',
    tooltip: path,
    ...(prev ? { previous: { kind: 'git' as const, path, rev: prev.hash } } : {}),
  });
  commits.forEach((c, i) => out.push({
    ref: { kind: 'git', path, rev: c.hash },
    label: c.subject || c.short,
    description: `${c.short} · ${c.author} · ${day(c.date)}`,
    tooltip: `${c.hash}\n${c.author}, ${c.date}\n${c.subject}`,
    ...(commits[i + 1] ? { previous: { kind: 'git' as const, path, rev: commits[i + 1]!.hash } } : {}),
  }));
  const dvc = inGit ? (await dvcRevisions(path).catch(() => [])).filter((r) => r.cached) : [];
  dvc.forEach((r, i) => out.push({
    ref: { kind: 'dvc', path, md5: r.md5, commit: r.commit },
    label: `DVC: ${r.subject || r.short}`,
    description: `${r.short} · ${day(r.date)} · md5 ${r.md5.slice(0, 8)}`,
    tooltip: `DVC-tracked ${basename(path)} at ${r.commit}\nmd5 ${r.md5}`,
    ...(dvc[i + 1] ? { previous: { kind: 'dvc' as const, path, md5: dvc[i + 1]!.md5, commit: dvc[i + 1]!.commit } } : {}),
  }));
  return out;
}

type Node = { type: 'model'; model: ModelEntry } | { type: 'version'; model: ModelEntry; version: VersionEntry };

/** The "Model Versions" tree: models, each expanding to its versions (with Compare with… / Compare with Previous). */
export class ModelVersionsProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      return (await findModels()).map((model) => ({ type: 'model', model }));
    }
    if (node.type === 'version') return [];
    return (await versionsOf(node.model)).map((version) => ({ type: 'version', model: node.model, version }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.type === 'model') {
      const m = node.model;
      const item = new vscode.TreeItem(m.kind === 'file' ? basename(m.path) : `${m.name} (MLflow)`, vscode.TreeItemCollapsibleState.Collapsed);
      if (m.kind === 'file') {
        item.resourceUri = vscode.Uri.file(m.path);
        item.description = vscode.workspace.asRelativePath(dirname(m.path));
        item.contextValue = 'modelLens.model';
      } else {
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.description = vscode.workspace.asRelativePath(join(m.mlruns, m.experimentId));
        item.contextValue = 'modelLens.mlflowExperiment';
      }
      return item;
    }
    const v = node.version;
    const item = new vscode.TreeItem(v.label, vscode.TreeItemCollapsibleState.None);
    item.description = v.description;
    item.tooltip = v.tooltip;
    item.iconPath = new vscode.ThemeIcon(v.ref.kind === 'git' ? 'git-commit' : v.ref.kind === 'mlflow' ? 'beaker' : v.ref.kind === 'dvc' ? 'database' : 'file');
    item.contextValue = v.previous ? 'modelLens.modelVersion.hasPrevious' : 'modelLens.modelVersion';
    return item;
  }
}

/** Tree nodes arrive as command arguments from the view's menus. */
export function isVersionNode(v: unknown): v is { type: 'version'; model: ModelEntry; version: VersionEntry } {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'version';
}

export function isModelNode(v: unknown): v is { type: 'model'; model: ModelEntry } {
  return typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'model';
}
