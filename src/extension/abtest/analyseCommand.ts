import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { AbtestReport } from '../../core/abtest/types';
import type { Dataset } from '../../core/data/dataset';
import { loadDataset } from '../../core/data/loadDataset';
import { quoteIdent } from '../../core/data/sql';
import type { AbtestChoices } from '../../shared/abtestProtocol';
import { isDatasetUri, pickDataset } from '../commands/profileDataset';
import { getEngine } from '../engineHost';
import { AbtestPanel } from './abtestPanel';

const VARIANT = /(variant|arm|bucket|treatment|experiment|group|cohort)/i;
const METRIC = /(convert|conversion|click|purchase|revenue|order|signup|retain|success)/i;
const GUARDRAIL = /(latency|_ms$|error|crash|refund|timeout|complaint|cost)/i;
/** Guardrails that harm by falling (retention, engagement), pre-picked as such. */
const FALLING_GUARDRAIL = /(retention|retain|engagement|session|active|satisfaction|nps|rating)/i;
const TIME = /(^ts$|time|date|_at$)/i;
const SEGMENT = /(platform|country|device|region|browser|os$|market|segment|channel)/i;
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL.*|BOOLEAN)$/i;
let lastShown: AbtestReport | undefined;

/** For tests: the last analysis shown. */
export function lastAbtestReport(): AbtestReport | undefined {
  return lastShown;
}

/**
 * "Analyse A/B Test": quick picks for the variant column, the control value, the metrics (binary or continuous is
 * detected), the guardrails, the expected split, an optional timestamp and segments. Answers are remembered per file.
 */
export async function analyseAbtestCommand(ext: vscode.Uri, context: vscode.ExtensionContext, uri?: vscode.Uri, preset?: AbtestChoices): Promise<void> {
  const target = isDatasetUri(uri) ? uri : await pickDataset('Choose an experiment results file (one row per unit)');
  if (!target) return;
  const key = `modelLens.abtest:${target.toString()}`;
  const remembered = context.workspaceState.get<AbtestChoices>(key);
  const choices = preset ?? (await reuse(remembered)) ?? (await askAbout(target));
  if (!choices) return;
  await context.workspaceState.update(key, choices);
  lastShown = await AbtestPanel.show(ext, target, choices);
  const d = lastShown.decision;
  void vscode.window.showInformationMessage(`Model Lens: A/B test of ${basename(target.fsPath)}: ${d.headline}.`);
}

async function reuse(c: AbtestChoices | undefined): Promise<AbtestChoices | undefined> {
  if (!c) return undefined;
  const summary = `${c.variant} (control ${c.control}) · ${c.metrics.join(', ')}${c.guardrails?.length ? ` · guardrails ${c.guardrails.map((g) => g.metric).join(', ')}` : ''}`;
  const pick = await vscode.window.showQuickPick([{ label: 'Run with the last choices', description: summary, again: true }, { label: 'Choose again…', again: false }], { placeHolder: 'A/B test' });
  return pick?.again ? c : undefined;
}

async function askAbout(target: vscode.Uri): Promise<AbtestChoices | undefined> {
  const engine = await getEngine();
  const ds = await loadDataset(engine, target.fsPath);
  try {
    return await ask(ds, (sql) => engine.run(sql));
  } finally {
    await ds.release();
  }
}

const likelyFirst = (names: string[], re: RegExp) => [...names.filter((n) => re.test(n)), ...names.filter((n) => !re.test(n))];

