import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { loadDataset } from '../../core/data/loadDataset';
import { InputError } from '../../core/errors';
import { csvLinesOfRows } from '../../core/rules/csvLines';
import { checkRulesFile } from '../../core/rules/rulesFile';
import type { RulesReport } from '../../core/rules/validate';
import { validateDataset } from '../../core/rules/validateDataset';
import { withPredictions } from '../../core/rules/withPredictions';
import { requireTrustedModelAccess } from '../trust';
import type { Model } from '../../core/models/types';
import { isDatasetUri, pickDataset } from '../commands/profileDataset';
import { getEngine, withCancellableProgress } from '../engineHost';
import { RulesPanel } from '../panels/rulesPanel';
import { RULES_FILE } from './rulesDiagnostics';

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;

/**
 * The model from `modelLens.rules.model`, which scores the dataset before the rules run (its output is the column
 * named by `modelLens.rules.predictionColumn`). Never in an untrusted workspace: a model is only read, never
 * executed, but a restricted workspace must not run models at all.
 */
function configuredModel(dataset: vscode.Uri): { model: Model; column: string } | undefined {
  const cfg = vscode.workspace.getConfiguration('modelLens', dataset);
  const path = cfg.get<string>('rules.model', '').trim();
  if (!path) return undefined;
  if (!vscode.workspace.isTrusted) throw new Error('modelLens.rules.model is set, but this workspace is not trusted: trust it to score datasets with a model, or clear the setting.');
  const folder = vscode.workspace.getWorkspaceFolder(dataset) ?? vscode.workspace.workspaceFolders?.[0];
  const file = folder && !path.startsWith('/') ? vscode.Uri.joinPath(folder.uri, path).fsPath : path;
  return { model: requireTrustedModelAccess('Scoring with modelLens.rules.model').read(file), column: cfg.get<string>('rules.predictionColumn', 'prediction') };
}

/** Where rules come from: a rules file, or the `modelLens.rules` list of the workspace settings. */
export interface RulesSource {
  label: string;
  text: string;
  path?: string;
}

const SETTINGS_LABEL = 'settings (modelLens.rules)';

function settingsRules(): RulesSource | undefined {
  const list = vscode.workspace.getConfiguration('modelLens').get<unknown[]>('rules', []);
  return Array.isArray(list) && list.length ? { label: SETTINGS_LABEL, text: JSON.stringify({ rules: list }, null, 2) } : undefined;
}

export async function pickRulesSource(): Promise<RulesSource | undefined> {
  const files = (await vscode.workspace.findFiles('**/*.rules.{yml,yaml,json}', '**/node_modules/**', 200)).filter((f) => RULES_FILE.test(f.path));
  const fromSettings = settingsRules();
  const fromFile = (f: vscode.Uri): RulesSource => ({ label: vscode.workspace.asRelativePath(f), text: readFileSync(f.fsPath, 'utf8'), path: f.fsPath });
  if (files.length === 1 && !fromSettings) return fromFile(files[0]!);
  if (files.length === 0 && fromSettings) return fromSettings;
  if (files.length === 0) throw new Error('No rules found: add a *.rules.yml file with a "rules:" list (e.g. "- id: non-negative-price" / "expr: predicted_price >= 0"), or a "modelLens.rules" list to the workspace settings.');
  const items = [...(fromSettings ? [{ label: SETTINGS_LABEL, uri: undefined as vscode.Uri | undefined }] : []), ...files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f as vscode.Uri | undefined }))];
  const item = await vscode.window.showQuickPick(items, { placeHolder: 'Rules to check' });
  if (!item) return undefined;
  return item.uri ? fromFile(item.uri) : fromSettings;
}

/**
 * "Validate Against Rules": check every rule on the dataset inside DuckDB, show the results panel, and put one
 * diagnostic per failing rule on the dataset file (at the first violating row's line for CSV/TSV).
 */
export async function validateRulesCommand(ext: vscode.Uri, diagnostics: vscode.DiagnosticCollection, uri?: vscode.Uri, rulesUri?: vscode.Uri | 'settings'): Promise<RulesReport | undefined> {
  const dataset = isDatasetUri(uri) ? uri : await pickDataset('Choose the dataset to validate');
  if (!dataset) return undefined;
  const source = rulesUri === 'settings' ? settingsRules() : rulesUri ? { label: vscode.workspace.asRelativePath(rulesUri), text: readFileSync(rulesUri.fsPath, 'utf8'), path: rulesUri.fsPath } : await pickRulesSource();
  if (!source) return undefined;
  const { rules, problems } = checkRulesFile(source.text);
  const first = problems[0];
  if (first) throw new InputError(first.code, `${source.label}${source.path ? `:${first.line}:${first.column}` : ''}: ${first.message.split('\n')[0]}`);
  if (rules.length === 0) throw new InputError('RULES_EMPTY', `${source.label} has no rules.`);
  const engine = await getEngine();
  const report = await withCancellableProgress(`Model Lens: validating ${basename(dataset.fsPath)}`, async (signal, progress) => {
    const loaded = await loadDataset(engine, dataset.fsPath, { signal, onProgress: (f) => progress(0.6 * f) });
    const model = configuredModel(dataset);
    const ds = model ? await withPredictions(engine, loaded, model.model, model.column, { signal }).finally(() => loaded.release()) : loaded;
    try {
      const r = await validateDataset(engine, ds, rules, { signal, onProgress: (f) => progress(0.6 + 0.4 * f), label: vscode.workspace.asRelativePath(dataset), ...(source.path ? { rulesSource: { path: source.path, text: source.text } } : {}) });
      const failed = r.rules.filter((x) => x.status === 'fail');
      const rows = failed.flatMap((x) => (x.examples[0]?.row !== undefined ? [x.examples[0].row] : []));
      const lines = (ds.format === 'csv' || ds.format === 'tsv') && !ds.compression ? csvLinesOfRows(ds.path, rows) : new Map<number, number>();
      diagnostics.set(dataset, failed.map((x) => {
        const row = x.examples[0]?.row;
        const line = row !== undefined ? (lines.get(row) ?? 1) - 1 : 0;
        const pct = (v: number) => `${(100 * v).toFixed(3).replace(/\.?0+$/, '')}%`;
        const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 0), `rule '${x.id}' (${x.expr}): ${x.violations} of ${x.rows} rows violate it (${pct(x.rate)} > allowed ${pct(x.maxRate)})${row !== undefined ? `; first at data row ${row}` : ''}`, SEVERITY[x.severity]);
        d.source = 'Model Lens rules';
        d.code = x.id;
        return d;
      }));
      return r;
    } finally {
      await ds.release();
    }
  });
  await RulesPanel.show(ext, report);
  return report;
}
