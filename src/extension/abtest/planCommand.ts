import * as vscode from 'vscode';
import { planToMarkdown } from '../../core/abtest/abtestMarkdown';
import { planRollout, type PlanInput, type RolloutPlan } from '../../core/abtest/plan';

let lastPlan: RolloutPlan | undefined;

/** For tests: the last plan shown. */
export function lastRolloutPlan(): RolloutPlan | undefined {
  return lastPlan;
}

const positive = (s: string) => (Number(s) > 0 && Number.isFinite(Number(s)) ? undefined : 'a positive number');

/**
 * "Plan Rollout": input boxes for the baseline (a rate, or a mean and its standard deviation), the MDE ("5%" is
 * relative, "0.005" absolute), α, power and daily traffic; the plan opens as a Markdown document beside the editor.
 */
export async function planRolloutCommand(preset?: PlanInput): Promise<void> {
  const input = preset ?? (await ask());
  if (!input) return;
  lastPlan = planRollout(input);
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: planToMarkdown(lastPlan) });
  await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside);
}

async function ask(): Promise<PlanInput | undefined> {
  const kind = await vscode.window.showQuickPick([{ label: 'A rate', description: 'e.g. conversion, click-through', rate: true }, { label: 'A mean', description: 'e.g. revenue per user, session length', rate: false }], { placeHolder: 'Primary metric' });
  if (!kind) return undefined;
  const baseline = await vscode.window.showInputBox({ prompt: kind.rate ? 'Baseline rate, e.g. 0.10 for 10%' : 'Baseline mean', value: kind.rate ? '0.10' : '', validateInput: kind.rate ? (s) => (Number(s) > 0 && Number(s) < 1 ? undefined : 'a rate between 0 and 1') : (s) => (s.trim() !== '' && Number.isFinite(Number(s)) ? undefined : 'a number') });
  if (baseline === undefined) return undefined;
  const sd = kind.rate ? undefined : await vscode.window.showInputBox({ prompt: 'Standard deviation of the metric per unit', validateInput: positive });
  if (!kind.rate && sd === undefined) return undefined;
  const mde = await vscode.window.showInputBox({ prompt: 'Minimum detectable effect: "5%" relative to the baseline, or an absolute change such as 0.005', value: '5%', validateInput: (s) => (Number(s.replace(/%$/, '')) !== 0 && Number.isFinite(Number(s.replace(/%$/, ''))) ? undefined : 'a non-zero number, optionally ending in %') });
  if (mde === undefined) return undefined;
  const alpha = await vscode.window.showInputBox({ prompt: 'Significance level α', value: '0.05', validateInput: (s) => (Number(s) > 0 && Number(s) < 0.5 ? undefined : 'a number in (0, 0.5)') });
  if (alpha === undefined) return undefined;
  const power = await vscode.window.showInputBox({ prompt: 'Power', value: '0.8', validateInput: (s) => (Number(s) > 0.5 && Number(s) < 1 ? undefined : 'a number in (0.5, 1)') });
  if (power === undefined) return undefined;
  const traffic = await vscode.window.showInputBox({ prompt: 'Units entering the experiment per day (optional: gives days per stage)', validateInput: (s) => (s.trim() === '' ? undefined : positive(s)) });
  if (traffic === undefined) return undefined;
  const relative = mde.trim().endsWith('%');
  const input: PlanInput = { baseline: Number(baseline), mde: relative ? Number(mde.trim().slice(0, -1)) / 100 : Number(mde), relative, alpha: Number(alpha), power: Number(power) };
  if (sd !== undefined) input.sd = Number(sd);
  if (traffic.trim() !== '') input.dailyTraffic = Number(traffic);
  return input;
}