async function ask(ds: Dataset, run: (sql: string) => Promise<Record<string, unknown>[]>): Promise<AbtestChoices | undefined> {
  const names = ds.columns.map((c) => c.name);
  const variant = await vscode.window.showQuickPick(likelyFirst(names, VARIANT), { placeHolder: 'Variant column (the arm of each unit)' });
  if (!variant) return undefined;
  const values = (await run(`SELECT ${quoteIdent(variant)}::VARCHAR AS v, count(*) AS n FROM ${ds.relation} WHERE ${quoteIdent(variant)} IS NOT NULL GROUP BY 1 ORDER BY 1 LIMIT 21`)).map((r) => ({ label: String(r['v']), description: `${Number(r['n'])} units` }));
  const control = await vscode.window.showQuickPick([...values.filter((v) => /control|baseline|^a$|old/i.test(v.label)), ...values.filter((v) => !/control|baseline|^a$|old/i.test(v.label))], { placeHolder: 'Control value' });
  if (!control) return undefined;
  const numeric = ds.columns.filter((c) => c.name !== variant && NUMERIC.test(c.type)).map((c) => c.name);
  const kinds = numeric.length ? (await run(`SELECT ${numeric.map((n, i) => `bool_and(${quoteIdent(n)}::DOUBLE IN (0, 1)) AS "b${i}"`).join(', ')} FROM ${ds.relation}`))[0] ?? {} : {};
  const kind = (n: string) => (kinds[`b${numeric.indexOf(n)}`] === true ? 'binary' : 'continuous');
  const metrics = await vscode.window.showQuickPick(likelyFirst(numeric, METRIC).filter((n) => !GUARDRAIL.test(n)).concat(numeric.filter((n) => GUARDRAIL.test(n))).map((n) => ({ label: n, description: kind(n), picked: METRIC.test(n) })), { canPickMany: true, placeHolder: 'Metrics (the first is the primary one the decision uses)' });
  if (!metrics?.length) return undefined;
  const rest = numeric.filter((n) => !metrics.some((m) => m.label === n));
  const guardrails = await askGuardrails(rest, kind);
  if (guardrails === undefined) return undefined;
  const split = await vscode.window.showInputBox({
    prompt: `Expected split, control first: ${[control.label, ...values.map((v) => v.label).filter((v) => v !== control.label)].join(' / ')}`,
    value: values.map(() => String(Math.round(1000 / values.length) / 10)).join('/'),
    validateInput: (s) => (parseShares(s, values.length) ? undefined : `${values.length} positive numbers separated by '/', e.g. ${values.map(() => '1').join('/')}`),
  });
  if (split === undefined) return undefined;
  const NONE = '(none)';
  const time = await vscode.window.showQuickPick([...likelyFirst(names.filter((n) => n !== variant && !numeric.includes(n)), TIME), NONE], { placeHolder: 'Timestamp column for the sequential (always-valid) chart, or none' });
  if (time === undefined) return undefined;
  const categorical = names.filter((n) => n !== variant && n !== time && !numeric.includes(n));
  const levels = categorical.length ? (await run(`SELECT ${categorical.map((n, i) => `approx_count_distinct(${quoteIdent(n)}) AS "d${i}"`).join(', ')} FROM ${ds.relation}`))[0] ?? {} : {};
  const segmentable = categorical.filter((_, i) => Number(levels[`d${i}`] ?? 0) <= 50 && Number(levels[`d${i}`] ?? 0) >= 2);
  const segments = segmentable.length ? await vscode.window.showQuickPick(segmentable.map((n) => ({ label: n, picked: SEGMENT.test(n) })), { canPickMany: true, placeHolder: 'Segments to break the primary metric down by, or none' }) : [];
  if (segments === undefined) return undefined;
  const choices: AbtestChoices = { variant, control: control.label, metrics: metrics.map((m) => m.label), guardrails, segments: segments.map((s) => s.label) };
  const shares = parseShares(split, values.length);
  if (shares && new Set(shares).size > 1) choices.expectedSplit = shares;
  if (time !== NONE) choices.timeColumn = time;
  return choices;
}

/**
 * Guardrails with their harmful direction, from one multi-select that offers each remaining column twice
 * ("harmful if it rises" / "if it falls"), pre-picking latency/error/cost-like names as rising and
 * retention/engagement-like names as falling. Picking both directions of one column asks again.
 */
async function askGuardrails(columns: string[], kind: (n: string) => string): Promise<AbtestChoices['guardrails'] | undefined> {
  if (!columns.length) return [];
  const items = columns.flatMap((n) => (['increase', 'decrease'] as const).map((harm) => ({
    label: n,
    description: `${kind(n)} · harmful if it ${harm === 'increase' ? 'rises' : 'falls'}`,
    harm,
    picked: harm === 'increase' ? GUARDRAIL.test(n) : FALLING_GUARDRAIL.test(n) && !GUARDRAIL.test(n),
  })));
  for (;;) {
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: 'Guardrail metrics and the direction that harms (breached when significantly worse), or none' });
    if (picked === undefined) return undefined;
    const both = picked.filter((p) => p.harm === 'increase' && picked.some((q) => q.label === p.label && q.harm === 'decrease'));
    if (!both.length) return picked.map((p) => ({ metric: p.label, harm: p.harm }));
    items.forEach((i) => { i.picked = picked.includes(i); });
    await vscode.window.showWarningMessage(`Model Lens: pick one harmful direction for ${both.map((b) => b.label).join(', ')}: a guardrail is breached when it moves the harmful way.`);
  }
}

function parseShares(s: string, k: number): number[] | undefined {
  const parts = s.split(/[/,:]/).map((x) => Number(x.trim()));
  return parts.length === k && parts.every((x) => x > 0 && Number.isFinite(x)) ? parts : undefined;
}
