import type { FeatureMatrix, LinkKind, Model } from '../models/types';
import type { ExplainReport, ExplainRow } from './explainer';
import { contributionUnit, explainSentence } from './sentence';

export interface ExplainedRow extends ExplainRow {
  /** The row's feature values as the model saw them (float32), null when missing. */
  values: (number | null)[];
  /** For features read as categories (model.inputs), the category each value stands for; absent when none are. */
  labels?: (string | null)[];
  /** Plain-language summary (sentence.ts). */
  sentence: string;
}

/** What `model-lens explain` writes: the explainer's report, each row with its values and sentence. */
export interface ExplainDocument extends Omit<ExplainReport, 'rows'> {
  link: LinkKind;
  /** Units of contributions and baseValue ('log-odds', 'logit', 'log units' or '' for the value itself). */
  unit: string;
  rows: ExplainedRow[];
}

/** The category a feature value stands for ('(unknown category)' for -1), or null for plain numbers. */
export function categoryLabel(model: Pick<Model, 'inputs'>, j: number, v: number): string | null {
  const enc = model.inputs?.[j]?.categories;
  if (!enc) return null;
  const c = enc.values[v];
  if (c === undefined) return '(unknown category)';
  return typeof c === 'number' ? (Number.isNaN(c) ? '(missing)' : String(c)) : c.startsWith('\u0000') ? 'None' : c;
}

/** Adds feature values and a sentence to every row of `report`; X holds the explained rows in order. */
export function explainDocument(report: ExplainReport, model: Pick<Model, 'link' | 'outputKind' | 'numFeatures'> & Partial<Pick<Model, 'inputs' | 'fileInfo'>>, X: FeatureMatrix): ExplainDocument {
  const F = model.numFeatures;
  const encoded = model.inputs?.some((i) => i?.categories) ?? false;
  const classes = model.fileInfo?.classes;
  // LIME explains the output itself (e.g. a probability), not the margin: no link units then.
  const link: LinkKind = report.output === 'margin' ? model.link : 'identity';
  const rows = report.rows.map((row, r): ExplainedRow => {
    const values = X.subarray(r * F, (r + 1) * F);
    const labels = encoded ? Array.from(values, (v, j) => categoryLabel(model, j, v)) : undefined;
    return {
      ...row,
      values: Array.from(values, (v) => (Number.isNaN(v) ? null : v)),
      ...(labels ? { labels } : {}),
      sentence: explainSentence({ prediction: row.prediction, contributions: row.contributions, features: report.features, values, link, outputKind: model.outputKind, ...(labels ? { labels } : {}), ...(classes ? { classes } : {}) }),
    };
  });
  return { ...report, link: model.link, unit: contributionUnit(link), rows };
}

export interface WaterfallStep {
  label: string;
  contribution: number;
  /** Running margin before and after this step. */
  from: number;
  to: number;
}

/**
 * Waterfall of one row (for multiclass, of `classIndex`): start at the base value, add contributions in
 * decreasing |φ| order (the `maxSteps − 1` largest, the rest summed as "other N features"), end at the
 * row's margin = base + Σφ.
 */
export function waterfall(doc: ExplainDocument, rowIndex: number, classIndex = 0, maxSteps = 10): { base: number; steps: WaterfallStep[]; end: number } {
  const row = doc.rows[rowIndex]!;
  const phi = (Array.isArray(row.contributions[0]) ? (row.contributions as number[][])[classIndex]! : (row.contributions as number[]));
  // LIME rows carry their own surrogate intercept; Shapley rows share the report's base value.
  const own = row.intercept;
  const base = own !== undefined ? (Array.isArray(own) ? own[classIndex]! : own) : Array.isArray(doc.baseValue) ? doc.baseValue[classIndex]! : doc.baseValue;
  const order = phi.map((_, j) => j).sort((a, b) => Math.abs(phi[b]!) - Math.abs(phi[a]!));
  const shown = order.length > maxSteps ? order.slice(0, maxSteps - 1) : order;
  const rest = order.slice(shown.length);
  const steps: WaterfallStep[] = [];
  let at = base;
  const push = (label: string, c: number): void => {
    steps.push({ label, contribution: c, from: at, to: at + c });
    at += c;
  };
  for (const j of shown) {
    const v = row.values[j];
    const label = row.labels?.[j];
    push(`${doc.features[j]} = ${label ?? (v === null || v === undefined ? 'missing' : String(Number(v.toPrecision(6))))}`, phi[j]!);
  }
  if (rest.length > 0) push(`other ${rest.length} features`, rest.reduce((s, j) => s + phi[j]!, 0));
  return { base, steps, end: at };
}
