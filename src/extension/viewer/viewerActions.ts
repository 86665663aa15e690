import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import { checkRulesFile } from '../../core/rules/rulesFile';
import { validateRules } from '../../core/rules/validate';
import { checkRulesAgainstColumns } from '../../core/rules/validateDataset';
import { exportRows, type ExportFormat } from '../../core/viewer/exportRows';
import type { ViewerTable, ViewSpec } from '../../core/viewer/viewerTable';
import type { ViewerAction } from '../../shared/viewerProtocol';
import { withCancellableProgress } from '../engineHost';
import { configuredModel } from '../models/lastModel';
import { RulesPanel } from '../panels/rulesPanel';
import { pickRulesSource } from '../rules/validateCommand';

export interface ActionContext {
  uri: vscode.Uri;
  /** The dataset as core reads it: a path, a folder or a `glob:` pattern. */
  target: string;
  table: ViewerTable;
  spec: ViewSpec;
  row?: number | undefined;
  extensionUri: vscode.Uri;
  notify(message: string): void;
}

/** The commands the viewer's toolbar runs on the whole dataset (each reads the file itself, as from the Explorer). */
const COMMANDS: Partial<Record<ViewerAction, string>> = {
  profile: 'modelLens.profileDataset',
  drift: 'modelLens.checkDriftAgainstReference',
  bias: 'modelLens.runBiasAudit',
  health: 'modelLens.checkPipelineHealth',
};

/**
 * A toolbar or row-detail action of the data viewer. Profile, drift, bias audit and health check run their usual
 * command on the dataset; rules are checked on the rows the viewer's filter keeps; "Explain this row" hands the
 * row to the explanation panel with the configured model; exports write the filtered rows to a new file. Exports
 * and explanations are refused in Restricted Mode (they write a file, or run a model).
 */
export async function runViewerAction(action: ViewerAction, c: ActionContext): Promise<void> {
  const command = COMMANDS[action];
  if (command) {
    await vscode.commands.executeCommand(command, c.uri);
    return;
  }
  switch (action) {
    case 'rules':
      return validateFiltered(c);
    case 'explain':
      return explainRow(c);
    case 'exportCsv':
    case 'exportParquet':
      return exportFiltered(c, action === 'exportCsv' ? 'csv' : 'parquet');
    default:
      throw new Error(`unknown viewer action ${action}`);
  }
}

async function explainRow(c: ActionContext): Promise<void> {
  if (c.row === undefined) return;
  const { model, reason } = configuredModel(c.uri);
  if (!model) throw new InputError('NO_MODEL', `Explain this row: ${reason ?? 'no model is configured; set modelLens.explain.model, or run "Explain on Dataset…" once.'}`);
  await vscode.commands.executeCommand('modelLens.explainModel', model, c.uri, { focusRow: c.row });
}

/** Rules on the rows the current filter keeps; examples give their row in the file. No model scoring here. */
async function validateFiltered(c: ActionContext): Promise<void> {
  const source = await pickRulesSource();
  if (!source) return;
  const { rules, problems } = checkRulesFile(source.text);
  const first = problems[0];
  if (first) throw new InputError(first.code, `${source.label}${source.path ? `:${first.line}:${first.column}` : ''}: ${first.message.split('\n')[0]}`);
  if (rules.length === 0) throw new InputError('RULES_EMPTY', `${source.label} has no rules.`);
  checkRulesAgainstColumns(rules, c.table.columns, source.path ? { path: source.path, text: source.text } : undefined);
  const where = await c.table.whereOf(c.spec);
  const filtered = where !== 'TRUE';
  const label = `${vscode.workspace.asRelativePath(c.uri)}${filtered ? ` (${c.table.rows.toLocaleString('en')} filtered rows)` : ''}`;
  const report = await withCancellableProgress(`Model Lens: validating ${label}`, async (signal) => {
    const engine = c.table.engine;
    const rid = '__model_lens_row';
    return validateRules(rules, {
      kind: 'sql',
      dataset: label,
      table: '',
      relationSql: `(${c.table.selectSql(`*, ${c.table.idExpr} AS ${rid}`, where, undefined)})`,
      rowIdSql: `${rid} + 1`,
      rowNumberSql: `${rid} + 1`,
      execute: (sql) => engine.run(sql, { signal }),
    });
  });
  await RulesPanel.show(c.extensionUri, report);
}

async function exportFiltered(c: ActionContext, format: ExportFormat): Promise<void> {
  if (!vscode.workspace.isTrusted) throw new InputError('UNTRUSTED_WORKSPACE', 'Exports write a new file; trust this workspace to export (Restricted Mode is read-only).');
  const stem = basename(c.target.replace(/[\\/]+$/, '')).replace(/\.(csv|tsv|tab|jsonl|ndjson|parquet|pq|parq|arrow|feather|ipc|xlsx)(\.(gz|zst))?$/i, '');
  const folder = c.table.dataset.multiFile ? dirname(c.target.replace(/[\\/]+$/, '')) : dirname(c.target);
  const picked = await vscode.window.showSaveDialog({
    title: 'Export the filtered rows',
    defaultUri: vscode.Uri.file(join(folder, `${stem}-filtered.${format}`)),
    filters: format === 'csv' ? { CSV: ['csv'] } : { Parquet: ['parquet'] },
  });
  if (!picked) return;
  const written = await withCancellableProgress(`Model Lens: exporting to ${basename(picked.fsPath)}`, (signal) => exportRows(c.target, c.spec, picked.fsPath, format, { signal }));
  c.notify(`Exported ${written.toLocaleString('en')} row${written === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(picked)}.`);
  void vscode.window.showInformationMessage(`Model Lens: exported ${written.toLocaleString('en')} rows to ${basename(picked.fsPath)}.`, 'Open').then((choice) => {
    if (choice === 'Open') void vscode.commands.executeCommand('vscode.open', picked);
  });
}
