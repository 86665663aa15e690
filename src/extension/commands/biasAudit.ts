import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { BiasReport } from '../../core/bias/audit';
import type { CheckResult } from '../../core/bias/checks';
import type { BiasAuditChoices } from '../../shared/protocol';
import { BiasPanel } from '../panels/biasPanel';
import type { Dataset } from '../../core/data/dataset';
import { loadDataset } from '../../core/data/loadDataset';
import { quoteIdent } from '../../core/data/sql';
import { getEngine } from '../engineHost';
import { isDatasetUri, pickDataset } from './profileDataset';
import { own } from '../../core/dict';

/** What the quick picks ask; remembered per file and optionally saved in the workspace settings. */
export type BiasChoices = BiasAuditChoices;

const SENSITIVE = /(^|[_ -])(gender|sex|race|ethnicity|ethnic|age|age_band|age_group|religion|disability|marital_status|nationality|citizenship|country|language)([_ -]|$)/i;
const LABEL = /(^y$|label|target|actual|outcome|approved|hired|default|churn|class)/i;
const SETTING = 'biasAudit.presets';
const MAX_PRESELECTED_LEVELS = 20;
let lastShown: (BiasReport & { checks: CheckResult[] }) | undefined;

/** For tests: the last audit shown. */
export function lastBiasReport(): (BiasReport & { checks: CheckResult[] }) | undefined {
  return lastShown;
}

/**
 * "Run Bias Audit…": quick picks for the sensitive attributes (likely ones pre-selected by name), the label,
 * the prediction (or a score and a threshold), the favourable outcome and an optional privileged group; the
 * answers are remembered for the file, so the next audit is one click. The results open in the bias panel.
 */
export async function runBiasAuditCommand(ext: vscode.Uri, context: vscode.ExtensionContext, uri?: vscode.Uri, preset?: BiasChoices): Promise<void> {
  const target = isDatasetUri(uri) ? uri : await pickDataset('Choose a dataset to audit');
  if (!target) return;
  {
    const key = `modelLens.bias:${target.toString()}`;
    const saved = own(vscode.workspace.getConfiguration('modelLens').get<Record<string, BiasChoices>>(SETTING, {}), vscode.workspace.asRelativePath(target));
    const remembered = context.workspaceState.get<BiasChoices>(key) ?? saved;
    const choices = preset ?? (await reuse(remembered)) ?? (await askAbout(target));
    if (!choices) return;
    await context.workspaceState.update(key, choices);
    lastShown = await BiasPanel.show(ext, target, choices);
    const checks = lastShown.checks;
    const failed = checks.filter((c) => c.status === 'fail').length;
    void vscode.window.showInformationMessage(`Model Lens: bias audit of ${basename(target.fsPath)}: ${failed ? `${failed} check(s) failed (four-fifths rule)` : 'all checks passed'}.`, 'Save Choices to Workspace Settings').then(async (a) => {
      if (!a) return;
      const cfg = vscode.workspace.getConfiguration('modelLens');
      await cfg.update(SETTING, { ...cfg.get<Record<string, BiasChoices>>(SETTING, {}), [vscode.workspace.asRelativePath(target)]: choices }, vscode.ConfigurationTarget.Workspace);
    });
  }
}

/** Open the dataset only to list its columns and values for the quick picks. */
async function askAbout(target: vscode.Uri): Promise<BiasChoices | undefined> {
  const engine = await getEngine();
  const ds = await loadDataset(engine, target.fsPath);
  try {
    return await ask(ds, (sql) => engine.run(sql));
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
  // Pre-select likely attributes by name, but not ones with many values (e.g. raw age): they need binning first.
  const likely = names.filter((n) => SENSITIVE.test(n));
  const distinct = likely.length ? (await run(`SELECT ${likely.map((n, i) => `approx_count_distinct(${quoteIdent(n)}) AS "d${i}"`).join(', ')} FROM ${ds.relation}`))[0] ?? {} : {};
  const levels = new Map(likely.map((n, i) => [n, Number(distinct[`d${i}`] ?? 0)]));
  const sensitive = await vscode.window.showQuickPick(
    names.map((n) => {
      const k = levels.get(n);
      return { label: n, picked: k !== undefined && k <= MAX_PRESELECTED_LEVELS, ...(k !== undefined && k > MAX_PRESELECTED_LEVELS ? { description: `${k} values: bin it first for a readable audit` } : {}) };
    }),
    { canPickMany: true, placeHolder: 'Sensitive attribute(s) — likely ones are pre-selected' },
  );
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
