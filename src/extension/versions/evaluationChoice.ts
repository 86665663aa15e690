import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { FORMAT_EXTENSIONS } from '../../core/data/formats';
import { loadDataset } from '../../core/data/loadDataset';
import type { EvalChoice } from '../../shared/versionsProtocol';
import { getEngine } from '../engineHost';

const DATASET_EXTENSIONS = Object.values(FORMAT_EXTENSIONS).flat();
const LABEL = /(^y$|label|target|actual|outcome|approved|default|churn|class)/i;
const NONE = '$(circle-slash) No dataset: compare metadata and recorded metrics only';
const NO_LABEL = '$(circle-slash) No label: compare predictions only';

/** The configured evaluation dataset (modelLens.versions.evaluationData, workspace-relative or absolute) and label. */
function fromSettings(): EvalChoice | undefined {
  const cfg = vscode.workspace.getConfiguration('modelLens');
  const data = cfg.get<string>('versions.evaluationData', '').trim();
  if (!data) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const path = isAbsolute(data) || !folder ? data : join(folder.uri.fsPath, data);
  const label = cfg.get<string>('versions.labelColumn', '').trim();
  return { data: path, ...(label ? { label } : {}) };
}

/**
 * The evaluation dataset for a model: remembered for it, else the setting, else asked (a quick pick of the
 * workspace's datasets, then its label column). `force` asks again. undefined = the person cancelled.
 */
export async function evaluationChoice(context: vscode.ExtensionContext, key: string, force = false): Promise<EvalChoice | undefined> {
  const stateKey = `modelLens.versions.eval:${key}`;
  if (!force) {
    const remembered = context.workspaceState.get<EvalChoice>(stateKey);
    if (remembered) return remembered;
    const configured = fromSettings();
    if (configured) return configured;
  }
  const choice = await ask();
  if (choice) await context.workspaceState.update(stateKey, choice);
  return choice;
}

async function ask(): Promise<EvalChoice | undefined> {
  const files = await vscode.workspace.findFiles(`**/*{${DATASET_EXTENSIONS.join(',')}}`, '{**/node_modules/**,**/mlruns/**}', 500);
  const pick = await vscode.window.showQuickPick([{ label: NONE, path: '' }, ...files.map((f) => ({ label: vscode.workspace.asRelativePath(f), path: f.fsPath }))], { placeHolder: 'Evaluation dataset for the comparison (remembered for this model)' });
  if (!pick) return undefined;
  if (!pick.path) return {};
  const engine = await getEngine();
  const ds = await loadDataset(engine, pick.path);
  const names = ds.columns.map((c) => c.name);
  await ds.release();
  const label = await vscode.window.showQuickPick([...names.filter((n) => LABEL.test(n)), ...names.filter((n) => !LABEL.test(n)), NO_LABEL], { placeHolder: 'Label column (true outcome) for metric deltas' });
  if (!label) return undefined;
  return { data: pick.path, ...(label === NO_LABEL ? {} : { label }) };
}
