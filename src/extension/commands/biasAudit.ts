import { basename } from 'node:path';
import * as vscode from 'vscode';
import { audit, type AuditOptions, type BiasReport } from '../../core/bias/audit';
import { biasToMarkdown } from '../../core/bias/biasMarkdown';
import { DEFAULT_FAIL_ON, evaluateChecks, parseFailOn, type CheckResult } from '../../core/bias/checks';
import type { Dataset } from '../../core/data/dataset';
import { loadDataset } from '../../core/data/loadDataset';
import { quoteIdent } from '../../core/data/sql';
import { getEngine, withCancellableProgress } from '../engineHost';
import { isDatasetUri, pickDataset } from './profileDataset';

/** What the quick picks ask; remembered per file and optionally saved in the workspace settings. */
export interface BiasChoices {
  sensitive: string[];
  label: string;
  prediction?: string;
  score?: string;
  threshold?: number;
  favorable?: string;
  privileged?: Record<string, string>;
}

const SENSITIVE = /(gender|sex|race|ethnic|age|religion|disab|marital|nationality|citizen|country|language)/i;
const LABEL = /(^y$|label|target|actual|outcome|approved|hired|default|churn|class)/i;
const SETTING = 'biasAudit.presets';
let lastShown: (BiasReport & { checks: CheckResult[] }) | undefined;

/** For tests: the last audit shown. */
export function lastBiasReport(): (BiasReport & { checks: CheckResult[] }) | undefined {
  return lastShown;
}

/**
 * "Run Bias Audit…": quick picks for the sensitive attributes (likely ones pre-selected by name), the label,
 * the prediction (or a score and a threshold), the favourable outcome and an optional privileged group; the
 * answers are remembered for the file, so the next audit is one click. The report opens as a Markdown preview.
 */
export async function runBiasAuditCommand(context: vscode.ExtensionContext, uri?: vscode.Uri, preset?: BiasChoices): Promise<void> {
  const target = isDatasetUri(uri) ? uri : await pickDataset('Choose a dataset to audit');
  if (!target) return;
  const engine = await getEngine();
  const ds = await loadDataset(engine, target.fsPath);
  try {
    const key = `modelLens.bias:${target.toString()}`;
    const saved = vscode.workspace.getConfiguration('modelLens').get<Record<string, BiasChoices>>(SETTING, {})[vscode.workspace.asRelativePath(target)];
    const remembered = context.workspaceState.get<BiasChoices>(key) ?? saved;
    const choices = preset ?? (await reuse(remembered)) ?? (await ask(ds, engine.run.bind(engine)));
    if (!choices) return;
    await context.workspaceState.update(key, choices);
    const options: AuditOptions = {
      dataset: vscode.workspace.asRelativePath(target), sensitive: choices.sensitive, label: choices.label,
      ...(choices.prediction ? { prediction: choices.prediction } : {}),
      ...(choices.score ? { score: choices.score, threshold: choices.threshold ?? 0.5 } : {}),
      ...(choices.favorable !== undefined ? { favorable: choices.favorable } : {}),
      ...(choices.privileged ? { privileged: choices.privileged } : {}),
    };
    const report = await withCancellableProgress(`Model Lens: bias audit of ${basename(target.fsPath)}`, (signal) => audit((sql) => engine.run(sql, { signal }), ds.relation, options));
    const checks = evaluateChecks(report, [parseFailOn(DEFAULT_FAIL_ON)]);
    lastShown = { ...report, checks };
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: biasToMarkdown(lastShown) });
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
    const failed = checks.filter((c) => c.status === 'fail').length;
    void vscode.window.showInformationMessage(`Model Lens: bias audit of ${basename(target.fsPath)}: ${failed ? `${failed} check(s) failed (four-fifths rule)` : 'all checks passed'}.`, 'Save Choices to Workspace Settings').then(async (a) => {
      if (!a) return;
      const cfg = vscode.workspace.getConfiguration('modelLens');
      await cfg.update(SETTING, { ...cfg.get<Record<string, BiasChoices>>(SETTING, {}), [vscode.workspace.asRelativePath(target)]: choices }, vscode.ConfigurationTarget.Workspace);
    });
  } finally {
    await ds.release();
  }
}

