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
import { InputError, isInputError } from '../../core/errors';
import { own } from '../../core/dict';
import { biasVerdict } from '../../core/verdict/bias';
import { STATUS_LABEL } from '../../core/verdict/types';

/** What the quick picks ask; remembered per file and optionally saved in the workspace settings. */
export type BiasChoices = BiasAuditChoices;

const SENSITIVE = /(^|[_ -])(gender|sex|race|ethnicity|ethnic|age|age_band|age_group|religion|disability|marital_status|nationality|citizenship|country|language)([_ -]|$)/i;
const LABEL = /(^y$|label|target|actual|outcome|approved|hired|default|churn|class)/i;
const PREDICTION = /(pred|prediction|predicted|yhat|y_hat|output|decision)/i;
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
    try {
      lastShown = await BiasPanel.show(ext, target, choices);
    } catch (e) {
      // A choice that failed is not remembered (it was offered first next time), and the message speaks of
      // what the quick picks offer, not of CLI tasks.
      if (isInputError(e) && (e.code === 'PREDICTION_NOT_BINARY' || e.code === 'LABEL_NOT_BINARY')) {
        const role = e.code === 'LABEL_NOT_BINARY' ? 'label' : 'prediction';
        throw new InputError(e.code, `The ${role} column '${String(e.details['column'])}' has more than two values (${(e.details['values'] as string[] | undefined)?.slice(0, 3).join(', ') ?? ''}, …), but the audit needs a yes/no ${role} (e.g. 0/1). Run the audit again and choose a yes/no column${role === 'prediction' ? ', or "Use a score column and a threshold…" for probabilities' : ''}. (Multiclass and regression audits: \`model-lens bias --task\`.)`, e.details);
      }
      throw e;
    }
    await context.workspaceState.update(key, choices);
    const v = biasVerdict(lastShown); // the panel's verdict, word for word
    void vscode.window.showInformationMessage(`Model Lens: bias audit of ${basename(target.fsPath)}: ${STATUS_LABEL[v.status]}. ${v.headline}`, 'Save Choices to Workspace Settings').then(async (a) => {
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
  // Yes/no columns first (the audit needs a binary label and prediction); identifiers and free text last.
  const counts = rest.length ? (await run(`SELECT ${rest.map((n, i) => `approx_count_distinct(${quoteIdent(n)}) AS "d${i}"`).join(', ')} FROM ${ds.relation}`))[0] ?? {} : {};
  const card = new Map(rest.map((n, i) => [n, Number(counts[`d${i}`] ?? 0)]));
  const binary = (n: string) => (card.get(n) ?? 0) <= 2;
  const describe = (n: string) => ({ label: n, description: binary(n) ? 'yes/no' : `${card.get(n)} values: not a yes/no column` });
  const rank = (pattern: RegExp) => (n: string) => (binary(n) ? 0 : 2) + (pattern.test(n) ? 0 : 1);
  const byRank = (names2: string[], r: (n: string) => number) => names2.map((n, i) => ({ n, i, r: r(n) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.n);
  const labelPick = await vscode.window.showQuickPick(byRank(rest, rank(LABEL)).map(describe), { placeHolder: 'True-label column (yes/no columns first)' });
  if (!labelPick) return undefined;
  const label = labelPick.label;
  const SCORE = '$(symbol-number) Use a score column and a threshold…';
  const candidates = byRank(rest.filter((n) => n !== label), rank(PREDICTION));
  const firstNonBinary = candidates.findIndex((n) => !binary(n));
  const items: vscode.QuickPickItem[] = candidates.map(describe);
  items.splice(firstNonBinary < 0 ? items.length : firstNonBinary, 0, { label: SCORE, description: 'for probabilities' });
  const predictionPick = await vscode.window.showQuickPick(items, { placeHolder: 'Prediction column (yes/no columns first)' });
  if (!predictionPick) return undefined;
  const prediction = predictionPick.label;
  const choices: BiasChoices = { sensitive: sensitive.map((s) => s.label), label };
  if (prediction === SCORE) {
    const score = await vscode.window.showQuickPick(byRank(rest.filter((n) => n !== label && !binary(n)), (n) => (/score|prob|proba|likelihood/i.test(n) ? 0 : 1)), { placeHolder: 'Score column (probabilities in [0, 1])' });
    const t = score && (await vscode.window.showInputBox({ prompt: 'Threshold: score ≥ threshold means the favourable outcome', value: '0.5', validateInput: (v) => (Number(v) >= 0 && Number(v) <= 1 ? undefined : 'a number from 0 to 1') }));
    if (!score || !t) return undefined;
    Object.assign(choices, { score, threshold: Number(t) });
  } else choices.prediction = prediction;
  const values = (await run(`SELECT DISTINCT ${quoteIdent(label)}::VARCHAR AS v FROM ${ds.relation} WHERE ${quoteIdent(label)} IS NOT NULL ORDER BY 1 LIMIT 20`)).map((r) => String(r['v']));
  const favorable = await vscode.window.showQuickPick(values.sort((a, b) => Number(/^(1|true|yes|y)$/i.test(b)) - Number(/^(1|true|yes|y)$/i.test(a))), { placeHolder: 'Favourable outcome value' });
  if (!favorable) return undefined;
  choices.favorable = favorable;
  // Privileged groups of every chosen attribute (at most one per attribute).
  const options: { label: string; attribute: string; value: string }[] = [];
  for (const attr of choices.sensitive) {
    const groups = (await run(`SELECT DISTINCT ${quoteIdent(attr)}::VARCHAR AS v FROM ${ds.relation} WHERE ${quoteIdent(attr)} IS NOT NULL ORDER BY 1 LIMIT 50`)).map((r) => String(r['v']));
    for (const g of groups) options.push({ label: `${attr} = ${g}`, attribute: attr, value: g });
  }
  const privileged = await vscode.window.showQuickPick(options, {
    canPickMany: true,
    placeHolder: 'Privileged group per attribute (optional; none picked = compare with the group with the highest selection rate)',
  });
  if (privileged === undefined) return undefined;
  const chosen = new Map<string, string>();
  for (const p of privileged) if (!chosen.has(p.attribute)) chosen.set(p.attribute, p.value);
  if (chosen.size) choices.privileged = Object.fromEntries(chosen);
  return choices;
}
