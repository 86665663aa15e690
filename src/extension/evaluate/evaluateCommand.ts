import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Dataset } from '../../core/data/dataset';
import { loadDataset } from '../../core/data/loadDataset';
import { isNumeric } from '../../core/evaluate/evaluationSql';
import type { EvaluateRequest } from '../../shared/evaluateProtocol';
import { isDatasetUri, pickDataset } from '../commands/profileDataset';
import { getEngine } from '../engineHost';
import { EvaluatePanel } from './evaluatePanel';

const LABEL = /(label|target|outcome|actual|^y$|approved|churn|default|fraud|class)/i;
const SCORE = /(score|prob|proba|probability|pred)/i;
const TIME = /(^ts$|time|date|_at$|day|month|week)/i;
const TEMPORAL = /^(DATE|TIMESTAMP.*)$/i;

/**
 * "Evaluate Model…": quick picks for the label, what predicts it (a score or prediction column, or a model
 * file), an optional time column and window, and an optional reference file. The answers are remembered per
 * file (one click next time). The evaluation opens in the Evaluate panel.
 */
export async function evaluateModelCommand(ext: vscode.Uri, context: vscode.ExtensionContext, uri?: vscode.Uri, preset?: EvaluateRequest): Promise<void> {
  const target = preset ? vscode.Uri.file(preset.dataset) : isDatasetUri(uri) ? uri : await pickDataset('Choose a dataset with the true outcome and the model\'s predictions');
  if (!target) return;
  const key = `modelLens.evaluate:${target.toString()}`;
  const remembered = context.workspaceState.get<EvaluateRequest>(key);
  const request = preset ?? (await reuse(remembered)) ?? (await askAbout(target));
  if (!request) return;
  await context.workspaceState.update(key, request);
  const report = await EvaluatePanel.show(ext, request);
  void vscode.window.setStatusBarMessage(`Model Lens: ${report.verdict.text}`, 8000);
}

async function reuse(r: EvaluateRequest | undefined): Promise<EvaluateRequest | undefined> {
  if (!r) return undefined;
  const what = r.model ? `model ${basename(r.model)}` : r.score ? `score ${r.score}` : `prediction ${r.prediction}`;
  const summary = `label ${r.label} · ${what}${r.window ? ` · per ${r.window} of ${r.timeColumn}` : ''}${r.reference ? ` · reference ${basename(r.reference)}` : ''}`;
  const pick = await vscode.window.showQuickPick([{ label: 'Evaluate with the last choices', description: summary, again: true }, { label: 'Choose again…', again: false }], { placeHolder: 'Evaluate Model' });
  return pick?.again ? r : undefined;
}

async function askAbout(target: vscode.Uri): Promise<EvaluateRequest | undefined> {
  const engine = await getEngine();
  const ds = await loadDataset(engine, target.fsPath);
  try {
    return await ask(target, ds);
  } finally {
    await ds.release();
  }
}

const first = (names: string[], re: RegExp) => [...names.filter((n) => re.test(n)), ...names.filter((n) => !re.test(n))];

async function ask(target: vscode.Uri, ds: Dataset): Promise<EvaluateRequest | undefined> {
  const names = ds.columns.map((c) => c.name);
  const label = await vscode.window.showQuickPick(first(names, LABEL), { placeHolder: 'True-outcome (label) column' });
  if (!label) return undefined;
  const rest = names.filter((n) => n !== label);
  const numeric = new Set(ds.columns.filter(isNumeric).map((c) => c.name));
  const MODEL = '$(file-binary) Score the rows with a model file…';
  const source = await vscode.window.showQuickPick(
    [...first(rest, SCORE).map((n) => ({ label: n, description: numeric.has(n) ? 'numeric: a score/probability or a predicted value' : 'predicted class' })), { label: MODEL, description: 'XGBoost, LightGBM or ONNX' }],
    { placeHolder: 'What predicts the label: a score or prediction column, or a model file' },
  );
  if (!source) return undefined;
  const request: EvaluateRequest = { dataset: target.fsPath, label };
  if (source.label === MODEL) {
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Evaluate this model', filters: { Models: ['json', 'ubj', 'txt', 'onnx'] } });
    if (!files?.[0]) return undefined;
    request.model = files[0].fsPath;
  } else if (numeric.has(source.label)) {
    const kind = await vscode.window.showQuickPick([
      { label: 'A score or probability of the positive class', description: 'binary classifier: ROC/PR curves, calibration, CBPE estimates', score: true },
      { label: 'A predicted class or value', description: 'classes (binary/multiclass) or a regression prediction', score: false },
    ], { placeHolder: `What is '${source.label}'?` });
    if (!kind) return undefined;
    if (kind.score) request.score = source.label;
    else request.prediction = source.label;
  } else request.prediction = source.label;
  const times = ds.columns.filter((c) => TEMPORAL.test(c.type)).map((c) => c.name);
  if (times.length) {
    const NONE = '(no time windows: evaluate all rows together)';
    const t = await vscode.window.showQuickPick([...first(times, TIME), NONE], { placeHolder: 'Performance over time: the time column (optional)' });
    if (t === undefined) return undefined;
    if (t !== NONE) {
      const w = await vscode.window.showQuickPick(['week', 'day', 'month', '4chunks', '10chunks'], { placeHolder: `Windows of '${t}'` });
      if (!w) return undefined;
      request.timeColumn = t;
      request.window = w;
    }
  }
  const REF = '$(file) Choose a labelled reference file…';
  const NO_REF = request.window ? '(no reference file: compare with the first window)' : '(no reference file)';
  const ref = await vscode.window.showQuickPick([NO_REF, REF], { placeHolder: 'Reference data (optional): windows are compared with it and CBPE is calibrated on it' });
  if (ref === undefined) return undefined;
  if (ref === REF) {
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Use as reference', defaultUri: vscode.Uri.joinPath(target, '..') });
    if (!files?.[0]) return undefined;
    request.reference = files[0].fsPath;
  }
  return request;
}