async function reuse(c: BiasChoices | undefined): Promise<BiasChoices | undefined> {
  if (!c) return undefined;
  const summary = `${c.sensitive.join(', ')} · label ${c.label} · ${c.prediction ? `prediction ${c.prediction}` : `score ${c.score} ≥ ${c.threshold}`}`;
  const pick = await vscode.window.showQuickPick([{ label: 'Run with the last choices', description: summary, again: true }, { label: 'Choose again…', again: false }], { placeHolder: 'Bias audit' });
  return pick?.again ? c : undefined;
}

async function ask(ds: Dataset, run: (sql: string) => Promise<Record<string, unknown>[]>): Promise<BiasChoices | undefined> {
  const names = ds.columns.map((c) => c.name);
  const sensitive = await vscode.window.showQuickPick(names.map((n) => ({ label: n, picked: SENSITIVE.test(n) })), { canPickMany: true, placeHolder: 'Sensitive attribute(s) — likely ones are pre-selected' });
  if (!sensitive?.length) return undefined;
  const rest = names.filter((n) => !sensitive.some((s) => s.label === n));
  const label = await vscode.window.showQuickPick([...rest.filter((n) => LABEL.test(n)), ...rest.filter((n) => !LABEL.test(n))], { placeHolder: 'True-label column' });
  if (!label) return undefined;
  const SCORE = '$(symbol-number) Use a score column and a threshold…';
  const prediction = await vscode.window.showQuickPick([...rest.filter((n) => n !== label), SCORE], { placeHolder: 'Prediction column' });
  if (!prediction) return undefined;
  const choices: BiasChoices = { sensitive: sensitive.map((s) => s.label), label };
  if (prediction === SCORE) {
    const score = await vscode.window.showQuickPick(rest.filter((n) => n !== label), { placeHolder: 'Score column (probabilities in [0, 1])' });
    const t = score && (await vscode.window.showInputBox({ prompt: 'Threshold: score ≥ threshold means the favourable outcome', value: '0.5', validateInput: (v) => (Number(v) >= 0 && Number(v) <= 1 ? undefined : 'a number from 0 to 1') }));
    if (!score || !t) return undefined;
    Object.assign(choices, { score, threshold: Number(t) });
  } else choices.prediction = prediction;
  const values = (await run(`SELECT DISTINCT ${quoteIdent(label)}::VARCHAR AS v FROM ${ds.relation} WHERE ${quoteIdent(label)} IS NOT NULL ORDER BY 1 LIMIT 20`)).map((r) => String(r['v']));
  const favorable = await vscode.window.showQuickPick(values.sort((a, b) => Number(/^(1|true|yes|y)$/i.test(b)) - Number(/^(1|true|yes|y)$/i.test(a))), { placeHolder: 'Favourable outcome value' });
  if (!favorable) return undefined;
  choices.favorable = favorable;
  const first = choices.sensitive[0]!;
  const groups = (await run(`SELECT DISTINCT ${quoteIdent(first)}::VARCHAR AS v FROM ${ds.relation} WHERE ${quoteIdent(first)} IS NOT NULL ORDER BY 1 LIMIT 50`)).map((r) => String(r['v']));
  const NONE = '(none: compare with the group with the highest selection rate)';
  const privileged = await vscode.window.showQuickPick([NONE, ...groups.map((g) => `${first}=${g}`)], { placeHolder: 'Privileged group (optional)' });
  if (privileged === undefined) return undefined;
  if (privileged !== NONE) choices.privileged = { [first]: privileged.slice(first.length + 1) };
  return choices;
}
